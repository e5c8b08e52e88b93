import { describe, expect, it } from 'vitest';
import {
  buildTransferLut,
  buildWindowLut,
  evaluateTransfer,
  lutDomain,
  lutIndexOf,
  lutTexelValue,
  rangeVisible,
  visiblePrefix,
  windowGrey,
} from '../../../src/renderer/viewer/lut';
import type { TfPoint } from '../../../src/shared/presets/transfer-presets';

describe('classification LUTs', () => {
  it('covers a CT range at one HU per texel', () => {
    const d = lutDomain({ min: -1024, max: 782 });
    expect(d).toEqual({ min: -1024, max: 782, size: 1807 });
    expect(lutTexelValue(d, 0)).toBe(-1024);
    expect(lutTexelValue(d, 1024)).toBe(0);
    expect(lutIndexOf(d, 40)).toBe(1064);
    expect(lutIndexOf(d, -5000)).toBe(0);
  });

  it('keeps 1 HU per texel over −1024…3071 when a CT range is wider than the table', () => {
    const d = lutDomain({ min: -3024, max: 30000 });
    expect(d).toEqual({ min: -1024, max: 3071, size: 4096 });
    expect(lutTexelValue(d, 1064)).toBe(40);
    const lut = buildWindowLut(d, { level: 32, width: 8 }); // stroke window still exact
    expect(lut[(30 + 1024) * 4]).toBe(0.25);
  });

  it('spreads a wide non-HU range over 4096 texels', () => {
    const d = lutDomain({ min: -32768, max: 32767 }, false);
    expect(d.size).toBe(4096);
    expect(lutTexelValue(d, 0)).toBe(-32768);
    expect(lutTexelValue(d, d.size - 1)).toBe(32767);
  });

  it('keeps even the stroke window (W8 L32) exact', () => {
    const d = lutDomain({ min: -1024, max: 782 });
    const w = { level: 32, width: 8 };
    const lut = buildWindowLut(d, w);
    const grey = (hu: number) => lut[(hu + 1024) * 4];
    expect(grey(27)).toBe(0);
    expect(grey(28)).toBe(0);
    expect(grey(30)).toBe(0.25);
    expect(grey(32)).toBe(0.5);
    expect(grey(36)).toBe(1);
    expect(lut[(32 + 1024) * 4 + 3]).toBe(1);
    expect(windowGrey(-600, { level: -600, width: 1500 })).toBe(0.5);
  });

  it('interpolates transfer functions linearly and holds the end values', () => {
    const pts: TfPoint[] = [
      { hu: 0, color: [1, 0, 0], opacity: 0 },
      { hu: 100, color: [0, 0, 1], opacity: 0.5 },
    ];
    expect(evaluateTransfer(pts, -50)).toEqual([1, 0, 0, 0]);
    expect(evaluateTransfer(pts, 50)).toEqual([0.5, 0, 0.5, 0.25]);
    expect(evaluateTransfer(pts, 500)).toEqual([0, 0, 1, 0.5]);
    const d = lutDomain({ min: -10, max: 200 });
    const lut = buildTransferLut(d, [pts[1], pts[0]]); // unsorted input is sorted
    expect(lut[(50 + 10) * 4 + 3]).toBe(0.25);
  });

  it('answers "is anything in [lo, hi] visible?" from a prefix count, including filter neighbours', () => {
    const d = lutDomain({ min: 0, max: 99 });
    const lut = buildTransferLut(d, [
      { hu: 50, color: [1, 1, 1], opacity: 0 },
      { hu: 60, color: [1, 1, 1], opacity: 1 },
    ]);
    const prefix = visiblePrefix(lut, d.size);
    expect(rangeVisible(prefix, d, 0, 49)).toBe(false);
    expect(rangeVisible(prefix, d, 0, 50.5)).toBe(true); // the texel above 50 is visible
    expect(rangeVisible(prefix, d, 70, 99)).toBe(true);
  });
});

describe('iso-surface colour', () => {
  it('comes from the transfer preset, bone white for bone and for custom functions', async () => {
    const { isoColour } = await import('../../../src/renderer/viewer/classification');
    const { findTransferPreset } = await import('../../../src/shared/presets/transfer-presets');
    expect(isoColour('skin')).toEqual(findTransferPreset('skin')!.isoColour);
    expect(isoColour('bone')).toEqual([0.93, 0.86, 0.72]);
    expect(isoColour(null)).toEqual([0.93, 0.86, 0.72]);
  });
});
