/**
 * Turning HU (source or resampled values) into GPU texels, one slab at a time.
 *  - 'f16': half-float bits of the value itself (int16 input: a 64K lookup table).
 *  - 'u8' / 'u16': code = round((v − huMin)·top/(huMax − huMin)), clamped to 0..top.
 */
import type { GpuFormat, LinearMapping } from '../../shared/prepared';
import type { VoxelArray } from '../../shared/volume';
import { int16ToHalfTable, toHalf } from '../../shared/half';
import { sumCounts, trimCounts, trimUsedCounts, type SlabHistogram } from './histogram-kernel';
import { int16Kernels } from '../wasm/int16-kernels';

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
    if (src instanceof Int16Array) return int16ToHalf(src, begin, end, dst as Uint16Array, table);
    if (src instanceof Float32Array) return float32ToHalf(src, begin, end, dst as Uint16Array, table);
    for (let i = begin; i < end; i++) dst[i] = toHalfViaTable(src[i], table);
    return;
  }
  if (!mapping) throw new Error(`format ${format} needs a mapping`);
  const top = format === 'u8' ? 255 : 65535;
  const scale = top / (mapping.huMax - mapping.huMin);
  if (src instanceof Float32Array) return floatToCodes(src, begin, end, dst, mapping.huMin, scale, top);
  if (src instanceof Int16Array) return int16ToCodes(src, begin, end, dst, mapping.huMin, scale, top);
  for (let i = begin; i < end; i++) dst[i] = toCode(src[i], mapping.huMin, scale, top);
}

/** Half bits of any number: integers in int16 range through the table, the rest computed. */
function toHalfViaTable(v: number, table: Uint16Array): number {
  // integers (the common case, also after resampling flat regions) go through the table
  return (v | 0) === v && v >= -32768 && v <= 32767 ? table[v + 32768] : toHalf(v);
}

/** code = round((v − lo)·scale) clamped to 0..top (NaN → 0). */
function toCode(v: number, lo: number, scale: number, top: number): number {
  const c = roundHalfUp((v - lo) * scale);
  return c < 0 ? 0 : c > top ? top : c;
}

/**
 * Math.round(x) as an integer code. Math.round itself is several times slower here on real CT
 * values (most of the air rounds to −0; measured 11 vs 3 ns/voxel). floor(x + ½) equals it for
 * every |x| < 2⁵² except the one double whose + ½ rounds up to 1, special-cased here (beyond
 * 2⁵², odd integers may come out one higher, far past any code's clamp).
 */
export function roundHalfUp(x: number): number {
  return x === 0.49999999999999994 ? 0 : Math.floor(x + 0.5);
}

// One monomorphic loop per source type: V8 then compiles each for exactly one array kind.

function int16ToHalf(src: Int16Array, begin: number, end: number, dst: Uint16Array, table: Uint16Array): void {
  for (let i = begin; i < end; i++) dst[i] = table[src[i] + 32768];
}

function float32ToHalf(src: Float32Array, begin: number, end: number, dst: Uint16Array, table: Uint16Array): void {
  for (let i = begin; i < end; i++) {
    const v = src[i];
    dst[i] = (v | 0) === v && v >= -32768 && v <= 32767 ? table[v + 32768] : toHalf(v);
  }
}

function floatToCodes(src: Float32Array, begin: number, end: number, dst: Uint8Array | Uint16Array, lo: number, scale: number, top: number): void {
  if (dst instanceof Uint8Array) {
    // A clamped view clamps to 0..255 (NaN → 0) without branches: noisy air around the
    // range's lower end made `c < 0 ? …` mispredict on every other voxel.
    const out = new Uint8ClampedArray(dst.buffer, dst.byteOffset, dst.length);
    for (let i = begin; i < end; i++) out[i] = roundHalfUp((src[i] - lo) * scale);
    return;
  }
  for (let i = begin; i < end; i++) dst[i] = Math.min(top, Math.max(0, roundHalfUp((src[i] - lo) * scale)));
}

function int16ToCodes(src: Int16Array, begin: number, end: number, dst: Uint8Array | Uint16Array, lo: number, scale: number, top: number): void {
  if (dst instanceof Uint8Array) {
    const out = new Uint8ClampedArray(dst.buffer, dst.byteOffset, dst.length);
    for (let i = begin; i < end; i++) out[i] = roundHalfUp((src[i] - lo) * scale);
    return;
  }
  for (let i = begin; i < end; i++) dst[i] = Math.min(top, Math.max(0, roundHalfUp((src[i] - lo) * scale)));
}

