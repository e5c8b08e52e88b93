/**
 * The two real InVesalius-written projects in ../shared/data/inv3, checked against the
 * independently computed facts in ../shared/data/reference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readInv3 } from '../../../src/main/scan/inv3';
import { openScan } from '../../../src/main/scan/open';
import type { Volume } from '../../../src/shared/volume';
import { INV3_GZ, INV3_PLAIN, reference } from '../data';
import { gzip, sha256, tempDir } from './helpers';

const refGz = reference('inv3_philips-std-brain-5mm_bone-skin-surfaces-measures_gz.json');
const refPlain = reference('inv3_CT_pitch_cli-nogui.json');
const refDicom = reference('dicom_dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM.json');

function stats(v: Volume) {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const x of v.data) {
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  return { min, max, mean: sum / v.data.length };
}

function checkVolume(v: Volume, ref: any) {
  const main = ref.main_plist;
  expect(v.shape).toEqual(main.matrix.shape);
  expect(v.spacing).toEqual(main.spacing);
  expect(v.dtype).toBe('int16');
  expect(v.data).toBeInstanceOf(Int16Array);
  expect(v.data.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(sha256(v.data)).toBe(ref.matrix.sha256_as_stored);
  const s = stats(v);
  expect(s.min).toBe(ref.matrix.min);
  expect(s.max).toBe(ref.matrix.max);
  expect(s.mean).toBeCloseTo(ref.matrix.mean, 2);
  expect(v.window).toEqual({ level: main.window_level, width: main.window_width });
  expect(v.scalarRange).toEqual(main.scalar_range);
  expect(v.meta.modality).toBe(main.modality);
  expect(v.meta.sourceFormat).toBe('inv3');
  expect(v.meta.warnings).toEqual([]);
}

describe('the gzip project (DICOM-derived, masks, surfaces, measurements)', () => {
  let v: Volume;
  beforeAll(async () => {
    v = await readInv3(INV3_GZ);
  });

  it('reads the volume exactly as stored', () => {
    checkVolume(v, refGz);
    expect(v.meta.name).toBe('HEAD');
    expect(v.meta.isHU).toBe(true);
    expect(v.meta.sourcePath).toBe(INV3_GZ);
    expect(v.meta.extra?.container).toBe('gzip');
  });

  it('stores DICOM rows upside down: flipping them back gives the DICOM HU volume', () => {
    const [nz, ny, nx] = v.shape;
    const flipped = new Int16Array(v.data.length);
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        const src = (k * ny + (ny - 1 - j)) * nx;
        flipped.set(v.data.subarray(src, src + nx), (k * ny + j) * nx);
      }
    }
    expect(sha256(flipped)).toBe(refDicom.hu_volume_sha256_int16_le_sorted_by_position_rows_as_stored);
  });

  it('maps voxels to LPS like the DICOM series, up to the unknown origin', () => {
    // DICOM voxel (col, row, slice) → IPP_first + col·sx·X + row·sy·Y + slice·5·Z (IOP identity).
    const [sy, sx] = refDicom.pixel_spacing_row_col_mm;
    const ipp = refDicom.ipp_first;
    const ny = v.shape[1];
    const m = v.voxelToPatient;
    const apply = (i: number, j: number, k: number) => [0, 1, 2].map((r) => m[4 * r] * i + m[4 * r + 1] * j + m[4 * r + 2] * k + m[4 * r + 3]);
    const dicom = (c: number, r: number, n: number) => [ipp[0] + c * sx, ipp[1] + r * sy, ipp[2] + n * 5];
    const offsets = [
      [0, 0, 0],
      [511, 0, 0],
      [0, 511, 0],
      [0, 0, 27],
      [300, 17, 9],
    ].map(([i, j, k]) => {
      const a = apply(i, j, k);
      const d = dicom(i, ny - 1 - j, k);
      return a.map((x, n) => x - d[n]);
    });
    for (const o of offsets) for (let n = 0; n < 3; n++) expect(o[n]).toBeCloseTo(offsets[0][n], 6);
    expect(m.slice(12)).toEqual([0, 0, 0, 1]);
  });

  it('binarises both masks (inside = ≥ 253) with the reference voxel counts, equal to thresholding the matrix', () => {
    expect(v.masks.map((m) => m.name)).toEqual(['Mask 1', 'Skin']);
    expect(v.masks.map((m) => m.voxelsInside)).toEqual([390_666, 335_872]);
    for (const [n, mask] of v.masks.entries()) {
      const plist = refGz.masks[String(n)].plist;
      expect(mask.threshold).toEqual(plist.threshold_range);
      expect(mask.colour).toEqual(plist.colour);
      expect(mask.visible).toBe(plist.visible);
      expect(mask.data.length).toBe(v.data.length);
      const [lo, hi] = plist.threshold_range;
      let mismatches = 0;
      let ones = 0;
      for (let i = 0; i < v.data.length; i++) {
        const want = v.data[i] >= lo && v.data[i] <= hi ? 1 : 0;
        if (mask.data[i] !== want) mismatches++;
        ones += mask.data[i];
      }
      expect(mismatches).toBe(0);
      expect(ones).toBe(mask.voxelsInside);
    }
  });

  it('decodes both surfaces with the reference point/triangle counts and bounds', () => {
    expect(v.surfaces.map((s) => s.name)).toEqual(['Bone', 'Skin']);
    for (const [n, s] of v.surfaces.entries()) {
      const ref = refGz.surfaces[String(n)];
      expect(s.space).toBe('inv3-world');
      expect(s.positions.length / 3).toBe(ref.vtp.n_points);
      expect(s.indices.length / 3).toBe(ref.vtp.n_polys);
      expect(s.normals?.length).toBe(s.positions.length);
      expect(s.colour).toEqual(ref.plist.colour);
      const bounds = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
      for (let p = 0; p < s.positions.length; p += 3) {
        for (let a = 0; a < 3; a++) {
          bounds[2 * a] = Math.min(bounds[2 * a], s.positions[p + a]);
          bounds[2 * a + 1] = Math.max(bounds[2 * a + 1], s.positions[p + a]);
        }
      }
      for (let b = 0; b < 6; b++) expect(Math.abs(bounds[b] - ref.vtp.bounds_mm[b])).toBeLessThanOrEqual(1e-3);
      let maxIndex = 0;
      for (const i of s.indices) if (i > maxIndex) maxIndex = i;
      expect(maxIndex).toBe(ref.vtp.n_points - 1);
    }
  });

  it('reads the linear and angular measurements, with patient coordinates for these axial ones', () => {
    // Axial (location 1) points are slice-viewer mm: (column·sx, row·sy, slice·sz) of matrix.dat as
    // stored; this project's matrix has no origin and flips rows (y = −row·sy), so patient LPS mm
    // are the same numbers with y negated.
    const lps = (points: number[][]) => points.map(([x, y, z]) => [x, -y, z]);
    expect(v.measurements).toEqual([
      { name: 'M1', type: 'linear', value: 115.5, points: refGz.measurements['0'].points, patientPoints: lps(refGz.measurements['0'].points), colour: [1, 0, 0], visible: true },
      { name: 'M2', type: 'angular', value: 90, points: refGz.measurements['1'].points, patientPoints: lps(refGz.measurements['1'].points), colour: [1, 0.4, 0], visible: true },
    ]);
    expect(refGz.measurements['0'].location).toBe(1);
    expect(v.voxelToPatient).toEqual([v.spacing[0], 0, 0, 0, 0, -v.spacing[1], 0, 0, 0, 0, v.spacing[2], 0, 0, 0, 0, 1]);
  });
});

describe('the plain-tar project (NIfTI-derived, lazy mask)', () => {
  let v: Volume;
  beforeAll(async () => {
    v = await openScan(INV3_PLAIN); // through the real dispatcher
  });

  it('reads the volume exactly as stored', () => {
    checkVolume(v, refPlain);
    expect(v.meta.name).toBe(refPlain.main_plist.name);
    expect(v.meta.isHU).toBe(false);
    expect(v.meta.extra?.container).toBe('plain');
    expect(v.meta.extra?.orientation).toBe(2);
  });

  it('re-thresholds the lazy all-zero mask from threshold_range (1250..4095 → nothing in 0..255)', () => {
    expect(v.masks).toHaveLength(1);
    expect(v.masks[0].threshold).toEqual([1250, 4095]);
    expect(v.masks[0].voxelsInside).toBe(refPlain.masks['0'].voxels_in_threshold_range);
    expect(v.masks[0].data.length).toBe(v.data.length);
    expect(v.surfaces).toEqual([]);
    expect(v.measurements).toEqual([]);
  });
});

describe('plain and gzip containers of one project give identical results', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('gzip of the plain file = the plain file', async () => {
    const gz = tmp.file('pitch.inv3', gzip(readFileSync(INV3_PLAIN)));
    const [a, b] = [await readInv3(INV3_PLAIN), await readInv3(gz)];
    expect(b.meta.extra?.container).toBe('gzip');
    expect(sha256(b.data)).toBe(sha256(a.data));
    expect(b.voxelToPatient).toEqual(a.voxelToPatient);
    expect(b.masks.map((m) => [m.voxelsInside, sha256(m.data)])).toEqual(a.masks.map((m) => [m.voxelsInside, sha256(m.data)]));
  });

  it('plain tar of the gzip file = the gzip file', async () => {
    const plain = tmp.file('head.inv3', gunzipSync(readFileSync(INV3_GZ)));
    const [a, b] = [await readInv3(INV3_GZ), await readInv3(plain)];
    expect(b.meta.extra?.container).toBe('plain');
    expect(sha256(b.data)).toBe(sha256(a.data));
    expect(b.masks.map((m) => [m.voxelsInside, sha256(m.data)])).toEqual(a.masks.map((m) => [m.voxelsInside, sha256(m.data)]));
    expect(b.surfaces.map((s) => [sha256(s.positions), sha256(s.indices)])).toEqual(a.surfaces.map((s) => [sha256(s.positions), sha256(s.indices)]));
    expect(b.measurements).toEqual(a.measurements);
  });
});
