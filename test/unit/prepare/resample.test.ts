import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/workers/pool';
import { prepareVolume } from '../../../src/main/prepare';
import { fromHalf } from '../../../src/shared/half';
import { sharedArray } from '../../../src/main/prepare/shared-memory';
import { diagonalAffine, type Shape3, type Vec3 } from '../../../src/shared/volume';
import type { PreparedVolume } from '../../../src/shared/prepared';
import { gzMatrix, plainMatrix, volumeOf } from './raw';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

function synthetic(shape: Shape3, f: (x: number, y: number, z: number) => number): Int16Array {
  const [nz, ny, nx] = shape;
  const a = sharedArray(Int16Array, nz * ny * nx);
  for (let z = 0, i = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) a[i++] = f(x, y, z);
  return a;
}

const values = (p: PreparedVolume) => Array.from(p.data as Uint16Array, fromHalf);
const at = (p: PreparedVolume, x: number, y: number, z: number) => fromHalf(p.data[(z * p.shape[1] + y) * p.shape[2] + x]);

/** Apply a row-major 4×4 to (i, j, k). */
function apply(m: number[], v: Vec3): Vec3 {
  return [0, 1, 2].map((r) => m[r * 4] * v[0] + m[r * 4 + 1] * v[1] + m[r * 4 + 2] * v[2] + m[r * 4 + 3]) as Vec3;
}

describe('resampling', () => {
  it('averages a 1-voxel checkerboard to its mean (anti-aliasing), 2× and 3×', async () => {
    const shape: Shape3 = [48, 48, 48];
    const data = synthetic(shape, (x, y, z) => ((x + y + z) % 2 ? 1000 : -1000));
    const v = volumeOf(data, shape, [1, 1, 1]);
    const half = await prepareVolume(v, { pool, maxGrid: 24 });
    expect(half.shape).toEqual([24, 24, 24]);
    expect(Math.max(...values(half).map(Math.abs))).toBeLessThan(0.5); // flat: exactly the mean 0
    const third = await prepareVolume(v, { pool, maxGrid: 16 });
    expect(third.shape).toEqual([16, 16, 16]);
    // a 3-wide box leaves 1/3 of a period-2 pattern per axis: ±1000/27 ≈ 37; point sampling would give ±1000
    expect(Math.max(...values(third).map(Math.abs))).toBeLessThanOrEqual(1000 / 27 + 0.5);
  });

  it('preserves a low-frequency ramp and places voxel centres by the cell convention', async () => {
    const shape: Shape3 = [4, 8, 64];
    const data = synthetic(shape, (x) => 10 * x - 300);
    const spacing: Vec3 = [0.5, 0.7, 2];
    const v = volumeOf(data, shape, spacing, { voxelToPatient: diagonalAffine(spacing, [-20, 5, 100], [-1, 1, 1]) });
    const p = await prepareVolume(v, { pool, maxGrid: 16 }); // x: 64 → 16 (4×), others unchanged
    expect(p.shape).toEqual([4, 8, 16]);
    expect(p.spacing).toEqual([2, 0.7, 2]);
    for (let j = 0; j < 16; j++) {
      const srcIndex = (j + 0.5) * 4 - 0.5; // centre of output voxel j in source indices
      expect(at(p, j, 3, 2)).toBeCloseTo(10 * srcIndex - 300, 6);
      // and voxelToPatient puts it where the source affine puts that source index
      expect(apply(p.voxelToPatient, [j, 3, 2])).toEqual(apply(v.voxelToPatient, [srcIndex, 3, 2]).map((c) => expect.closeTo(c, 9)));
    }
    // physical extent kept: count × spacing
    expect(p.shape[2] * p.spacing[0]).toBeCloseTo(64 * 0.5, 9);
  });

  it('resamples uneven slices to a uniform grid with linearly interpolated values', async () => {
    const positions = [0, 1, 2, 4, 5, 7]; // mean gap 1.4
    const shape: Shape3 = [6, 4, 4];
    const data = synthetic(shape, (_x, _y, z) => 10 * positions[z]);
    const v = volumeOf(data, shape, [1, 1, 1], { slicePositions: positions, voxelToPatient: diagonalAffine([1, 1, 1], [0, 0, 50]) });
    const p = await prepareVolume(v, { pool });
    expect(p.shape).toEqual([6, 4, 4]);
    expect(p.spacing[2]).toBeCloseTo(1.4, 12);
    for (let k = 0; k < 6; k++) {
      expect(at(p, 1, 2, k)).toBeCloseTo(14 * k, 1); // 10 × (k · 1.4 mm), f16-exact integers
      expect(apply(p.voxelToPatient, [1, 2, k])[2]).toBeCloseTo(50 + 1.4 * k, 9);
    }
  });

  it('preserves the mean HU of real scans (exact and non-integer factors)', async () => {
    for (const [m, grid] of [[await gzMatrix(), 128], [await plainMatrix(), 100]] as const) {
      const p = await prepareVolume(volumeOf(m.data, m.shape, m.spacing), { pool, maxGrid: grid });
      expect(Math.max(...p.shape)).toBeLessThanOrEqual(grid);
      const vals = values(p);
      const mean = vals.reduce((s, x) => s + x, 0) / vals.length;
      expect(Math.abs(mean - m.ref.mean)).toBeLessThan(0.5);
      expect(p.histogram.mean).toBeCloseTo(m.ref.mean, 3); // histogram is of the source voxels
      for (let a = 0; a < 3; a++) expect(p.shape[2 - a] * p.spacing[a]).toBeCloseTo(m.shape[2 - a] * m.spacing[a], 9);
    }
  });
});
