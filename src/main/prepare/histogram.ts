/**
 * The HU histogram of a whole volume: 1-unit bins over the real [min, max] of the data, plus
 * exact min/max/mean, computed by slab jobs on the pool and merged here (merging touches
 * bins × slabs numbers, never voxels).
 */
import type { Histogram } from '../../shared/prepared';
import type { DType, VoxelArray } from '../../shared/volume';
import { directOffset, type SlabHistogram } from './histogram-kernel';
import { runSlabs, slabCount, split, type SlabRun } from './slabs';

/** Float/int32 data: at most this many bins (bin width grows beyond it). */
export const MAX_BINS = 65536;

/** The histogram, and the true minimum (a float volume's histogram starts at floor(min)). */
export interface HistogramResult {
  histogram: Histogram;
  min: number;
}

export async function computeHistogram(run: SlabRun, data: VoxelArray, dtype: DType): Promise<HistogramResult> {
  const spans = split(data.length, slabCount(run.pool, data.length));
  const direct = directOffset(dtype);
  if (direct) {
    const parts = await runSlabs(run, 'prepHistogramDirect', spans, (s) => ({ src: data, ...s, ...direct }));
    return merge(parts, 1);
  }
  // Wider/float data: min/max first (half the progress), then binned counts.
  const half: SlabRun = { ...run, onFraction: (f) => run.onFraction?.(f / 2) };
  const ranges = await runSlabs(half, 'prepMinMax', spans, (s) => ({ src: data, ...s }));
  const min = Math.min(...ranges.map((r) => r.min));
  const max = Math.max(...ranges.map((r) => r.max));
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { histogram: emptyHistogram(), min: NaN };
  const lo = Math.floor(min);
  const span = Math.floor(max) - lo + 1;
  const binWidth = Math.max(1, Math.ceil(span / MAX_BINS));
  const bins = Math.floor((max - lo) / binWidth) + 1;
  const rest: SlabRun = { ...run, onFraction: (f) => run.onFraction?.(0.5 + f / 2) };
  const parts = await runSlabs(rest, 'prepHistogramBinned', spans, (s) => ({ src: data, ...s, lo, binWidth, bins }));
  return merge(parts, binWidth);
}

function emptyHistogram(): Histogram {
  return { min: 0, max: 0, binWidth: 1, counts: new Uint32Array(0), mean: NaN, total: 0 };
}

/** Slab histograms (each with its own `lo`, same bin width) → one over the global [min, max]. */
export function merge(parts: SlabHistogram[], binWidth: number): HistogramResult {
  const used = parts.filter((p) => p.count > 0);
  if (used.length === 0) return { histogram: emptyHistogram(), min: NaN };
  const lo = Math.min(...used.map((p) => p.lo));
  const max = Math.max(...used.map((p) => p.max));
  const bins = Math.floor((max - lo) / binWidth) + 1;
  const counts = new Uint32Array(bins);
  let sum = 0;
  let total = 0;
  for (const p of used) {
    const at = Math.round((p.lo - lo) / binWidth);
    const n = Math.min(p.counts.length, bins - at);
    for (let b = 0; b < n; b++) counts[at + b] += p.counts[b];
    sum += p.sum;
    total += p.count;
  }
  // lo is the true minimum for integer data and floor(min) for binned data: both a bin's lower edge.
  const min = Math.min(...used.map((p) => p.min));
  return { histogram: { min: lo, max, binWidth, counts, mean: sum / total, total }, min };
}
