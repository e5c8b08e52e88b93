/**
 * Geometry of resampling: per-axis source↔render index maps, the render grid's
 * voxelToPatient, and carrying surfaces into the render grid's voxel-mm frame.
 *
 * Cell convention (see grid.ts): an axis of n voxels at spacing s spans n·s mm; render
 * voxel j (of N) has its centre at source index (j + 0.5)·n/N − 0.5, and the render
 * spacing is n·s/N. Unevenly spaced slices are first viewed as n slices at their MEAN gap
 * g = (p[n−1] − p[0])/(n − 1), so the uniform grid's first and last slice centres coincide
 * with the source's first and last slices when N = n.
 *
 * RENDER-GRID VOXEL-MM FRAME (what PreparedSurface.positions are in, and what the renderer
 * relies on): a point at continuous render-grid index (i, j, k) — voxel centres at integer
 * indices, i along x (columns), j along y (rows), k along z (slices) — has voxel-mm
 * coordinates (i·sx′, j·sy′, k·sz′), where (sx′, sy′, sz′) = PreparedVolume.spacing. So the
 * texture coordinate of a point p is ((p / spacing) + 0.5) / [X, Y, Z], and its patient (LPS)
 * position is PreparedVolume.voxelToPatient · (p / spacing, 1).
 */
import type { Mat4, Shape3, Vec3, Volume } from '../../shared/volume';

/** Source spacing [x, y, z] as prepare sees it: the mean gap replaces spacing[2] for uneven slices. */
export function effectiveSpacing(volume: Volume): Vec3 {
  const p = volume.slicePositions;
  const n = volume.shape[0];
  if (!p || n < 2) return [...volume.spacing];
  return [volume.spacing[0], volume.spacing[1], (p[n - 1] - p[0]) / (n - 1)];
}

/** Physical extent [x, y, z] in mm under the cell convention. */
export function extentOf(shape: Shape3, spacing: Vec3): Vec3 {
  return [shape[2] * spacing[0], shape[1] * spacing[1], shape[0] * spacing[2]];
}

/** True when slices are unevenly spaced by more than a rounding error (1e-3 of the mean gap). */
export function hasUnevenSlices(volume: Volume): boolean {
  const p = volume.slicePositions;
  if (!p || p.length < 3) return false;
  const g = (p[p.length - 1] - p[0]) / (p.length - 1);
  for (let k = 1; k < p.length; k++) if (Math.abs(p[k] - p[k - 1] - g) > 1e-3 * Math.abs(g)) return true;
  return false;
}

/**
 * voxelToPatient of the render grid. The slice column is first normalised to the mean gap
 * (uneven slices), then every column c_a scales by n_a/N_a and the origin moves by
 * Σ c_a·(0.5·n_a/N_a − 0.5), so render voxel centres land where the cell convention says.
 */
export function renderAffine(volume: Volume, grid: Shape3): Mat4 {
  const m = [...volume.voxelToPatient];
  const src = volume.shape;
  const eff = effectiveSpacing(volume);
  if (eff[2] !== volume.spacing[2] && volume.spacing[2] !== 0) {
    const f = eff[2] / volume.spacing[2];
    for (let r = 0; r < 3; r++) m[r * 4 + 2] *= f;
  }
  const ratio = [src[2] / grid[2], src[1] / grid[1], src[0] / grid[0]]; // per column x, y, z
  const out = [...m];
  for (let r = 0; r < 3; r++) {
    let shift = 0;
    for (let a = 0; a < 3; a++) {
      out[r * 4 + a] = m[r * 4 + a] * ratio[a];
      shift += m[r * 4 + a] * (0.5 * ratio[a] - 0.5);
    }
    out[r * 4 + 3] = m[r * 4 + 3] + shift;
  }
  return out;
}

/**
 * Source surface positions → render-grid voxel-mm frame. Under the cell convention this is a
 * pure translation by 0.5·(s − s′) per axis (the scale cancels), after undoing InVesalius'
 * negated y for 'inv3-world'. z in mm is the distance from slice 0, which stays right for
 * uneven slices because the uniform grid keeps slice 0 at 0 and uses the mean gap.
 */
export function surfaceShift(srcSpacing: Vec3, renderSpacing: Vec3): Vec3 {
  return [0, 1, 2].map((a) => 0.5 * (srcSpacing[a] - renderSpacing[a])) as Vec3;
}
