/**
 * The separable resampling passes, as plain loops over one slab. Workers run them on
 * SharedArrayBuffer views (see jobs.ts); tests may call them directly.
 *
 * Pass order: x then y inside each source slice (resampleSlicesXY, slabs of source slices),
 * then z (resampleSlicesZ, slabs of output slices, each a weighted sum of source planes).
 *
 * Speed: the CSR weights are first turned into a BAND (every output reads T consecutive inputs
 * from `first[j]`, missing taps weigh 0), so each loop has a fixed trip count, and 1-, 2- and
 * 3-tap bands (area averaging by < 2×, the common case) get unrolled loops. Row/plane sums are
 * accumulated in double and written once, instead of read-modify-writing float32 per tap.
 */
import type { GpuFormat, LinearMapping } from '../../shared/prepared';
import type { VoxelArray } from '../../shared/volume';
import type { AxisWeights } from './weights';
import { quantizeSlab } from './quantize-kernel';

/** AxisWeights as a band: output j = Σ_t w[j·taps + t] · input[first[j] + t]. */
export interface Band {
  count: number;
  taps: number;
  first: Int32Array;
  w: Float64Array;
}

/** The band form of CSR weights over `n` inputs (first[j] is moved left near the end so first + taps ≤ n). */
export function toBand(aw: AxisWeights, n: number): Band {
  const { count, start, idx, w } = aw;
  let taps = 1;
  for (let j = 0; j < count; j++) {
    if (start[j + 1] > start[j]) taps = Math.max(taps, idx[start[j + 1] - 1] - idx[start[j]] + 1);
  }
  taps = Math.min(taps, n);
  const first = new Int32Array(count);
  const bw = new Float64Array(count * taps);
  for (let j = 0; j < count; j++) {
    const f = start[j + 1] > start[j] ? Math.min(idx[start[j]], n - taps) : 0;
    first[j] = f;
    for (let k = start[j]; k < start[j + 1]; k++) bw[j * taps + idx[k] - f] += w[k];
  }
  return { count, taps, first, w: bw };
}

export interface XYInput {
  src: VoxelArray;
  /** Source shape [z, y, x]. */
  shape: [number, number, number];
  /** Source slices [z0, z1) to process. */
  z0: number;
  z1: number;
  /** null = axis kept as is. */
  wx: AxisWeights | null;
  wy: AxisWeights | null;
  /** Output [z][Y][X], z still in source slices. */
  dst: Float32Array;
}

export function resampleSlicesXY(input: XYInput): void {
  const { src, shape, z0, z1, wx, wy, dst } = input;
  const [, ny, nx] = shape;
  const bx = wx ? toBand(wx, nx) : null;
  const by = wy ? toBand(wy, ny) : null;
  const X = bx ? bx.count : nx;
  const Y = by ? by.count : ny;
  // y first: it combines whole contiguous rows (the cheap loop), so the x pass, which gathers
  // a few neighbours per output, runs on the Y output rows instead of all ny source rows.
  const rows = new Float32Array(Y * nx);
  const acc = new Float64Array(nx);
  for (let z = z0; z < z1; z++) {
    const srcBase = z * ny * nx;
    const out = z * Y * X;
    if (!by) {
      if (!bx) for (let i = 0; i < ny * nx; i++) dst[out + i] = src[srcBase + i];
      else if (src instanceof Int16Array) xPassInt16(src, srcBase, ny, nx, bx, dst, out);
      else xPass(src, srcBase, ny, nx, bx, dst, out);
      continue;
    }
    for (let j = 0; j < Y; j++) {
      const from = srcBase + by.first[j] * nx;
      if (src instanceof Int16Array && by.taps === 3) rows3Int16(src, from, nx, by.w, j * 3, rows, j * nx);
      else combine(src, from, nx, by.w, j * by.taps, by.taps, nx, rows, j * nx, acc);
    }
    if (!bx) dst.set(rows, out);
    else xPassF32(rows, 0, Y, nx, bx, dst, out);
  }
}

/** The common y case (int16 volume, < 2× reduction) without going through the shared, polymorphic combine(). */
function rows3Int16(src: Int16Array, s: number, nx: number, w: Float64Array, wo: number, dst: Float32Array, d: number): void {
  const w0 = w[wo];
  const w1 = w[wo + 1];
  const w2 = w[wo + 2];
  const s1 = s + nx;
  const s2 = s1 + nx;
  for (let i = 0; i < nx; i++) dst[d + i] = w0 * src[s + i] + w1 * src[s1 + i] + w2 * src[s2 + i];
}

// Copies of the x pass per source type, so each stays monomorphic in V8.

function xPassInt16(src: Int16Array, base: number, ny: number, nx: number, b: Band, dst: Float32Array, out: number): void {
  const { count: X, taps, first, w } = b;
  for (let y = 0; y < ny; y++) {
    const s = base + y * nx;
    const d = out + y * X;
    for (let j = 0; j < X; j++) {
      const i = s + first[j];
      let a = 0;
      for (let t = 0; t < taps; t++) a += w[j * taps + t] * src[i + t];
      dst[d + j] = a;
    }
  }
}