/** Masks: values ≥ 0.5 (a source 1, or a resampled fraction) become 255, the rest 0. */
export function thresholdMaskSlab(input: { src: VoxelArray; begin: number; end: number; dst: Uint8Array }): void {
  const { src, begin, end, dst } = input;
  for (let i = begin; i < end; i++) dst[i] = src[i] >= 0.5 ? 255 : 0;
}

export interface F16HistogramInput {
  src: Int16Array | Uint8Array;
  begin: number;
  end: number;
  dst: Uint16Array;
  offset: number;
  bins: number;
}

/**
 * One pass for the common case (int16/uint8 source, render grid = source grid, 'f16'): half-float
 * texels AND the slab's direct-indexed histogram, reading each voxel once. int16 goes through
 * the WebAssembly SIMD kernel where available (wasm/int16-kernels.ts), otherwise through
 * quantizeF16WithHistogramJs, which is the reference it is tested against.
 */
export function quantizeF16WithHistogram(input: F16HistogramInput): SlabHistogram {
  const { src, begin, end, dst, offset, bins } = input;
  if (src instanceof Int16Array && offset === 32768 && bins === 65536) {
    const wasm = int16Kernels();
    if (wasm) return trimUsedCounts(wasm.halfAndCounts(src, begin, end, dst), offset, end - begin);
  }
  return quantizeF16WithHistogramJs(input);
}

export function quantizeF16WithHistogramJs(input: F16HistogramInput): SlabHistogram {
  const { src, begin, end, dst, offset, bins } = input;
  const table = int16ToHalfTable();
  // four interleaved count arrays, as in histogramDirect
  const c = [new Uint32Array(bins), new Uint32Array(bins), new Uint32Array(bins), new Uint32Array(bins)] as const;
  if (src instanceof Int16Array) fusedInt16(src, begin, end, dst, table, c[0], c[1], c[2], c[3]);
  else fusedUint8(src, begin, end, dst, table, c[0]);
  return trimCounts(sumCounts(c[0], c[1], c[2], c[3]), offset, end - begin);
}

/**
 * int16 → half + counts, two voxels per 32-bit load and store (about 1.5× faster than one at a
 * time: half the memory operations). Bin = value + 32768 = the table index = the low/high
 * 16 bits XOR 0x8000, so no sign extension is needed. Little-endian hosts only (all we ship on).
 */
function fusedInt16(src: Int16Array, begin: number, end: number, dst: Uint16Array, table: Uint16Array, c0: Uint32Array, c1: Uint32Array, c2: Uint32Array, c3: Uint32Array): void {
  let i = begin;
  if (i < end && (src.byteOffset + 2 * i) % 4 !== 0) {
    const b = src[i] + 32768;
    c0[b]++;
    dst[i] = table[b];
    i++;
  }
  // 32-bit views need 4-byte alignment of both arrays at i (src is aligned unless the range is empty)
  if (i < end && (dst.byteOffset + 2 * i) % 4 === 0) {
    const pairs = (end - i) >> 1;
    const s32 = new Uint32Array(src.buffer, src.byteOffset + 2 * i, pairs);
    const d32 = new Uint32Array(dst.buffer, dst.byteOffset + 2 * i, pairs);
    let j = 0;
    for (; j + 1 < pairs; j += 2) {
      const w0 = s32[j];
      const w1 = s32[j + 1];
      const a = (w0 & 0xffff) ^ 0x8000;
      const b = (w0 >>> 16) ^ 0x8000;
      const c = (w1 & 0xffff) ^ 0x8000;
      const d = (w1 >>> 16) ^ 0x8000;
      c0[a]++;
      c1[b]++;
      c2[c]++;
      c3[d]++;
      d32[j] = table[a] | (table[b] << 16);
      d32[j + 1] = table[c] | (table[d] << 16);
    }
    i += 2 * j;
  }
  for (; i < end; i++) {
    const b = src[i] + 32768;
    c0[b]++;
    dst[i] = table[b];
  }
}

function fusedUint8(src: Uint8Array, begin: number, end: number, dst: Uint16Array, table: Uint16Array, c0: Uint32Array): void {
  for (let i = begin; i < end; i++) {
    const v = src[i];
    c0[v]++;
    dst[i] = table[v + 32768];
  }
}
