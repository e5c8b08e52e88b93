/**
 * Synthetic volumes for geometry checks (in addition to the real data, never instead): a ball of
 * known radius in patient space, sampled onto a grid with any voxelToPatient, e.g. a gantry-tilt
 * shear. Rendered correctly, it must look round whatever the grid.
 */
import { toHalf } from '../../../src/shared/half';
import type { PreparedVolume } from '../../../src/shared/prepared';
import type { Mat4, Shape3, Vec3 } from '../../../src/shared/volume';

export function ballVolume(shape: Shape3, voxelToPatient: Mat4, centre: Vec3, radius: number): PreparedVolume {
  const [nz, ny, nx] = shape;
  const data = new Uint16Array(nx * ny * nz);
  const counts = new Uint32Array(2001);
  const m = voxelToPatient;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = [0, 1, 2].map((r) => m[r * 4] * i + m[r * 4 + 1] * j + m[r * 4 + 2] * k + m[r * 4 + 3]);
        const inside = Math.hypot(p[0] - centre[0], p[1] - centre[1], p[2] - centre[2]) <= radius;
        const hu = inside ? 1000 : -1000;
        data[(k * ny + j) * nx + i] = toHalf(hu);
        counts[hu + 1000]++;
      }
  const spacing: Vec3 = [0, 1, 2].map((c) => Math.hypot(m[c], m[4 + c], m[8 + c])) as Vec3;
  return {
    shape,
    spacing,
    voxelToPatient,
    format: 'f16',
    data,
    histogram: { min: -1000, max: 1000, binWidth: 1, counts, mean: 0, total: nx * ny * nz },
    window: { level: 0, width: 2000 },
    sourceShape: shape,
    sourceSpacing: spacing,
    meta: { name: 'ball', modality: 'CT', sourceFormat: 'synthetic', isHU: true, warnings: [] },
    masks: [],
    surfaces: [],
    measurements: [],
  };
}
