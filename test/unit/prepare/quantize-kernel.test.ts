import { describe, expect, it } from 'vitest';
import { quantizeF16WithHistogram, quantizeSlab, roundHalfUp } from '../../../src/main/prepare/quantize-kernel';
import { histogramDirect } from '../../../src/main/prepare/histogram-kernel';
import { toHalf } from '../../../src/shared/half';

/** Deterministic int16 values covering the whole range, with runs (like air) and extremes. */
function sample(n: number): Int16Array {
  const a = new Int16Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = i % 7 === 0 ? -1000 : (s >>> 8) - 32768;
  }
  a[0] = -32768;
  a[1] = 32767;
  return a;
}

describe('fused f16 + histogram kernel', () => {
  it('matches toHalf and histogramDirect for every alignment of begin, end and the views', () => {
    const all = sample(10_007);
    for (const viewStart of [0, 1]) {
      // viewStart 1: arrays whose byteOffset is not a multiple of 4 (the 32-bit path must not apply blindly)
      const src = new Int16Array(all.buffer, viewStart * 2, all.length - viewStart);
      for (const [begin, end] of [[0, src.length], [1, src.length - 1], [2, 3], [3, 3], [5, 4006]]) {
        const dst = new Uint16Array(src.length + viewStart).subarray(viewStart);
        const h = quantizeF16WithHistogram({ src, begin, end, dst, offset: 32768, bins: 65536 });
        for (let i = 0; i < src.length; i++) {
          const want = i >= begin && i < end ? toHalf(src[i]) : 0;
          if (dst[i] !== want) expect([viewStart, begin, end, i, dst[i]]).toEqual([viewStart, begin, end, i, want]);
        }
        expect(h).toEqual(histogramDirect(src, begin, end, 32768, 65536));
      }
    }
  });

  it('handles uint8 sources', () => {
    const src = new Uint8Array(999).map((_, i) => (i * 37) & 255);
    const dst = new Uint16Array(999);
    const h = quantizeF16WithHistogram({ src, begin: 3, end: 998, dst, offset: 0, bins: 256 });
    for (let i = 3; i < 998; i++) expect(dst[i]).toBe(toHalf(src[i]));
    expect(h).toEqual(histogramDirect(src, 3, 998, 0, 256));
  });
});

describe('roundHalfUp', () => {
  it('is Math.round for halves, signs, huge values and the double just below ½', () => {
    const xs = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, 0.49999999999999994, -0.49999999999999994, 4503599627370495.5, 1e300, -1e300, 1 / 3, -2 / 3];
    for (const x of xs) expect([x, roundHalfUp(x) + 0]).toEqual([x, Math.round(x) + 0]); // + 0: −0 and 0 store alike
  });
});

describe('quantizeSlab', () => {
  it('f16 from int16 and float32 is toHalf, bit for bit', () => {
    const i16 = sample(5000);
    const d1 = new Uint16Array(5000);
    quantizeSlab({ src: i16, begin: 0, end: 5000, dst: d1, format: 'f16' });
    const f32 = Float32Array.from(i16, (v, i) => (i % 3 === 0 ? v + 0.3 : v));
    const d2 = new Uint16Array(5000);
    quantizeSlab({ src: f32, begin: 0, end: 5000, dst: d2, format: 'f16' });
    for (let i = 0; i < 5000; i++) {
      if (d1[i] !== toHalf(i16[i]) || d2[i] !== toHalf(f32[i])) expect([i, d1[i], d2[i]]).toEqual([i, toHalf(i16[i]), toHalf(f32[i])]);
    }
  });

  it('u8/u16 codes are round((v − huMin)·top/(huMax − huMin)) clamped, NaN → 0', () => {
    const mapping = { huMin: -1000, huMax: 3000 };
    const f32 = Float32Array.from(sample(4000), (v) => v / 7);
    f32[10] = NaN;
    // exact halves (round up), −0.5 (→ −0 → 0), clamping, NaN: with huMin 0 and scale 1 these
    // reach the rounding unchanged
    const edges = [0.5, 1.5, 2.5, -0.5, -1.5, 254.5, 255.5, 65534.5, 65535.5, 1e10, -1e10, NaN];
    for (const [format, top] of [['u8', 255], ['u16', 65535]] as const) {
      const src = Float32Array.from(edges);
      const dst = format === 'u8' ? new Uint8Array(edges.length) : new Uint16Array(edges.length);
      quantizeSlab({ src, begin: 0, end: edges.length, dst, format, mapping: { huMin: 0, huMax: top } });
      for (let i = 0; i < edges.length; i++) {
        const c = Math.round(src[i]);
        expect([format, src[i], dst[i]]).toEqual([format, src[i], Number.isNaN(c) ? 0 : Math.min(top, Math.max(0, c))]);
      }
    }
    const i16 = sample(4000);
    for (const [format, top] of [['u8', 255], ['u16', 65535]] as const) {
      for (const src of [f32, i16]) {
        const dst = format === 'u8' ? new Uint8Array(4000) : new Uint16Array(4000);
        quantizeSlab({ src, begin: 0, end: 4000, dst, format, mapping });
        for (let i = 0; i < 4000; i++) {
          const c = Math.round((src[i] - mapping.huMin) * (top / (mapping.huMax - mapping.huMin)));
          const want = Number.isNaN(c) ? 0 : Math.min(top, Math.max(0, c));
          if (dst[i] !== want) expect([format, i, dst[i]]).toEqual([format, i, want]);
        }
      }
    }
  });
});
