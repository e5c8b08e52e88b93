import { describe, expect, it } from 'vitest';
import { DICOM_DIR, reference } from '../data';
import { cli } from './run';

const ref = reference('dicom_dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM.json');

describe('CLI on the real DICOM series (in-process)', () => {
  it('info --json matches the independently computed reference', async () => {
    const r = await cli('info', DICOM_DIR, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.format).toBe('dicom');
    expect(info.shape).toEqual(ref.hu_volume_shape_zyx);
    expect(info.spacing).toEqual([ref.pixel_spacing_row_col_mm[1], ref.pixel_spacing_row_col_mm[0], ref.slice_gaps_along_normal_mm_unique[0]]);
    expect(info.dtype).toBe('int16');
    expect([info.min, info.max]).toEqual([ref.hu.min, ref.hu.max]);
    expect(info.mean).toBeCloseTo(ref.hu.mean, 3);
    expect(info.sha256).toBe(ref.hu_volume_sha256_int16_le_sorted_by_position_rows_as_stored);
    expect(info.modality).toBe('CT');
    expect(info.window).toEqual({ level: 40, width: 80 });
    expect(info.series).toHaveLength(1);
    expect(info.series[0].count).toBe(ref.n_image_files);
  });

  it('prepare runs the open pipeline and reports the grid, format, bytes and timings', async () => {
    const full = await cli('prepare', DICOM_DIR, '--json');
    expect(full.code).toBe(0);
    const p = JSON.parse(full.stdout);
    expect(p.grid).toEqual({ shape: [28, 512, 512], spacing: [0.451171875, 0.451171875, 5], format: 'i16', bytes: 28 * 512 * 512 * 2 }); // int16 kept on its grid: the voxels as read
    for (const stage of ['read', 'histogram', 'resample', 'quantize', 'total']) expect(typeof p.timingsMs[stage]).toBe('number');
    expect(p.timingsMs.read).toBeGreaterThan(0);

    const small = await cli('prepare', DICOM_DIR, '--json', '--grid', '64', '--format', 'u8');
    const s = JSON.parse(small.stdout);
    expect(s.grid.shape).toEqual([28, 64, 64]);
    expect(s.grid.spacing).toEqual([512 * 0.451171875 / 64, 512 * 0.451171875 / 64, 5]);
    expect(s.grid.bytes).toBe(28 * 64 * 64);
    expect(s.mapping).toEqual({ huMin: -1024, huMax: 782 });
    expect(s.timingsMs.resample).toBeGreaterThan(0);

    const human = await cli('prepare', DICOM_DIR, '--grid', '64');
    expect(human.stdout).toMatch(/^grid: +28 × 64 × 64 \[z,y,x\]/m);
    expect(human.stdout).toMatch(/^total: +\d+\.\d ms$/m);
    expect(human.stdout).toMatch(/^format: +f16 \(auto\), 2 bytes\/voxel$/m); // resampled: the GPU gets half floats

    // --format f16 at full grid keeps the CPU half floats; an i16 that needs resampling is a usage error
    const f16 = JSON.parse((await cli('prepare', DICOM_DIR, '--json', '--format', 'f16')).stdout);
    expect(f16.grid.format).toBe('f16');
    expect(f16.histogramInQuantize).toBe(true);
    const bad = await cli('prepare', DICOM_DIR, '--grid', '64', '--format', 'i16');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/i16 needs int16 voxels kept on their own grid/);
  });
});
