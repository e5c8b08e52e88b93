import { describe, expect, it } from 'vitest';
import { halfDecodeTable, toHalfArray } from '../../../src/renderer/viewer/half';
import { fromHalf, toHalf } from '../../../src/shared/half';

// The codec itself is tested exhaustively in test/unit/prepare/half.test.ts; these check the
// renderer's helpers built on it.
describe('renderer half-float helpers', () => {
  it('decode table reads back the encoding of every CT value', () => {
    const table = halfDecodeTable();
    for (let hu = -3024; hu <= 3071; hu++) {
      const back = table[toHalf(hu)];
      if (Math.abs(hu) <= 2048) expect(back).toBe(hu);
      else expect(Math.abs(back - hu)).toBeLessThanOrEqual(1); // spacing 2 above 2048: nearest even
    }
    for (let h = 0; h < 65536; h += 97) {
      if (!Number.isNaN(fromHalf(h))) expect(table[h]).toBe(fromHalf(h));
    }
  });

  it('encodes arrays, clamping overflow to the largest finite half (an infinity would poison interpolation)', () => {
    expect(Array.from(toHalfArray([1, -2, 2049, 2051, 1e6, -1e6]))).toEqual([0x3c00, 0xc000, toHalf(2048), toHalf(2052), 0x7bff, 0xfbff]);
  });
});
