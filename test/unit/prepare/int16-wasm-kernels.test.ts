/**
 * The WebAssembly SIMD kernels for int16 volumes (src/main/wasm/int16-kernels.ts) must agree bit
 * for bit with the JS reference loops: half-float bits for every one of the 65,536 int16 values,
 * and identical histograms on the real .inv3 volumes and on synthetic edge cases (lengths around
 * the 8-voxel step and the copy block, unaligned views and ranges, extremes, long runs).
 */
import { describe, expect, it, vi } from 'vitest';
import { BLOCK, int16Kernels } from '../../../src/main/wasm/int16-kernels';
import { quantizeF16WithHistogram, quantizeF16WithHistogramJs } from '../../../src/main/prepare/quantize-kernel';
import { histogramDirect, histogramDirectJs, type SlabHistogram } from '../../../src/main/prepare/histogram-kernel';
import { int16ToHalfTable, toHalf } from '../../../src/shared/half';
import { openScan } from '../../../src/main/scan/open';
import { INV3_GZ, INV3_PLAIN } from '../data';

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

/** Runs of air, of zeros (the value the kernels pad with), of the extremes, and noise. */
function ctLike(n: number, seed: number): Int16Array {
  const rand = lcg(seed);
  const a = new Int16Array(n);
  let i = 0;
  while (i < n) {
    const run = 1 + Math.floor(rand() * 300);
    const r = rand();
    const value = r < 0.3 ? -1000 : r < 0.4 ? 0 : r < 0.45 ? -32768 : r < 0.5 ? 32767 : null;
    for (let k = 0; k < run && i < n; k++, i++) a[i] = value ?? Math.floor(rand() * 65536) - 32768;
  }
  return a;
}

/** Equal fields and counts (counts compared as bytes: toEqual on 65,536 entries is slow). */
function expectSameHistogram(got: SlabHistogram, want: SlabHistogram, label: string): void {
  expect({ ...got, counts: got.counts.length }, label).toEqual({ ...want, counts: want.counts.length });
  const bytes = (h: SlabHistogram) => Buffer.from(h.counts.buffer, h.counts.byteOffset, h.counts.byteLength);
  expect(bytes(got).equals(bytes(want)), `${label}: counts`).toBe(true);
}

/** Compares dispatching (wasm) and JS results of both kernels on src[begin, end). */
function expectSameAsJs(src: Int16Array, begin: number, end: number, label: string): void {
  const want = new Uint16Array(src.length).fill(0xabcd); // outside [begin, end) must stay untouched
  const got = want.slice();
  const js = quantizeF16WithHistogramJs({ src, begin, end, dst: want, offset: 32768, bins: 65536 });
  const wasm = quantizeF16WithHistogram({ src, begin, end, dst: got, offset: 32768, bins: 65536 });
  expectSameHistogram(wasm, js, label);
  const firstDiff = got.findIndex((h, i) => h !== want[i]);
  expect(firstDiff, `${label}: first differing texel`).toBe(-1);
  expectSameHistogram(histogramDirect(src, begin, end, 32768, 65536), histogramDirectJs(src, begin, end, 32768, 65536), label);
}

