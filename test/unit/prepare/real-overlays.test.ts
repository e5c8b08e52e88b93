/**
 * The gz InVesalius project through prepare: its two masks are resampled to the render grid,
 * and its two surfaces (marching cubes of those masks, written by InVesalius) must span the
 * same box as their mask in the render grid's voxel-mm frame — the frame the renderer relies
 * on. A missing y flip or a wrong scale/shift would move them by tens of mm.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/workers/pool';
import { prepareVolume } from '../../../src/main/prepare';
import { gzMatrix } from './raw';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

describe('masks and surfaces of a real project on the render grid', () => {
  it('resamples the masks to a reduced grid, keeping their volume', async () => {
    const { volume } = await gzMatrix();
    const p = await prepareVolume(volume, { pool, maxGrid: 128 });
    expect(p.shape).toEqual([28, 128, 128]);
    for (const [i, mask] of p.masks.entries()) {
      const inside = mask.data!.reduce((s, b) => s + (b ? 1 : 0), 0);
      const expected = volume.masks[i].voxelsInside / 16; // 4×4 fewer voxels per slice
      // box ≥ ½ drops cells a thin shell only half fills: the 1–2 voxel skin loses ~15 %
      expect(Math.abs(inside - expected) / expected).toBeLessThan(0.2);
    }
  });

  it('puts each surface where its mask is, on the full and on a reduced grid', async () => {
    const { volume } = await gzMatrix();
    for (const maxGrid of [undefined, 128]) {
      const p = await prepareVolume(volume, { pool, maxGrid });
      const [Z, Y, X] = p.shape;
      // surface i was contoured from mask i (Bone ← "Mask 1", Skin ← "Skin") by InVesalius at
      // quality "Low" (3× coarser, smoothed, decimated), so bounds agree to a few mm, not exactly
      for (const i of [0, 1]) {
        const mask = p.masks[i].data!;
        const lo = [Infinity, Infinity, Infinity];
        const hi = [-Infinity, -Infinity, -Infinity];
        for (let z = 0, k = 0; z < Z; z++)
          for (let y = 0; y < Y; y++)
            for (let x = 0; x < X; x++, k++) {
              if (!mask[k]) continue;
              [x, y, z].forEach((v, a) => {
                lo[a] = Math.min(lo[a], v);
                hi[a] = Math.max(hi[a], v);
              });
            }
        const maskLo = lo.map((v, a) => (v - 0.5) * p.spacing[a]); // cell edges, render voxel-mm
        const maskHi = hi.map((v, a) => (v + 0.5) * p.spacing[a]);
        const pos = p.surfaces[i].positions;
        const sLo = [Infinity, Infinity, Infinity];
        const sHi = [-Infinity, -Infinity, -Infinity];
        for (let v = 0; v < pos.length; v += 3)
          for (let a = 0; a < 3; a++) {
            sLo[a] = Math.min(sLo[a], pos[v + a]);
            sHi[a] = Math.max(sHi[a], pos[v + a]);
          }
        const tolerance = [4, 4, 5]; // mm (smoothing shrinks "Low" surfaces by up to ~3 mm); z: one 5 mm slice
        for (let a = 0; a < 3; a++) {
          const what = `${p.surfaces[i].name} axis ${a} grid ${maxGrid ?? 'full'}: surface ${sLo[a].toFixed(2)}…${sHi[a].toFixed(2)} vs mask ${maskLo[a].toFixed(2)}…${maskHi[a].toFixed(2)}`;
          expect(Math.abs(sLo[a] - maskLo[a]), what).toBeLessThan(tolerance[a]);
          // InVesalius' "Low" surfaces stop at z ≈ 120 mm although the masks reach the last
          // slice (135 mm; see the reference bounds_mm), so the top in z is not compared.
          if (a < 2) expect(Math.abs(sHi[a] - maskHi[a]), what).toBeLessThan(tolerance[a]);
        }
      }
    }
  });
});
