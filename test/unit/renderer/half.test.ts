import { describe, expect, it } from 'vitest';
import { floatToHalf, halfDecodeTable, halfToFloat, toHalfArray } from '../../../src/renderer/viewer/half';
import { toHalf } from '../../../src/main/prepare/half';

describe('half floats', () => {
  it('round-trips every integer HU in ±2048 exactly', () => {
    for (let hu = -2048; hu <= 2048; hu++) expect(halfToFloat(floatToHalf(hu))).toBe(hu);
  });

  it('decodes the prepare pipeline’s encoding of every CT value back to the same HU', () => {
    // prepare writes half bits (src/main/prepare/half.ts); the renderer reads them (bricks, tests).
    const table = halfDecodeTable();
    for (let hu = -3024; hu <= 3071; hu++) {
      const back = table[toHalf(hu)];
      if (Math.abs(hu) <= 2048) expect(back).toBe(hu);
      else expect(Math.abs(back - hu)).toBeLessThanOrEqual(1); // spacing 2 above 2048: nearest even
    }
  });

  it('rounds to nearest even, handles subnormals, overflow and signs', () => {
    expect(halfToFloat(floatToHalf(2049))).toBe(2048); // tie → even mantissa
    expect(halfToFloat(floatToHalf(2051))).toBe(2052);
    expect(floatToHalf(1e6)).toBe(0x7c00);
    expect(floatToHalf(-1e6)).toBe(0xfc00);
    expect(halfToFloat(floatToHalf(2 ** -20))).toBeCloseTo(2 ** -20, 10);
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(halfToFloat(floatToHalf(0.02))).toBeCloseTo(0.02, 4);
    expect(Array.from(toHalfArray([1, -2]))).toEqual([0x3c00, 0xc000]);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });
});