function xPassF32(src: Float32Array, base: number, ny: number, nx: number, b: Band, dst: Float32Array, out: number): void {
  const { count: X, taps, first, w } = b;
  for (let y = 0; y < ny; y++) {
    const s = base + y * nx;
    const d = out + y * X;
    if (taps === 2) {
      for (let j = 0; j < X; j++) {
        const i = s + first[j];
        dst[d + j] = w[2 * j] * src[i] + w[2 * j + 1] * src[i + 1];
      }
    } else if (taps === 3) {
      for (let j = 0; j < X; j++) {
        const i = s + first[j];
        dst[d + j] = w[3 * j] * src[i] + w[3 * j + 1] * src[i + 1] + w[3 * j + 2] * src[i + 2];
      }
    } else {
      for (let j = 0; j < X; j++) {
        const i = s + first[j];
        let a = 0;
        for (let t = 0; t < taps; t++) a += w[j * taps + t] * src[i + t];
        dst[d + j] = a;
      }
    }
  }
}

function xPass(src: VoxelArray, base: number, ny: number, nx: number, b: Band, dst: Float32Array, out: number): void {
  const { count: X, taps, first, w } = b;
  for (let y = 0; y < ny; y++) {
    const s = base + y * nx;
    const d = out + y * X;
    for (let j = 0; j < X; j++) {
      const i = s + first[j];
      let a = 0;
      for (let t = 0; t < taps; t++) a += w[j * taps + t] * src[i + t];
      dst[d + j] = a;
    }
  }
}

/**
 * dst[d + i] = Σ_t w[wo + t] · src[s + t·stride + i] for i < len: a weighted sum of `taps`
 * rows (y pass) or planes (z pass). `acc` is scratch of at least min(len, CHUNK) doubles.
 */
function combine(src: VoxelArray, s: number, stride: number, w: Float64Array, wo: number, taps: number, len: number, dst: Float32Array, d: number, acc: Float64Array): void {
  if (taps === 1) {
    const w0 = w[wo];
    for (let i = 0; i < len; i++) dst[d + i] = w0 * src[s + i];
  } else if (taps === 2) {
    const w0 = w[wo];
    const w1 = w[wo + 1];
    const s1 = s + stride;
    for (let i = 0; i < len; i++) dst[d + i] = w0 * src[s + i] + w1 * src[s1 + i];
  } else if (taps === 3) {
    const w0 = w[wo];
    const w1 = w[wo + 1];
    const w2 = w[wo + 2];
    const s1 = s + stride;
    const s2 = s1 + stride;
    for (let i = 0; i < len; i++) dst[d + i] = w0 * src[s + i] + w1 * src[s1 + i] + w2 * src[s2 + i];
  } else {
    // wide bands: accumulate a cache-sized chunk in double, then write it once
    for (let c = 0; c < len; c += acc.length) {
      const n = Math.min(acc.length, len - c);
      acc.fill(0, 0, n);
      for (let t = 0; t < taps; t++) {
        const wt = w[wo + t];
        if (wt === 0) continue;
        const r = s + t * stride + c;
        for (let i = 0; i < n; i++) acc[i] += wt * src[r + i];
      }
      for (let i = 0; i < n; i++) dst[d + c + i] = acc[i];
    }
  }
}

export interface ZInput {
  /** Planes of `planeSize` voxels, [z][plane]. */
  src: VoxelArray;
  planeSize: number;
  wz: AxisWeights;
  /** Output slices [j0, j1). */
  j0: number;
  j1: number;
  dst: Float32Array;
}

/** The z pass writing GPU texels directly (each output slice is quantized while still in cache). */
export interface ZTexelsInput extends Omit<ZInput, 'dst'> {
  dst: Uint8Array | Uint16Array;
  format: GpuFormat;
  mapping?: LinearMapping;
}

/** Scratch doubles for wide z bands (fits in L1/L2 with the rows it reads). */
const Z_CHUNK = 4096;

export function resampleSlicesZ(input: ZInput): void {
  const { src, planeSize, wz, j0, j1, dst } = input;
  const b = toBand(wz, src.length / planeSize);
  const acc = new Float64Array(Math.min(planeSize, Z_CHUNK));
  for (let j = j0; j < j1; j++) combine(src, b.first[j] * planeSize, planeSize, b.w, j * b.taps, b.taps, planeSize, dst, j * planeSize, acc);
}

export function resampleSlicesZToTexels(input: ZTexelsInput): void {
  const { src, planeSize, wz, j0, j1, dst, format, mapping } = input;
  const b = toBand(wz, src.length / planeSize);
  const acc = new Float64Array(Math.min(planeSize, Z_CHUNK));
  const slice = new Float32Array(planeSize); // the float32 values, exactly as the unfused path stores them
  for (let j = j0; j < j1; j++) {
    combine(src, b.first[j] * planeSize, planeSize, b.w, j * b.taps, b.taps, planeSize, slice, 0, acc);
    quantizeSlab({ src: slice, begin: 0, end: planeSize, dst: dst.subarray(j * planeSize, (j + 1) * planeSize), format, mapping });
  }
}
