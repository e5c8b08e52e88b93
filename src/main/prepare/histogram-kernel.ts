/**
 * Histogram + min/max/sum over one slab of voxels (workers run it; the pipeline merges slabs).
 * Integer data of ≤ 16 bits: a direct-indexed bin per possible value (65,536 for int16), then
 * trimmed to the slab's [min, max] so only the used range travels back. Wider or float data:
 * bins of `binWidth` from `lo`, found by a min/max pass first (minMaxSlab).
 */
import type { DType, VoxelArray } from '../../shared/volume';
import { int16Kernels, type UsedCounts } from '../wasm/int16-kernels';

export interface SlabHistogram {
  /** Value of counts[0] (integer data) or lower edge of bin 0. */
  lo: number;
  counts: Uint32Array;
  min: number;
  max: number;
  sum: number;
  /** Voxels counted (NaNs are skipped). */
  count: number;
}

/** Offset that maps a value of a ≤16-bit integer dtype to a bin index, or null for other dtypes. */
export function directOffset(dtype: DType): { offset: number; bins: number } | null {
  if (dtype === 'int16') return { offset: 32768, bins: 65536 };
  if (dtype === 'uint16') return { offset: 0, bins: 65536 };
  if (dtype === 'uint8') return { offset: 0, bins: 256 };
  return null;
}

/**
 * Direct-indexed histogram of src[begin, end). int16 volumes (the common CT case) are counted
 * by the WebAssembly SIMD kernel where available (wasm/int16-kernels.ts), otherwise by
 * histogramDirectJs, which is the reference it is tested against.
 */
export function histogramDirect(src: VoxelArray, begin: number, end: number, offset: number, bins: number): SlabHistogram {
  if (src instanceof Int16Array && offset === 32768 && bins === 65536) {
    const wasm = int16Kernels();
    if (wasm) return trimUsedCounts(wasm.counts(src, begin, end), offset, end - begin);
  }
  return histogramDirectJs(src, begin, end, offset, bins);
}

export function histogramDirectJs(src: VoxelArray, begin: number, end: number, offset: number, bins: number): SlabHistogram {
  // Four interleaved count arrays: CT has long runs of near-equal values (air), and one array
  // would make every increment wait for the previous one to the same bin.
  const c0 = new Uint32Array(bins);
  const c1 = new Uint32Array(bins);
  const c2 = new Uint32Array(bins);
  const c3 = new Uint32Array(bins);
  let i = begin;
  for (; i + 3 < end; i += 4) {
    c0[src[i] + offset]++;
    c1[src[i + 1] + offset]++;
    c2[src[i + 2] + offset]++;
    c3[src[i + 3] + offset]++;
  }
  for (; i < end; i++) c0[src[i] + offset]++;
  return trimCounts(sumCounts(c0, c1, c2, c3), offset, end - begin);
}

/** c0 += c1 + c2 + c3, returned. */
export function sumCounts(c0: Uint32Array, c1: Uint32Array, c2: Uint32Array, c3: Uint32Array): Uint32Array {
  for (let b = 0; b < c0.length; b++) c0[b] += c1[b] + c2[b] + c3[b];
  return c0;
}

/** trimCounts of counts that start at bin `firstBin` (all bins outside them being 0); copies them. */
export function trimUsedCounts(used: UsedCounts, offset: number, count: number): SlabHistogram {
  return trimCounts(used.counts, offset - used.firstBin, count);
}

/**
 * Direct-indexed counts → a SlabHistogram trimmed to the used [min, max] range. Tight scans skip
 * the empty ends, then only the used range is summed (a per-slab cost: ~65 µs over 65,536 int16
 * bins from the JS loops; the wasm kernels pass just the used bins, which makes it a few µs).
 */
export function trimCounts(counts: Uint32Array, offset: number, count: number): SlabHistogram {
  let first = 0;
  while (first < counts.length && counts[first] === 0) first++;
  if (first === counts.length) return { lo: 0, counts: new Uint32Array(0), min: Infinity, max: -Infinity, sum: 0, count: 0 };
  let last = counts.length - 1;
  while (counts[last] === 0) last--;
  let sum = 0;
  for (let b = first; b <= last; b++) sum += counts[b] * (b - offset);
  return { lo: first - offset, counts: counts.slice(first, last + 1), min: first - offset, max: last - offset, sum, count };
}

export function minMaxSlab(src: VoxelArray, begin: number, end: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = begin; i < end; i++) {
    const v = src[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

export function histogramBinned(src: VoxelArray, begin: number, end: number, lo: number, binWidth: number, bins: number): SlabHistogram {
  const counts = new Uint32Array(bins);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (let i = begin; i < end; i++) {
    const v = src[i];
    if (v !== v) continue; // NaN
    const b = Math.floor((v - lo) / binWidth);
    counts[b < 0 ? 0 : b >= bins ? bins - 1 : b]++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  return { lo, counts, min, max, sum, count };
}
