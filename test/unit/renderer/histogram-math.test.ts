import { describe, expect, it } from 'vitest';
import { columnHeights, histogramAxis, histogramPlot, tickStep, ticks, valueToX, xToValue } from '../../../src/renderer/panels/histogram-math';

describe('histogram panel maths', () => {
  const hist = { min: -1024, max: 1023, binWidth: 1, counts: new Uint32Array(2048) };
  hist.counts[0] = 99_999; // air
  hist.counts[1024 + 40] = 999; // soft tissue
  hist.counts[1024 + 700] = 9; // bone

  it('maps values to pixels and back', () => {
    const axis = histogramAxis(hist, 256);
    expect(axis).toEqual({ min: -1024, max: 1024, width: 256 });
    expect(valueToX(axis, 0)).toBe(128);
    expect(xToValue(axis, 64)).toBe(-512);
  });

  it('draws log counts relative to the tallest column', () => {
    const h = columnHeights(hist, histogramAxis(hist, 256));
    expect(h[0]).toBe(1);
    expect(h[Math.floor(((40 + 1024) / 2048) * 256)]).toBeCloseTo(3 / 5, 6); // log10(1000)/log10(100000)
    expect(h[Math.floor(((700 + 1024) / 2048) * 256)]).toBeCloseTo(1 / 5, 6);
    expect(h[50]).toBe(0);
  });

  it('keeps HU axes to −1024…3072 whatever padding or metal the scan holds; non-HU axes span the data', () => {
    expect(histogramAxis({ min: -3024, max: 30000, binWidth: 1 }, 100)).toEqual({ min: -1024, max: 3072, width: 100 });
    expect(histogramAxis({ min: -3024, max: 30000, binWidth: 1 }, 100, false)).toEqual({ min: -3024, max: 30001, width: 100 });
    expect(histogramAxis({ min: 0, max: 255, binWidth: 1 }, 100, false)).toEqual({ min: 0, max: 256, width: 100 });
  });

  it('picks nice ticks', () => {
    expect(tickStep(2048, 5)).toBe(500);
    expect(ticks({ min: -1024, max: 1024, width: 100 }, 5)).toEqual([-1000, -500, 0, 500, 1000]);
    expect(histogramPlot(150)).toEqual({ top: 14, bottom: 134, height: 120 });
  });
});
