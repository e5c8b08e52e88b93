/** The "Scan" section's facts, on volumes prepared from the real files (reference JSONs and CLI facts). */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openScan } from '../../../src/main/scan/open';
import { prepareVolume } from '../../../src/main/prepare';
import { WorkerPool } from '../../../src/main/workers/pool';
import type { GpuFormat, PreparedVolume } from '../../../src/shared/prepared';
import { scanFacts } from '../../../src/renderer/viewer/scan-facts';
import { describeVoxel } from '../../../src/renderer/viewer/slice-readout';
import { sliceLayout, withoutDirections } from '../../../src/renderer/viewer/slice-layout';
import { cropAxisLabels } from '../../../src/renderer/panels/crop-panel';
import { bytesOf, niftiBytes } from '../nifti/nifti-writer';
import { DICOM_DIR, INV3_GZ, NIFTI, reference } from '../data';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

const prepared = async (path: string, format: GpuFormat, maxGrid?: number): Promise<PreparedVolume> =>
  prepareVolume(await openScan(path, { pool }), { pool, format, ...(maxGrid ? { maxGrid } : {}) });
const factsOf = (v: Parameters<typeof scanFacts>[0]) => Object.fromEntries(scanFacts(v).map((f) => [f.label, f.value]));

describe('scanFacts', () => {
  it('an InVesalius CT on its own grid: grid, spacing, field of view and HU range as the file states them', async () => {
    const ref = reference('inv3_philips-std-brain-5mm_bone-skin-surfaces-measures_gz.json');
    const [sx, sy, sz] = ref.main_plist.spacing as number[];
    const [nz, ny, nx] = ref.main_plist.matrix.shape as number[];
    const facts = factsOf(await prepared(INV3_GZ, 'i16'));
    expect(facts.Source).toBe('InVesalius project · CT');
    expect(facts.Voxels).toBe(`${nx} × ${ny} × ${nz}`);
    expect(facts.Spacing).toBe(`${+sx.toFixed(3)} × ${+sy.toFixed(3)} × ${+sz.toFixed(3)} mm`);
    expect(facts['Field of view']).toBe(`${+(nx * sx).toFixed(1)} × ${+(ny * sy).toFixed(1)} × ${+(nz * sz).toFixed(1)} mm`);
    expect(facts.Rendered).toBe('the source grid; int16, as stored');
    expect(facts.HU).toBe(`${ref.matrix.min} … ${ref.matrix.max} HU, mean ${+ref.matrix.mean.toFixed(1)} HU`);
    expect(facts.Patient).toBe(ref.main_plist.name); // InVesalius names a DICOM-made project after the patient
  });

  it('a DICOM series: columns run R → L and rows A → P (ImageOrientationPatient 1,0,0,0,1,0); a resampled grid says so', async () => {
    const full = await prepared(DICOM_DIR, 'f16');
    expect(factsOf(full).Axes).toMatch(/^x R → L · y A → P · z (I → S|S → I)$/);
    expect(factsOf(full).Source).toBe('DICOM · CT');
    expect(factsOf(full).Geometry).toBeUndefined(); // an even, untilted axial series: nothing to say
    const small = factsOf(await prepared(DICOM_DIR, 'f16', 128));
    expect(small.Voxels).toBe(factsOf(full).Voxels); // the source grid, not the render grid
    expect(small.Rendered).toMatch(/^128 × 128 × \d+ at [\d.]+ × [\d.]+ × [\d.]+ mm \(resampled\); half floats/);
  });

  it('a NIfTI without HU or modality says so, and a kept identity is shown', async () => {
    const v = await prepared(NIFTI, 'f16');
    const facts = factsOf(v);
    expect(facts.Source).toBe('NIfTI · modality not stated');
    expect(facts.Geometry).toMatch(/^oblique sform: voxel axes are rotated/); // reference: sform_code set, rotated affine
    // nibabel's axcodes name the direction each axis points to (RAS letters)
    const from: Record<string, string> = { R: 'L', L: 'R', A: 'P', P: 'A', S: 'I', I: 'S' };
    const axcodes = reference('nifti_CT_pitch.json').axcodes as string[];
    expect(facts.Axes).toBe(axcodes.map((to, i) => `${'xyz'[i]} ${from[to]} → ${to}`).join(' · '));
    expect(facts.HU).toBeUndefined();
    expect(facts['Values (not HU)']).toMatch(/^0 … 255, mean 38$/);
    const withIdentity = factsOf({ ...v, meta: { ...v.meta, identity: { patientName: 'Doe^Jane', patientId: '0042' } } });
    expect(withIdentity.Patient).toBe('Doe^Jane, ID 0042');
  });

  it('a NIfTI that states no orientation (no sform, no qform) shows no patient direction anywhere', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hf-facts-'));
    try {
      const file = path.join(dir, 'no-orientation.nii');
      const voxels = bytesOf(Array.from({ length: 24 }, (_, i) => i * 100 - 1024), 'int16');
      writeFileSync(file, niftiBytes({ dims: [4, 3, 2], datatype: 4, bitpix: 16, pixdim: [0.5, 0.6, 2], voxels }));
      const v = await prepared(file, 'f16');
      expect(v.meta.orientationUnknown).toBe(true); // carried from the reader through prepare
      expect(factsOf(v).Axes).toBe('no patient orientation in the file (directions shown as ?)');
      expect(factsOf(v).Geometry).toMatch(/orientation unknown/);
      const readout = describeVoxel([1, 2, 1], v, 0, 0);
      expect(readout).toContain('orientation unknown');
      expect(readout).not.toMatch(/[RLAPSI] \d/);
      const layout = withoutDirections(sliceLayout('axial', v.voxelToPatient, v.shape, v.spacing));
      expect(Object.values(layout.edges)).toEqual(['?', '?', '?', '?']);
      expect(cropAxisLabels(v.voxelToPatient, false)).toEqual(['x (columns)', 'y (rows)', 'z (slices)']);
      // the same grid with a stated orientation reads as patient directions
      expect(describeVoxel([1, 2, 1], { ...v, meta: { ...v.meta, orientationUnknown: undefined } }, 0, 0)).toMatch(/[RL] [\d.]+ [AP] [\d.]+ [SI] [\d.]+ mm/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
