/**
 * The shared Philips CT series in all seven transfer syntaxes must give the reference HU
 * volume (shape, spacing, range, mean, sha256 of the int16 LE bytes). Each folder is decoded
 * once; the assertions share the result.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DICOM_DIR, DICOM_VARIANTS, reference } from '../data';
import { listDicomSeries, readDicom } from '../../../src/main/scan/dicom';
import { openScan } from '../../../src/main/scan/open';
import { WorkerPool } from '../../../src/main/workers/pool';
import type { Volume } from '../../../src/shared/volume';

const ref = reference('dicom_dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM.json');
const variants = reference('dicom_dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM_compressed-variants.json').variants as { folder: string; transfer_syntax_uid: string[] }[];

let pool: WorkerPool;
beforeAll(() => {
  pool = new WorkerPool(2);
});
afterAll(async () => {
  await pool.close();
});

function sha256(v: Volume): string {
  return createHash('sha256').update(new Uint8Array(v.data.buffer, v.data.byteOffset, v.data.byteLength)).digest('hex');
}

function mean(v: Volume): number {
  let s = 0;
  for (let i = 0; i < v.data.length; i++) s += v.data[i];
  return s / v.data.length;
}

const folders = [DICOM_DIR, ...DICOM_VARIANTS];

describe.each(folders)('reference series %s', (folder) => {
  let vol: Volume;
  const stages = new Set<string>();
  let lastFraction = 0;
  beforeAll(async () => {
    vol = await readDicom([folder], {
      pool,
      onProgress: (p) => {
        stages.add(p.stage);
        expect(p.fraction).toBeGreaterThanOrEqual(lastFraction);
        lastFraction = p.fraction;
      },
    });
  });

  it('decodes to the reference HU volume, byte for byte', () => {
    expect(vol.dtype).toBe('int16');
    expect(vol.data).toBeInstanceOf(Int16Array);
    expect(vol.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(vol.shape).toEqual(ref.hu_volume_shape_zyx);
    expect(vol.scalarRange).toEqual([ref.hu.min, ref.hu.max]);
    expect(mean(vol)).toBeCloseTo(ref.hu.mean, 3);
    expect(sha256(vol)).toBe(ref.hu_volume_sha256_int16_le_sorted_by_position_rows_as_stored);
  });

  it('has the reference geometry and labels', () => {
    const [rowSp, colSp] = ref.pixel_spacing_row_col_mm;
    expect(vol.spacing).toEqual([colSp, rowSp, ref.slice_gaps_along_normal_mm_unique[0]]);
    const m = vol.voxelToPatient;
    expect([m[3], m[7], m[11]]).toEqual(ref.ipp_first);
    expect([m[0], m[5], m[10]]).toEqual([colSp, rowSp, 5]);
    expect([m[1], m[2], m[4], m[6], m[8], m[9]]).toEqual([0, 0, 0, 0, 0, 0]);
    // last slice origin is the last IPP
    expect(m[11] + m[10] * (vol.shape[0] - 1)).toBeCloseTo(ref.ipp_last[2], 6);
    expect(vol.slicePositions).toBeUndefined();
    expect(vol.window).toEqual({ level: 40, width: 80 });
    expect(vol.meta.modality).toBe('CT');
    expect(vol.meta.isHU).toBe(true);
    expect(vol.meta.name).toBe('STD BRAIN 5MM');
    expect(vol.meta.series).toEqual([{ uid: vol.meta.extra!.seriesUid, description: 'STD BRAIN 5MM', count: 28 }]);
    expect(vol.meta.geometryNotes).toEqual([]);
    expect(stages).toEqual(new Set(['reading', 'decoding']));
    expect(lastFraction).toBe(1);
  });

  it('reports the transfer syntax the reference lists', () => {
    const v = variants.find((x) => folder.endsWith(x.folder));
    expect(vol.meta.extra!.transferSyntax).toBe(v ? v.transfer_syntax_uid[0] : ref.transfer_syntax);
  });
});

describe('what the user drops', () => {
  it('skips DIRFILE (no pixel data) quietly in the original folder', async () => {
    expect(readdirSync(DICOM_DIR)).toContain('DIRFILE');
    const series = await listDicomSeries([DICOM_DIR], { pool });
    expect(series).toHaveLength(1);
    expect(series[0].count).toBe(ref.n_image_files);
  });

  it('one file opens its folder\'s series; openScan dispatches files and folders here', async () => {
    const one = await openScan(path.join(DICOM_VARIANTS[1], 'I150'), { pool });
    expect(one.shape).toEqual(ref.hu_volume_shape_zyx);
    expect(sha256(one)).toBe(ref.hu_volume_sha256_int16_le_sorted_by_position_rows_as_stored);
    expect(one.meta.identity).toBeDefined();
    expect(JSON.stringify(one.meta.name)).not.toContain(one.meta.identity?.patientName || '\u0000');
  });

  it('all seven folders dropped together: duplicates of each instance are read once, same HU', async () => {
    const v = await readDicom([path.dirname(DICOM_DIR)], { pool });
    expect(v.shape).toEqual(ref.hu_volume_shape_zyx);
    expect(sha256(v)).toBe(ref.hu_volume_sha256_int16_le_sorted_by_position_rows_as_stored);
    expect(v.meta.warnings.join(' ')).toMatch(/168 duplicate instance/);
  });

  it('several files: only those are read, sorted by position', async () => {
    const files = ['I30', 'I10', 'I20'].map((f) => path.join(DICOM_DIR, f));
    const v = await openScan(files, { pool });
    expect(v.shape).toEqual([3, 512, 512]);
    const full = await readDicom([DICOM_DIR], { pool });
    // I10, I20, I30 are instances 1–3, the first three slices by position
    expect(Buffer.compare(Buffer.from(v.data.buffer), Buffer.from(full.data.buffer, 0, v.data.byteLength))).toBe(0);
    expect([v.voxelToPatient[3], v.voxelToPatient[7], v.voxelToPatient[11]]).toEqual(ref.ipp_first);
  });
});
