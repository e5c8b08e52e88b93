/**
 * Two hot loops for int16 volumes in WebAssembly SIMD (about 7–10× plain JS loops, which
 * stay as the reference and the fallback): the value range (range, see rangeBody) and the
 * mask rule of masks.ts, 16 voxels at a time.
 *
 * The module is tiny and assembled here from named opcodes (wasm/assemble.ts), so there is no
 * opaque binary in the repository. The mask function, in WAT-like pseudo code:
 *
 *   mask(vol, stored, out, n, lo, hi, keep255) -> count      ;; n is a multiple of 16
 *     for i in 0, 16, … < n:
 *       a, b  = 8 int16 voxels each at vol + 2i, vol + 2i + 16
 *       thr   = narrow_s(lo <= a <= hi, lo <= b <= hi)        ;; 16 × 0x00/0xFF
 *       s     = 16 stored bytes at stored + i
 *       in    = s == 253 | s == 254 | (s == 255 & keep255)   ;; kept as "inside"
 *       out_  = s == 1 | s == 2                               ;; kept as "outside"
 *       r     = in | (thr & ~out_)
 *       store (r & 1) at out + i;  count += popcnt(bitmask(r))
 *
 * Not-yet-thresholded slices use keep255 = 0 (255 is recomputed); thresholded slices use an
 * empty range and keep255 = -1, which gives "inside = stored ≥ 253".
 */

import { I32, V128, EMPTY, assembleModule, get, i32, op, set, simd as s, simdMem as mem, simdOp as simd, tee } from '../../wasm/assemble';

// Locals: parameters 0–6, then i, count, and v128 constants/temporaries.
const [VOL, STORED, OUT, N, LO, HI, KEEP] = [0, 1, 2, 3, 4, 5, 6];
const [I, COUNT] = [7, 8];
const [VLO, VHI, VKEEP, C1, C2, C253, C254, C255, ONE, S] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18];

const splat8 = (value: number, local: number) => [...i32(value), ...s(simd.i8x16Splat), ...set(local)];
const eqS = (c: number) => [...get(S), ...get(c), ...s(simd.i8x16Eq)];

function kernelBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule(1, [
    { name: 'mask', params: [I32, I32, I32, I32, I32, I32, I32], results: [I32], locals: [I32, I32, ...Array<number>(11).fill(V128)], body: maskBody() },
    { name: 'range', params: [I32, I32, I32], results: [], locals: [I32, V128, V128], body: rangeBody() },
  ]);
}

function maskBody(): number[] {
  // A v128 temporary for the loaded voxels; declared after S.
  const V = 19;
  const range = (offset: number) => [
    ...get(VOL), ...get(I), ...i32(1), op.i32Shl, op.i32Add, ...mem(simd.load, offset), ...tee(V),
    ...get(VLO), ...s(simd.i16x8GeS),
    ...get(V), ...get(VHI), ...s(simd.i16x8LeS),
    ...s(simd.and),
  ];
  return [
    ...get(LO), ...s(simd.i16x8Splat), ...set(VLO),
    ...get(HI), ...s(simd.i16x8Splat), ...set(VHI),
    ...get(KEEP), ...s(simd.i8x16Splat), ...set(VKEEP),
    ...splat8(1, C1), ...splat8(2, C2), ...splat8(253, C253), ...splat8(254, C254), ...splat8(255, C255), ...splat8(1, ONE),
    op.loop, EMPTY,
    // s = stored[i .. i+16]
    ...get(STORED), ...get(I), op.i32Add, ...mem(simd.load, 0), ...set(S),
    ...get(OUT), ...get(I), op.i32Add, // address for the store below
    // in = s==253 | s==254 | (s==255 & keep)
    ...eqS(C253), ...eqS(C254), ...s(simd.or), ...eqS(C255), ...get(VKEEP), ...s(simd.and), ...s(simd.or),
    // thr & ~(s==1 | s==2)
    ...range(0), ...range(16), ...s(simd.i8x16NarrowI16x8S),
    ...eqS(C1), ...eqS(C2), ...s(simd.or),
    ...s(simd.andnot),
    ...s(simd.or), ...tee(S), // r (S is free again)
    ...get(ONE), ...s(simd.and), ...mem(simd.store, 0),
    ...get(S), ...s(simd.i8x16Bitmask), op.i32Popcnt, ...get(COUNT), op.i32Add, ...set(COUNT),
    ...get(I), ...i32(16), op.i32Add, ...tee(I), ...get(N), op.i32LtU, op.brIf, 0,
    op.end,
    ...get(COUNT),
  ];
}

/**
 * range(vol, n, out): running i16x8 min and max over n int16 (n a multiple of 8, n > 0),
 * stored as two vectors at out and out + 16; the caller reduces the 8 lanes.
 */
