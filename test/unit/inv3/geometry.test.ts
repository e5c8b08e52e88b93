/**
 * Geometry of a NIfTI-derived project: the inv3 stores only the inverse of the unscaled
 * canonical affine and a shuffled matrix. Checked against the ORIGINAL NIfTI file (voxels)
 * and its affine from the reference JSON (computed with nibabel).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readInv3 } from '../../../src/main/scan/inv3';
import { dicomVoxelToPatient, niftiVoxelToPatient } from '../../../src/main/scan/inv3/geometry';
import { INV3_PLAIN, NIFTI, reference } from '../data';

const refNifti = reference('nifti_CT_pitch.json');

function readNiftiU8(): { dims: number[]; data: Uint8Array } {
  const bytes = gunzipSync(readFileSync(NIFTI));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(dv.getInt32(0, true)).toBe(348);
  expect(dv.getInt16(70, true)).toBe(2); // DT_UNSIGNED_CHAR
  const dims = [1, 2, 3].map((d) => dv.getInt16(40 + 2 * d, true));
  const offset = dv.getFloat32(108, true);
  return { dims, data: bytes.subarray(offset, offset + dims[0] * dims[1] * dims[2]) };
}

const apply = (m: number[], p: number[]) => [0, 1, 2].map((r) => m[4 * r] * p[0] + m[4 * r + 1] * p[1] + m[4 * r + 2] * p[2] + m[4 * r + 3]);

describe('NIfTI-derived project geometry (CT_pitch, oblique, orientation 2)', () => {
  it('matrix[k, j, i] is the original NIfTI voxel (i, ny-1-j, k) — the layout the geometry relies on', async () => {
    const v = await readInv3(INV3_PLAIN);
    const nifti = readNiftiU8();
    const [nx, ny, nz] = nifti.dims;
    expect(v.shape).toEqual([nz, ny, nx]);
    let mismatches = 0;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          if (v.data[(k * ny + j) * nx + i] !== nifti.data[i + nx * (ny - 1 - j + ny * k)]) mismatches++;
        }
    expect(mismatches).toBe(0);
  });

  it('maps every inv3 voxel to the same patient point as the corresponding NIfTI voxel (< 0.5 mm)', async () => {
    const v = await readInv3(INV3_PLAIN);
    const ras: number[][] = refNifti.affine;
    const niftiAffine = ras.flat();
    const [nz, ny, nx] = v.shape;
    let worst = 0;
    for (const k of [0, 7, nz - 1])
      for (const j of [0, 100, ny - 1])
        for (const i of [0, 50, nx - 1]) {
          const lps = apply(v.voxelToPatient, [i, j, k]);
          const r = apply(niftiAffine, [i, ny - 1 - j, k]);
          const want = [-r[0], -r[1], r[2]]; // RAS → LPS
          worst = Math.max(worst, Math.hypot(lps[0] - want[0], lps[1] - want[1], lps[2] - want[2]));
        }
    expect(worst).toBeLessThan(0.5);
    // The affine is exact up to the float32 precision nibabel stored, far below the tolerance.
    expect(worst).toBeLessThan(1e-3);
    // Column norms are the spacing (no shear, rotation only).
    const m = v.voxelToPatient;
    for (let c = 0; c < 3; c++) expect(Math.hypot(m[c], m[4 + c], m[8 + c])).toBeCloseTo(v.spacing[c], 5);
  });

  it('keeps a shear and warns about it; refuses a singular affine', () => {
    const warnings: string[] = [];
    // Canonical affine with shear: R = I, zooms 2, S: x gets 0.1 of y.
    const stored = [
      [1, -0.1, 0, 5],
      [0, 1, 0, 6],
      [0, 0, 1, 7],
      [0, 0, 0, 1],
    ]; // inverse of [[1, 0.1, 0, a], [0, 1, 0, b], …] with a translation folded in
    const m = niftiVoxelToPatient(stored, [2, 2, 2], [3, 4, 5], warnings);
    expect(warnings.join()).toMatch(/shear/);
    // canonical affine = inv(stored) with zooms: column 1 = (0.2, 2, 0) in RAS
    const col1 = [m[1], m[5], m[9]]; // matrix row axis is the canonical y negated, RAS→LPS flips x, y
    expect(col1[0]).toBeCloseTo(0.2, 9);
    expect(col1[1]).toBeCloseTo(2, 9);
    expect(() => niftiVoxelToPatient([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]], [1, 1, 1], [1, 1, 1], [])).toThrow(/not invertible/);
  });

  it('DICOM axial / coronal: column → L, row → A (rows flipped), slice → S; sagittal is flagged untested', () => {
    const w: string[] = [];
    expect(dicomVoxelToPatient(1, [0.5, 0.6, 2], w)).toEqual([0.5, 0, 0, 0, 0, -0.6, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(w).toEqual([]);
    expect(dicomVoxelToPatient(2, [0.5, 0.6, 2], w)).toEqual([0.5, 0, 0, 0, 0, -0.6, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(dicomVoxelToPatient(3, [0.5, 0.6, 2], w)[0]).toBe(-0.5);
    expect(w.join()).toMatch(/coronal.*untested.*sagittal.*untested/);
  });
});
