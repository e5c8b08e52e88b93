/**
 * Choosing the render grid: how many voxels the GPU texture gets along each axis.
 *
 * Convention (used by the whole prepare pipeline): a voxel is a CELL, and its index is the
 * cell's centre. An axis of n voxels at spacing s covers an extent of n·s mm; resampling to
 * N voxels keeps that extent, so the new spacing is n·s/N and output voxel j's centre sits at
 * source index (j + 0.5)·n/N − 0.5 (see axisMap in geometry.ts).
 *
 * Policy: full resolution whenever it fits. Otherwise coarsen the FINEST axes first (search for
 * the smallest target spacing d such that N_a = min(n_a, ⌈extent_a / d⌉) fits the budget),
 * so a 0.45×0.45×5 mm series keeps all its slices and loses in-plane detail only as needed.
 */
import type { Shape3, Vec3 } from '../../shared/volume';

export interface GridLimits {
  /** Bytes available for the texture(s): the volume plus one byte per mask voxel. */
  budgetBytes: number;
  /** Bytes per render-grid voxel (volume format + masks). */
  bytesPerVoxel: number;
  /** GPU limit per axis (MAX_3D_TEXTURE_SIZE). */
  maxTextureSize: number;
  /** Optional extra cap per axis (tests, small exports). */
  maxGrid?: number;
}

/** The defaults: a 2 GB GPU gives the volume (+ masks) at most 1 GiB; the rest is for the browser. */
export const DEFAULT_BUDGET_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_MAX_TEXTURE_SIZE = 2048;

/** Render-grid shape [z, y, x] for a source of `shape` voxels spanning `extent` mm ([x, y, z]). */
export function chooseGrid(shape: Shape3, extent: Vec3, limits: GridLimits): Shape3 {
  const cap = Math.max(1, Math.floor(Math.min(limits.maxTextureSize, limits.maxGrid ?? Infinity)));
  const counts: Vec3 = [shape[2], shape[1], shape[0]]; // [x, y, z] like extent
  const capped = counts.map((n) => Math.min(n, cap)) as Vec3;
  const fits = (c: Vec3) => c[0] * c[1] * c[2] * limits.bytesPerVoxel <= limits.budgetBytes;
  if (fits(capped)) return [capped[2], capped[1], capped[0]];

  const at = (d: number) => capped.map((n, a) => Math.max(1, Math.min(n, Math.ceil(extent[a] / d)))) as Vec3;
  // Bisection on the target spacing d: at(d) shrinks monotonically as d grows.
  let lo = Math.min(...extent.map((e, a) => e / capped[a])); // d that changes nothing (too big)
  let hi = Math.max(...extent); // d that gives 1 voxel per axis
  if (!fits(at(hi))) return [1, 1, 1];
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (fits(at(mid))) hi = mid;
    else lo = mid;
  }
  const best = at(hi);
  return [best[2], best[1], best[0]];
}
