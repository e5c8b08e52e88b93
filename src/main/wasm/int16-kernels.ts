/**
 * prepare's two elementwise passes over int16 volumes in WebAssembly SIMD: the 1-HU histogram,
 * and the same histogram fused with the half-float texel bits ('f16'). The plain JS loops in
 * prepare/histogram-kernel.ts and prepare/quantize-kernel.ts are the reference and the fallback.
 *
 * wasm only sees its own memory and the volume lives in a SharedArrayBuffer, so voxels go
 * through in blocks: copy BLOCK voxels in, run, copy the texels out. Memory layout (bytes):
 *
 *   0         4 count arrays × 65,536 uint32, indexed by the voxel's raw 16 bits (see below),
 *             each STRIDE bytes after the previous one
 *   SUM       the summed counts, indexed by bin = value + 32768 (what callers read)
 *   IN, OUT   input block: BLOCK int16; output block: BLOCK half-float bits
 *   RANGE     two int32 written by sum()
 *
 * Counting by the raw bits u (= value & 0xffff) saves the "+ 32768" per voxel: bin = u ^ 0x8000,
 * i.e. the two halves of the array swapped, which the sum pass does for free. Four arrays, used
 * in turn, keep long runs of one value (air) from waiting on the previous increment of one
 * counter. In WAT-like pseudo code:
 *
 *   halfCount(nbytes)                         ;; nbytes: a multiple of 16
 *     for j in 0, 16, … < nbytes:
 *       v = v128.load(IN + j)                 ;; 8 voxels
 *       a = i16x8.abs(v)                      ;; |−32768| wraps to 0x8000: right as unsigned
 *       store OUT + j: narrow_u(half(extend_low_u(a)), half(extend_high_u(a))) | (v & 0x8000)
 *       for k in 0..7: counts[k % 4][load16_u(IN + j + 2k)]++
 *   count(nbytes): the same without the texels
 *   sum(COUNT_BYTES): SUM[b] = Σ counts[·][b ^ 0x8000]; counts zeroed for the next slab; the
 *     byte offsets in SUM of the first and last non-zero 4-bin vectors stored at RANGE (−1: none),
 *     so the caller trims only the used range instead of scanning 65,536 bins in JS
 *
 *   half(x) per i32 lane, x = |value| ≤ 32768: the float32 bits b of x (exact) turned into
 *   half bits with round-to-nearest-even on the 13 dropped mantissa bits:
 *     max(0, (b − (112 << 23) + 0xfff + ((b >> 13) & 1)) >>s 13)
 *   112 = 127 − 15 re-biases the exponent; x = 0 (b = 0) goes negative and the max makes it 0.
 *   No int16 is a subnormal half or beyond the half range, so no other case arises.
 */
import { EMPTY, I32, V128, assembleModule, get, i32, memOp, op, set, simd, simdMem, simdOp, tee } from './assemble';

/** Voxels per copy-in: 64 KiB in + 64 KiB out stay in L2 (measured: 16K–64K are within noise). */
export const BLOCK = 1 << 15;
const COUNTERS = 4;
const COUNT_BYTES = 65536 * 4;
/**
 * Counter arrays start 1088 bytes (17 cache lines) apart beyond their size: a run of one value
 * then hits a different L1 set in each array and no load waits on a store to an address that
 * merely shares its low 12 bits ("4K aliasing"). Measured: with 8 counters this made counting
 * 1.7× faster; with these 4 the gain is within the noise of this shared machine. 8 staggered
 * counters were no faster than 4.
 */
const STRIDE = COUNT_BYTES + 1088;
const SUM = COUNTERS * STRIDE;
const IN = SUM + COUNT_BYTES;
const OUT = IN + BLOCK * 2;
const RANGE = OUT + BLOCK * 2;
const PAGES = Math.ceil((RANGE + 8) / 65536);

// Locals shared by the three functions: the parameter, then the loop offset and temporaries.
const [NBYTES, J, ADDR, V, ABS, SIGN, ONE, BIAS, ZERO, FLOAT, FIRST, LAST] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const LOCALS = [I32, I32, V128, V128, V128, V128, V128, V128, V128, I32, I32]; // ZERO stays 0: locals start zeroed

