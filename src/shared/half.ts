/**
 * IEEE 754 binary16 ("half") conversion, bit-exact with round-to-nearest-even.
 * The GPU stores HU as half floats ('f16'): every integer in ±2048 is exact, larger
 * magnitudes round to the nearest representable half (ties to even), as a GPU would.
 * Values beyond the largest finite half (65504) are clamped to ±65504 rather than
 * becoming infinity: a CT value is never that large, and an infinity would poison
 * the renderer's interpolation. NaN stays NaN.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export const HALF_MAX = 65504;
const HALF_MAX_BITS = 0x7bff;

/** Half-float bits of `value` (any JS number; first rounded to float32, which is exact for our inputs). */
export function toHalf(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;

  if (exp === 0xff) return mant !== 0 ? sign | 0x7e00 : sign | HALF_MAX_BITS; // NaN, ±inf → ±max
  const e = exp - 127 + 15; // re-biased exponent
  if (e >= 0x1f) return sign | HALF_MAX_BITS; // too large: clamp
  if (e <= 0) {
    // Subnormal half (or zero): shift the mantissa, with its implicit 1, right by 1 − e + 13.
    if (e < -10) return sign; // rounds to ±0
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    const up = rest > mid || (rest === mid && (half & 1) === 1);
    return sign | (half + (up ? 1 : 0));
  }
  // Normal: keep 10 mantissa bits, round the 13 dropped bits to nearest even.
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  const up = rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1);
  const rounded = half + (up ? 1 : 0); // a carry into the exponent is still correct
  return sign | (rounded >= 0x7c00 ? HALF_MAX_BITS : rounded);
}

/** The number a half-float bit pattern stands for. */
export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

let int16Table: Uint16Array | null = null;

/** Half bits for every int16 value, indexed by (value + 32768). Built once per thread (128 KB). */
export function int16ToHalfTable(): Uint16Array {
  if (!int16Table) {
    int16Table = new Uint16Array(65536);
    for (let i = 0; i < 65536; i++) int16Table[i] = toHalf(i - 32768);
  }
  return int16Table;
}
