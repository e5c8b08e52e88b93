/**
 * Picking what the 3-D view shows at a pixel (viewer/pick.ts), along rays through a synthetic
 * ball, where the answer is known; the real-scan case runs in Chromium (e2e/viewer-slice.spec.ts).
 */
import { describe, expect, it } from 'vitest';
import { pickVoxel, type PickRule } from '../../../src/renderer/viewer/pick';
import { fullCrop } from '../../../src/shared/view-state';
import type { Mat4 } from '../../../src/shared/volume';

// 20³ voxels of 1 mm at the origin; a ball of 1000 HU, radius 5 voxels, around voxel (10, 10, 10); air elsewhere
const N = 20;
const data = new Int16Array(N * N * N).map((_, i) => {
  const [x, y, z] = [i % N, Math.floor(i / N) % N, Math.floor(i / (N * N))];
  return Math.hypot(x - 10, y - 10, z - 10) <= 5 ? 1000 : -1000;
});
const identity: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const vol = { format: 'i16' as const, data, shape: [N, N, N] as [number, number, number], voxelToPatient: identity };
const rule = (mode: PickRule['mode'], transfer: PickRule['transfer'] = []): PickRule => ({ mode, isoThreshold: 400, transfer });
const alongY = { origin: [10, -50, 10] as [number, number, number], direction: [0, 1, 0] as [number, number, number] };

describe('pickVoxel', () => {
  it('iso: the first voxel at or above the threshold along the ray', () => {
    expect(pickVoxel(vol, alongY.origin, alongY.direction, fullCrop(), rule('iso'))).toEqual([10, 5, 10]);
    // from the other side, and along x
    expect(pickVoxel(vol, [10, 60, 10], [0, -1, 0], fullCrop(), rule('iso'))).toEqual([10, 15, 10]);
    expect(pickVoxel(vol, [-30, 10, 10], [1, 0, 0], fullCrop(), rule('iso'))).toEqual([5, 10, 10]);
  });

  it('MIP and MinIP: the voxel of the largest and smallest value (the first one on ties)', () => {
    expect(pickVoxel(vol, alongY.origin, alongY.direction, fullCrop(), rule('mip'))).toEqual([10, 5, 10]);
    expect(pickVoxel(vol, alongY.origin, alongY.direction, fullCrop(), rule('minip'))).toEqual([10, 0, 10]);
  });

  it('DVR: where the composited opacity reaches one half, deeper for a fainter transfer function', () => {
    const opaque = [{ hu: 0, color: [1, 1, 1] as [number, number, number], opacity: 0 }, { hu: 1000, color: [1, 1, 1] as [number, number, number], opacity: 1 }];
    expect(pickVoxel(vol, alongY.origin, alongY.direction, fullCrop(), rule('dvr', opaque))).toEqual([10, 5, 10]);
    // 0.1 per mm: half opacity after ln 0.5 / ln 0.9 ≈ 6.6 mm inside the ball, which starts at y = 4.5
    const faint = opaque.map((p) => ({ ...p, opacity: p.opacity * 0.1 }));
    const [, y] = pickVoxel(vol, alongY.origin, alongY.direction, fullCrop(), rule('dvr', faint))!;
    expect(y).toBeGreaterThanOrEqual(10);
    expect(y).toBeLessThanOrEqual(12);
  });

  it('is clipped by the crop box and misses outside the volume', () => {
    const front = { min: [0, 0, 0] as [number, number, number], max: [1, 0.2, 1] as [number, number, number] }; // y voxels 0…3.5
    expect(pickVoxel(vol, alongY.origin, alongY.direction, front, rule('iso'))).toBeNull();
    const back = { min: [0, 0.6, 0] as [number, number, number], max: [1, 1, 1] as [number, number, number] }; // from y = 11.5
    expect(pickVoxel(vol, alongY.origin, alongY.direction, back, rule('iso'))).toEqual([10, 12, 10]);
    expect(pickVoxel(vol, [50, -50, 10], [0, 1, 0], fullCrop(), rule('iso'))).toBeNull();
  });

  it('follows the volume matrix: the same ball on a flipped, anisotropic grid is found at the same place', () => {
    // rows flipped (y = −row·2 mm), columns 0.5 mm: patient (5, −20, 10) is voxel (10, 10, 10)
    const m: Mat4 = [0.5, 0, 0, 0, 0, -2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    const picked = pickVoxel({ ...vol, voxelToPatient: m }, [5, -100, 10], [0, 1, 0], fullCrop(), rule('iso'));
    expect(picked).toEqual([10, 15, 10]); // entering from −y in patient space is entering from high rows
  });
});
