/**
 * Turning HU (source or resampled values) into GPU texels, one slab at a time.
 *  - 'f16': half-float bits of the value itself (int16 input: a 64K lookup table).
 *  - 'u8' / 'u16': code = round((v − huMin)·top/(huMax − huMin)), clamped to 0..top.
 */
import type { GpuFormat, LinearMapping } from '../../shared/prepared';
import type { VoxelArray } from '../../shared/volume';
import { int16ToHalfTable, toHalf } from './half';
import { sumCounts, trimCounts, type SlabHistogram } from './histogram-kernel';

export interface QuantizeInput {
  src: VoxelArray;
  begin: number;
  end: number;
  /** Same length as src (the grid), written in [begin, end). */
  dst: Uint16Array | Uint8Array;
  format: GpuFormat;
  mapping?: LinearMapping;
}

export function quantizeSlab(input: QuantizeInput): void {
  const { src, begin, end, dst, format, mapping } = input;
  if (format === 'f16') {
    const table = int16ToHalfTable();
    if (src instanceof Int16Array) {
      for (let i = begin; i < end; i++) dst[i] = table[src[i] + 32768];
      return;
    }
    for (let i = begin; i < end; i++) {
      const v = src[i];
      // integers (the common case, also after resampling flat regions) go through the table
      dst[i] = (v | 0) === v && v >= -32768 && v <= 32767 ? table[v + 32768] : toHalf(v);
    }
    return;
  }
  if (!mapping) throw new Error(`format ${format} needs a mapping`);
  const top = format === 'u8' ? 255 : 65535;
  const scale = top / (mapping.huMax - mapping.huMin);
  const lo = mapping.huMin;
  for (let i = begin; i < end; i++) {
    const c = Math.round((src[i] - lo) * scale);
    dst[i] = c < 0 ? 0 : c > top ? top : c;
  }
}

/** Masks: values ≥ 0.5 (a source 1, or a resampled fraction) become 255, the rest 0. */
export function thresholdMaskSlab(input: { src: VoxelArray; begin: number; end: number; dst: Uint8Array }): void {
  const { src, begin, end, dst } = input;
  for (let i = begin; i < end; i++) dst[i] = src[i] >= 0.5 ? 255 : 0;
}

/**
 * One pass for the common case (int16/uint8 source, render grid = source grid, 'f16'): half-float
 * texels AND the slab's direct-indexed histogram, reading each voxel once.
 */
export function quantizeF16WithHistogram(input: { src: Int16Array | Uint8Array; begin: number; end: number; dst: Uint16Array; offset: number; bins: number }): SlabHistogram {
  const { src, begin, end, dst, offset, bins } = input;
  const table = int16ToHalfTable();
  const shift = 32768 - offset; // table index = value + 32768 = bin + shift
  // four interleaved count arrays, as in histogramDirect
  const c0 = new Uint32Array(bins);
  const c1 = new Uint32Array(bins);
  const c2 = new Uint32Array(bins);
  const c3 = new Uint32Array(bins);
  let i = begin;
  for (; i + 3 < end; i += 4) {
    const b0 = src[i] + offset;
    const b1 = src[i + 1] + offset;
    const b2 = src[i + 2] + offset;
    const b3 = src[i + 3] + offset;
    c0[b0]++;
    c1[b1]++;
    c2[b2]++;
    c3[b3]++;
    dst[i] = table[b0 + shift];
    dst[i + 1] = table[b1 + shift];
    dst[i + 2] = table[b2 + shift];
    dst[i + 3] = table[b3 + shift];
  }
  for (; i < end; i++) {
    const b = src[i] + offset;
    c0[b]++;
    dst[i] = table[b + shift];
  }
  return trimCounts(sumCounts(c0, c1, c2, c3), offset, end - begin);
}