function rangeBody(): number[] {
  const [PTR, COUNT, OUTP, J, VMIN, VMAX] = [0, 1, 2, 3, 4, 5];
  const load = [...get(PTR), ...get(J), ...i32(1), op.i32Shl, op.i32Add, ...mem(simd.load, 0)];
  return [
    ...get(PTR), ...mem(simd.load, 0), ...tee(VMIN), ...set(VMAX),
    op.loop, EMPTY,
    ...get(VMIN), ...load, ...s(simd.i16x8MinS), ...set(VMIN),
    ...get(VMAX), ...load, ...s(simd.i16x8MaxS), ...set(VMAX),
    ...get(J), ...i32(8), op.i32Add, ...tee(J), ...get(COUNT), op.i32LtU, op.brIf, 0,
    op.end,
    ...get(OUTP), ...get(VMIN), ...mem(simd.store, 0),
    ...get(OUTP), ...get(VMAX), ...mem(simd.store, 16),
  ];
}

export interface SimdKernels {
  /** Applies the rule to `n` voxels (any n ≥ 0); writes 1/0 into `out`, returns how many are 1. */
  /**
   * One axial slice: `volume` holds its ny·nx voxels, `plane` the raw mask plane of ny+1 rows
   * of nx+1 bytes (flag row and flag column included). Writes ny·nx 1/0 bytes into `out`
   * (which may overlap `plane`: it is read completely first) and returns how many are 1.
   */
  run(volume: Int16Array, plane: Uint8Array, ny: number, nx: number, out: Uint8Array, lo: number, hi: number, keep255: boolean): number;
  /** [min, max] of a non-empty int16 array. */
  range(values: Int16Array): [number, number];
}

/** Values per call of the range function: bounds the scratch memory. */
const RANGE_CHUNK = 1 << 20;

let cached: SimdKernels | null | undefined;
let compiled: WebAssembly.Module | null | undefined;

/**
 * Compile the module on V8's background threads (readInv3 starts this while it reads the
 * archive); simdKernels() then only instantiates it. Never rejects.
 */
export async function prepareSimdKernels(): Promise<void> {
  if (compiled !== undefined) return;
  try {
    compiled = await WebAssembly.compile(kernelBytes());
  } catch {
    compiled = null;
  }
}

/** The SIMD kernels, or null where WebAssembly SIMD is unavailable (callers fall back to JS). */
export function simdKernels(): SimdKernels | null {
  if (cached !== undefined) return cached;
  try {
    const instance = new WebAssembly.Instance(compiled ?? new WebAssembly.Module(kernelBytes()));
    const memory = instance.exports.memory as WebAssembly.Memory;
    const mask = instance.exports.mask as (...args: number[]) => number;
    const rangeFn = instance.exports.range as (...args: number[]) => void;
    const ensure = (bytes: number) => {
      if (memory.buffer.byteLength < bytes) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536));
    };
    cached = {
      range(values) {
        ensure(RANGE_CHUNK * 2 + 32);
        let min = values[0];
        let max = values[0];
        for (let start = 0; start < values.length; start += RANGE_CHUNK) {
          const chunk = values.subarray(start, Math.min(values.length, start + RANGE_CHUNK));
          const padded = Math.ceil(chunk.length / 8) * 8;
          const scratch = new Int16Array(memory.buffer, 0, padded);
          scratch.set(chunk);
          scratch.fill(chunk[0], chunk.length); // padding cannot change min or max
          rangeFn(0, padded, RANGE_CHUNK * 2);
          const lanes = new Int16Array(memory.buffer, RANGE_CHUNK * 2, 16);
          for (let i = 0; i < 8; i++) {
            if (lanes[i] < min) min = lanes[i];
            if (lanes[8 + i] > max) max = lanes[8 + i];
          }
        }
        return [min, max];
      },
      run(volume, plane, ny, nx, out, lo, hi, keep255) {
        const n = ny * nx;
        const padded = Math.ceil(n / 16) * 16;
        if (padded === 0) return 0;
        // int16 voxels, then the stored bytes (rewritten in place); room for the whole plane
        ensure(padded * 2 + Math.max(padded, plane.length));
        new Int16Array(memory.buffer, 0, n).set(volume);
        const bytes = new Uint8Array(memory.buffer, padded * 2, Math.max(padded, plane.length));
        // One bulk copy of rows 1..ny, then drop each row's flag byte in place (moves go left).
        bytes.set(plane.subarray(nx + 1));
        for (let j = 0; j < ny; j++) bytes.copyWithin(j * nx, j * (nx + 1) + 1, (j + 1) * (nx + 1));
        bytes.fill(1, n, padded); // padding lanes: "erased by hand" → 0, never counted
        const count = mask(0, padded * 2, padded * 2, padded, lo, hi, keep255 ? -1 : 0);
        out.set(bytes.subarray(0, n));
        return count;
      },
    };
  } catch {
    cached = null;
  }
  return cached;
}
