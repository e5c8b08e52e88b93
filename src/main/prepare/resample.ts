/**
 * Resampling a volume (or a mask) to the render grid on the pool: x and y passes per source
 * slice (slabs of source slices), then the z pass (slabs of output slices). Axes whose size
 * and spacing do not change are skipped; if nothing changes, no pass runs at all.
 */
import type { GpuFormat, LinearMapping } from '../../shared/prepared';
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
  const planes = await resampleXY(run, src, plan);
  if (!plan.wz) return planes;
  const [Z, Y, X] = plan.grid;
  const out = sharedArray(Float32Array, Z * Y * X);
  const wz = plan.wz;
  await runSlabs(zRun(run, plan, planes === src), 'prepResampleZ', zSpans(run, plan), (s) => ({ src: planes, planeSize: Y * X, wz, j0: s.begin, j1: s.end, dst: out }));
  return out;
}

/**
 * Resampled AND quantized in one go: the z pass writes texels, so the float32 grid is never
 * stored (same values as quantize(resample(…)), minus a pass over memory). null when the plan
 * has no z pass (then use resample + quantize).
 */
export async function resampleToTexels(run: SlabRun, src: VoxelArray, plan: ResamplePlan, format: GpuFormat, mapping?: LinearMapping): Promise<Uint8Array | Uint16Array | null> {
  if (!plan.wz) return null;
  const planes = await resampleXY(run, src, plan);
  const [Z, Y, X] = plan.grid;
  const dst = format === 'u8' ? sharedArray(Uint8Array, Z * Y * X) : sharedArray(Uint16Array, Z * Y * X);
  const wz = plan.wz;
  await runSlabs(zRun(run, plan, planes === src), 'prepResampleZTexels', zSpans(run, plan), (s) => ({ src: planes, planeSize: Y * X, wz, j0: s.begin, j1: s.end, dst, format, mapping }));
  return dst;
}

/** Rough share of the work in the x/y passes, for progress only. */
const xyShare = (plan: ResamplePlan) => (plan.wz ? 0.7 : 1);

/** The x and y passes per source slice (the source itself when neither axis changes). */
async function resampleXY(run: SlabRun, src: VoxelArray, plan: ResamplePlan): Promise<VoxelArray> {
  if (!plan.wx && !plan.wy) return src;
  const [nz, ny, nx] = plan.source;
  const [, Y, X] = plan.grid;
  const dst = sharedArray(Float32Array, nz * Y * X);
  const spans = split(nz, slabCount(run.pool, nz * ny * nx));
  const share = xyShare(plan);
  const xyRun: SlabRun = { ...run, onFraction: (f) => run.onFraction?.(f * share) };
  await runSlabs(xyRun, 'prepResampleXY', spans, (s) => ({ src, shape: plan.source, z0: s.begin, z1: s.end, wx: plan.wx, wy: plan.wy, dst }));
  return dst;
}

function zSpans(run: SlabRun, plan: ResamplePlan) {
  const [Z, Y, X] = plan.grid;
  return split(Z, slabCount(run.pool, Z * Y * X));
}

function zRun(run: SlabRun, plan: ResamplePlan, fromSource: boolean): SlabRun {
  const base = fromSource ? 0 : xyShare(plan);
  return { ...run, onFraction: (f) => run.onFraction?.(base + f * (1 - base)) };
}