/** counts[k % 4][raw bits of voxel k of the 8 at IN + j]++ */
function countEight(): number[] {
  const code: number[] = [];
  for (let k = 0; k < 8; k++) {
    const counter = (k % COUNTERS) * STRIDE;
    code.push(
      ...get(J), ...memOp(op.i32Load16U, 1, IN + 2 * k), ...i32(2), op.i32Shl, ...tee(ADDR),
      ...get(ADDR), ...memOp(op.i32Load, 2, counter), ...i32(1), op.i32Add,
      ...memOp(op.i32Store, 2, counter),
    );
  }
  return code;
}

/** i32x4 of magnitudes on the stack → i32x4 of their half bits (see the header). */
function halfOfMagnitudes(): number[] {
  return [
    ...simd(simdOp.f32x4ConvertI32x4S), ...tee(FLOAT), // bits b
    ...get(BIAS), ...simd(simdOp.i32x4Add),
    ...get(FLOAT), ...i32(13), ...simd(simdOp.i32x4ShrU), ...get(ONE), ...simd(simdOp.and),
    ...simd(simdOp.i32x4Add),
    ...i32(13), ...simd(simdOp.i32x4ShrS),
    ...get(ZERO), ...simd(simdOp.i32x4MaxS),
  ];
}
const loopTail = [...get(J), ...i32(16), op.i32Add, ...tee(J), ...get(NBYTES), op.i32LtU, op.brIf, 0, op.end];

function halfCountBody(): number[] {
  return [
    ...i32(0x8000), ...simd(simdOp.i16x8Splat), ...set(SIGN),
    ...i32(1), ...simd(simdOp.i32x4Splat), ...set(ONE),
    ...i32(0xfff - (112 << 23)), ...simd(simdOp.i32x4Splat), ...set(BIAS),
    op.loop, EMPTY,
    ...get(J), // address of the texel store
    ...get(J), ...simdMem(simdOp.load, IN), ...tee(V),
    ...simd(simdOp.i16x8Abs), ...tee(ABS),
    ...simd(simdOp.i32x4ExtendLowI16x8U), ...halfOfMagnitudes(),
    ...get(ABS), ...simd(simdOp.i32x4ExtendHighI16x8U), ...halfOfMagnitudes(),
    ...simd(simdOp.i16x8NarrowI32x4U),
    ...get(V), ...get(SIGN), ...simd(simdOp.and), ...simd(simdOp.or),
    ...simdMem(simdOp.store, OUT),
    ...countEight(),
    ...loopTail,
  ];
}

function countBody(): number[] {
  return [op.loop, EMPTY, ...countEight(), ...loopTail];
}

/**
 * SUM[b] = Σ counts[·][b ^ 0x8000], four bins at a time; the counts are zeroed behind. Where the
 * sum is non-zero: FIRST = J if still −1, LAST = J. Both are stored at RANGE at the end.
 */
function sumBody(): number[] {
  const load = (c: number) => [...get(ADDR), ...simdMem(simdOp.load, c * STRIDE)];
  const zero = (c: number) => [...get(ADDR), ...get(ZERO), ...simdMem(simdOp.store, c * STRIDE)];
  const rest: number[] = [];
  for (let c = 1; c < COUNTERS; c++) rest.push(...load(c), ...simd(simdOp.i32x4Add));
  const zeros: number[] = [];
  for (let c = 0; c < COUNTERS; c++) zeros.push(...zero(c));
  return [
    ...i32(-1), ...set(FIRST),
    op.loop, EMPTY,
    ...get(J), // address of the sum store
    ...get(J), ...i32(0x20000), op.i32Xor, ...tee(ADDR), ...simdMem(simdOp.load, 0), ...rest,
    ...tee(V), ...simdMem(simdOp.store, SUM),
    ...zeros,
    ...get(V), ...simd(simdOp.anyTrue), op.if, EMPTY,
    ...get(FIRST), ...i32(-1), op.i32Eq, op.if, EMPTY, ...get(J), ...set(FIRST), op.end,
    ...get(J), ...set(LAST),
    op.end,
    ...loopTail,
    ...i32(0), ...get(FIRST), ...memOp(op.i32Store, 2, RANGE),
    ...i32(0), ...get(LAST), ...memOp(op.i32Store, 2, RANGE + 4),
  ];
}