describe('int16 WebAssembly SIMD kernels', () => {
  it('are available here (Node 20 and Electron have WebAssembly SIMD)', () => {
    expect(int16Kernels()).not.toBeNull();
  });

  it('half-float bits equal int16ToHalfTable/toHalf for all 65,536 int16 values, each counted once', () => {
    // every value once, shuffled so each 8-voxel vector mixes signs and magnitudes
    const rand = lcg(1);
    const values = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [values[i], values[j]] = [values[j], values[i]];
    }
    const dst = new Uint16Array(values.length);
    const { firstBin, counts } = int16Kernels()!.halfAndCounts(values, 0, values.length, dst);
    const table = int16ToHalfTable();
    const wrong: number[] = [];
    for (let i = 0; i < values.length; i++) if (dst[i] !== table[values[i] + 32768] || dst[i] !== toHalf(values[i])) wrong.push(values[i]);
    expect(wrong).toEqual([]);
    expect([firstBin, counts.length, counts.every((c) => c === 1)]).toEqual([0, 65536, true]);
    // spot checks that do not rely on the table: rounding to even above 2048, the extremes
    expect([2049, 2051, 4098, 4102, 32767, -32768, -1, 0].map((v) => dst[values.indexOf(v)])).toEqual(
      [0x6800, 0x6802, 0x6c00, 0x6c02, 0x7800, 0xf800, 0xbc00, 0],
    );
  });

  it('agrees with the JS loops on odd lengths, unaligned ranges and views, extremes and long runs', () => {
    const all = ctLike(3 * BLOCK + 101, 7);
    const lengths = [0, 1, 7, 8, 9, 15, 16, 17, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 9];
    for (const viewStart of [0, 1, 3]) {
      // byteOffset 2 or 6: not 4- or 16-byte aligned
      const src = all.subarray(viewStart);
      for (const length of lengths) {
        for (const begin of [0, 1, 5]) expectSameAsJs(src, begin, begin + length, `view ${viewStart}, [${begin}, +${length})`);
      }
    }
    expectSameAsJs(all, 0, all.length, 'whole');
  });

  it('counts runs exactly: one value for a whole block and more, zeros of every length (the padding value)', () => {
    for (const value of [-1000, 0, -32768, 32767]) {
      for (const length of [1, 3, 8, 13, BLOCK + 3]) {
        const src = new Int16Array(length).fill(value);
        const h = quantizeF16WithHistogram({ src, begin: 0, end: length, dst: new Uint16Array(length), offset: 32768, bins: 65536 });
        expect([value, length, h.lo, h.min, h.max, h.count, Array.from(h.counts), h.sum]).toEqual([value, length, value, value, value, length, [length], value * length]);
      }
    }
  });

  it('leaves nothing behind between calls (counters are cleared for the next slab)', () => {
    const a = ctLike(50_000, 3);
    const b = ctLike(20_011, 4);
    const first = histogramDirect(a, 0, a.length, 32768, 65536);
    histogramDirect(b, 0, b.length, 32768, 65536);
    expectSameHistogram(histogramDirect(a, 0, a.length, 32768, 65536), first, 'again');
    expectSameHistogram(first, histogramDirectJs(a, 0, a.length, 32768, 65536), 'JS');
  });

  it('returns only the used bins (up to 3 zero bins at either end), or none', () => {
    const src = Int16Array.from([-1000, 3000, -1000, 7, 3000]);
    const { firstBin, counts } = int16Kernels()!.counts(src, 0, src.length);
    const lastBin = firstBin + counts.length - 1;
    expect([firstBin <= 31768 && firstBin >= 31765, lastBin >= 35768 && lastBin <= 35771]).toEqual([true, true]);
    expect([counts[31768 - firstBin], counts[32775 - firstBin], counts[35768 - firstBin]]).toEqual([2, 1, 2]);
    expect(counts.reduce((a, c) => a + c, 0)).toBe(5);
    expect(int16Kernels()!.counts(src, 2, 2).counts.length).toBe(0);
  });

  it('rejects a range outside the arrays instead of counting stale memory', () => {
    const src = new Int16Array(10);
    expect(() => int16Kernels()!.counts(src, 0, 11)).toThrow(RangeError);
    expect(() => int16Kernels()!.halfAndCounts(src, 0, 10, new Uint16Array(9))).toThrow(RangeError);
    // and the next call is still right
    src.fill(5);
    expect(histogramDirect(src, 2, 10, 32768, 65536).counts).toEqual(Uint32Array.from([8]));
  });

  it.each([
    ['gzip .inv3 (DICOM phantom)', INV3_GZ],
    ['plain .inv3 (NIfTI pitch CT)', INV3_PLAIN],
  ])('agrees with the JS loops on the real volume of %s, in slabs', async (_, file) => {
    const volume = await openScan(file);
    const src = volume.data;
    expect(src).toBeInstanceOf(Int16Array);
    if (!(src instanceof Int16Array)) return;
    const slab = 1_000_003; // not a multiple of the block or of 8
    let total = 0;
    for (let begin = 0; begin < src.length; begin += slab) {
      const end = Math.min(src.length, begin + slab);
      expectSameAsJs(src, begin, end, `${file} [${begin}, ${end})`);
      total += end - begin;
    }
    expect(total).toBe(src.length);
  });
});

describe('fallback without WebAssembly SIMD', () => {
  it('HOUNSFIELD_JS_PREPARE_KERNELS turns the kernels off; the dispatchers then give the JS results', async () => {
    vi.resetModules();
    vi.stubEnv('HOUNSFIELD_JS_PREPARE_KERNELS', '1');
    try {
      const wasm = await import('../../../src/main/wasm/int16-kernels');
      const quantize = await import('../../../src/main/prepare/quantize-kernel');
      const histogram = await import('../../../src/main/prepare/histogram-kernel');
      expect(wasm.int16Kernels()).toBeNull();
      const src = ctLike(10_007, 9);
      const dst = new Uint16Array(src.length);
      const h = quantize.quantizeF16WithHistogram({ src, begin: 3, end: 10_000, dst, offset: 32768, bins: 65536 });
      expectSameHistogram(h, histogramDirectJs(src, 3, 10_000, 32768, 65536), 'fused');
      expectSameHistogram(histogram.histogramDirect(src, 3, 10_000, 32768, 65536), h, 'histogram');
      const table = int16ToHalfTable();
      expect(dst.every((d, i) => d === (i >= 3 && i < 10_000 ? table[src[i] + 32768] : 0))).toBe(true);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
