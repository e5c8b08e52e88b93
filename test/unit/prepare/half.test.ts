import { describe, expect, it } from 'vitest';
import { fromHalf, int16ToHalfTable, toHalf, HALF_MAX } from '../../../src/shared/half';

/** Correctly rounded half of an integer, computed independently: nearest multiple of the ulp, ties to even. */
function expectedHalfValue(v: number): number {
  const a = Math.abs(v);
  if (a > HALF_MAX) return Math.sign(v) * HALF_MAX; // our documented clamp
  if (a < 2048) return v;
  const ulp = 2 ** (Math.floor(Math.log2(a)) - 10);
  const q = a / ulp;
  let r = Math.round(q);
  if (q - Math.floor(q) === 0.5 && Math.floor(q) % 2 === 0) r = Math.floor(q); // tie → even
  return Math.sign(v) * Math.min(r * ulp, HALF_MAX);
}

describe('float → half', () => {
  it('is exact for every integer in ±2048 and correctly rounded for every other int16', () => {
    const table = int16ToHalfTable();
    let exact = 0;
    for (let v = -32768; v <= 32767; v++) {
      const h = toHalf(v);
      expect(table[v + 32768]).toBe(h);
      const back = fromHalf(h);
      if (Math.abs(v) <= 2048) {
        if (back !== v) expect(back).toBe(v);
        exact++;
      } else if (back !== expectedHalfValue(v)) {
        expect([v, back]).toEqual([v, expectedHalfValue(v)]);
      }
    }
    expect(exact).toBe(4097);
    // ties at 2049 (between 2048 and 2050) go to the even mantissa, 2048; 2051 → 2052
    expect(fromHalf(toHalf(2049))).toBe(2048);
    expect(fromHalf(toHalf(2051))).toBe(2052);
    expect(fromHalf(toHalf(-2051))).toBe(-2052);
  });

  it('handles fractions, subnormals, signs and overflow bit-exactly', () => {
    expect(toHalf(0)).toBe(0x0000);
    expect(toHalf(-0)).toBe(0x8000);
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(0.1)).toBe(0x2e66);
    expect(toHalf(1 / 3)).toBe(0x3555);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(65520)).toBe(0x7bff); // would round to inf: clamped
    expect(toHalf(1e9)).toBe(0x7bff);
    expect(toHalf(-Infinity)).toBe(0xfbff);
    expect(Number.isNaN(fromHalf(toHalf(NaN)))).toBe(true);
    expect(toHalf(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalf(2 ** -25)).toBe(0x0000); // exact tie → even (0)
    expect(toHalf(3 * 2 ** -25)).toBe(0x0002); // tie between 1 and 2 → even (2)
    expect(toHalf(2 ** -14)).toBe(0x0400); // smallest normal
    expect(toHalf(1023.75 * 2 ** -24)).toBe(0x0400); // rounds up into the smallest normal
    // every finite half pattern converts back to itself
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue;
      const back = toHalf(fromHalf(h));
      if (back !== h && !(h === 0x8000 && back === 0x8000)) expect([h, back]).toEqual([h, h]);
    }
  });
});