export function int16KernelBytes(): Uint8Array<ArrayBuffer> {
  return assembleModule(PAGES, [
    { name: 'halfCount', params: [I32], results: [], locals: LOCALS, body: halfCountBody() },
    { name: 'count', params: [I32], results: [], locals: LOCALS, body: countBody() },
    { name: 'sum', params: [I32], results: [], locals: LOCALS, body: sumBody() },
  ]);
}

/** Counts by bin = value + 32768 for bins firstBin, firstBin + 1, …; every other bin is 0. */
export interface UsedCounts {
  firstBin: number;
  /** A view into the module's memory, overwritten by the next call: read or copy it before then. */
  counts: Uint32Array;
}

export interface Int16Kernels {
  /** Counts of src[begin, end) (65,536 bins, trimmed to at most 3 zero bins at either end). */
  counts(src: Int16Array, begin: number, end: number): UsedCounts;
  /** The same counts, and dst[i] = half-float bits of src[i] for i in [begin, end). */
  halfAndCounts(src: Int16Array, begin: number, end: number, dst: Uint16Array): UsedCounts;
}

let cached: Int16Kernels | null | undefined;

/**
 * This thread's kernels (compiled and instantiated on first use, synchronously: the module is
 * a few hundred bytes), or null where WebAssembly SIMD is unavailable or the environment sets
 * HOUNSFIELD_JS_PREPARE_KERNELS (for A/B measurements of prepare); callers then use their JS loops.
 */
export function int16Kernels(): Int16Kernels | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (typeof process !== 'undefined' && process.env.HOUNSFIELD_JS_PREPARE_KERNELS) return cached;
  try {
    cached = instantiate();
  } catch {
    cached = null;
  }
  return cached;
}

function instantiate(): Int16Kernels {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(int16KernelBytes()));
  const exports = instance.exports as { memory: WebAssembly.Memory; halfCount(n: number): void; count(n: number): void; sum(n: number): void };
  // The memory never grows, so these views stay valid.
  const buffer = exports.memory.buffer;
  const sums = new Uint32Array(buffer, SUM, 65536);
  const input = new Int16Array(buffer, IN, BLOCK);
  const output = new Uint16Array(buffer, OUT, BLOCK);
  const range = new Int32Array(buffer, RANGE, 2);

  function run(src: Int16Array, begin: number, end: number, dst: Uint16Array | null): UsedCounts {
    // Checked first, so nothing below throws and leaves the counters non-zero (sum() clears them).
    if (!(begin >= 0 && end <= src.length) || (dst && dst.length < end)) {
      throw new RangeError(`voxel range [${begin}, ${end}) outside the arrays`);
    }
    let padding = 0;
    for (let i = begin; i < end; i += BLOCK) {
      const n = Math.min(BLOCK, end - i);
      const padded = (n + 7) & ~7; // the kernels take 8 voxels at a time
      input.set(src.subarray(i, i + n));
      input.fill(0, n, padded); // counted as value 0, taken off below
      padding += padded - n;
      if (dst) {
        exports.halfCount(padded * 2);
        dst.set(output.subarray(0, n), i);
      } else {
        exports.count(padded * 2);
      }
    }
    exports.sum(COUNT_BYTES);
    sums[32768] -= padding; // may leave zeros at an end of the range: trimCounts drops them
    const [first, last] = range;
    if (first < 0) return { firstBin: 0, counts: sums.subarray(0, 0) };
    return { firstBin: first / 4, counts: sums.subarray(first / 4, last / 4 + 4) };
  }

  return {
    counts: (src, begin, end) => run(src, begin, end, null),
    halfAndCounts: (src, begin, end, dst) => run(src, begin, end, dst),
  };
}
