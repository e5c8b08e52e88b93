/**
 * Resampling a volume (or a mask) to the render grid on the pool: x and y passes per source
 * slice (slabs of source slices), then the z pass (slabs of output slices). Axes whose size
 * and spacing do not change are skipped; if nothing changes, no pass runs at all.
 */
import type { Shape3, VoxelArray } from '../../shared/volume';
import { boxWeights, isIdentity, unevenWeights, type AxisWeights } from './weights';
import { sharedArray } from './shared-memory';
import { runSlabs, slabCount, split, type SlabRun } from './slabs';

export interface ResamplePlan {
  source: Shape3;
  grid: Shape3;
  /** null = axis unchanged. */
  wx: AxisWeights | null;
  wy: AxisWeights | null;
  wz: AxisWeights | null;
}

export function planResample(source: Shape3, grid: Shape3, slicePositions?: number[]): ResamplePlan {
  const keep = (w: AxisWeights) => (isIdentity(w) ? null : w);
  const wz = slicePositions && slicePositions.length === source[0] ? unevenWeights(slicePositions, grid[0]) : boxWeights(source[0], grid[0]);
  return {
    source,
    grid,
    wx: keep(boxWeights(source[2], grid[2])),
    wy: keep(boxWeights(source[1], grid[1])),
    wz: keep(wz),
  };
}

export function isNoop(plan: ResamplePlan): boolean {
  return !plan.wx && !plan.wy && !plan.wz;
}

/** Resampled values as float32 on a SharedArrayBuffer (the source itself if the plan is a no-op). */
export async function resample(run: SlabRun, src: VoxelArray, plan: ResamplePlan): Promise<VoxelArray> {
  if (isNoop(plan)) return src;
  const [nz, ny, nx] = plan.source;
  const [Z, Y, X] = plan.grid;
  let planes: VoxelArray = src;
  const xyShare = plan.wz ? 0.7 : 1; // rough share of the work, for progress only
  if (plan.wx || plan.wy) {
    const dst = sharedArray(Float32Array, nz * Y * X);
    const spans = split(nz, slabCount(run.pool, nz * ny * nx));
    const xyRun: SlabRun = { ...run, onFraction: (f) => run.onFraction?.(f * xyShare) };
    await runSlabs(xyRun, 'prepResampleXY', spans, (s) => ({ src, shape: plan.source, z0: s.begin, z1: s.end, wx: plan.wx, wy: plan.wy, dst }));
    planes = dst;
  }
  if (!plan.wz) return planes;
  const out = sharedArray(Float32Array, Z * Y * X);
  const spans = split(Z, slabCount(run.pool, Z * Y * X));
  const base = planes === src ? 0 : xyShare;
  const zRun: SlabRun = { ...run, onFraction: (f) => run.onFraction?.(base + f * (1 - base)) };
  const wz = plan.wz;
  await runSlabs(zRun, 'prepResampleZ', spans, (s) => ({ src: planes, planeSize: Y * X, wz, j0: s.begin, j1: s.end, dst: out }));
  return out;
}
