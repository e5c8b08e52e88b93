import { describe, expect, it } from 'vitest';
import { chooseGrid } from '../../../src/main/prepare/grid';
import { extentOf } from '../../../src/main/prepare/geometry';
import type { Shape3, Vec3 } from '../../../src/shared/volume';

const limits = { budgetBytes: 1 << 30, bytesPerVoxel: 2, maxTextureSize: 2048 };

describe('chooseGrid', () => {
  it('keeps full resolution when the volume fits', () => {
    expect(chooseGrid([508, 516, 516], [258, 258, 254], limits)).toEqual([508, 516, 516]);
  });

  it('caps each axis at the texture limit and at maxGrid', () => {
    expect(chooseGrid([10, 20, 3000], [3000, 20, 10], limits)).toEqual([10, 20, 2048]);
    expect(chooseGrid([28, 512, 512], [231, 231, 140], { ...limits, maxGrid: 128 })).toEqual([28, 128, 128]);
  });

  it('obeys the budget and coarsens the finest axes first', () => {
    const shape: Shape3 = [28, 512, 512];
    const spacing: Vec3 = [0.451171875, 0.451171875, 5];
    const budget = 2 * 1024 * 1024;
    const g = chooseGrid(shape, extentOf(shape, spacing), { ...limits, budgetBytes: budget });
    expect(g[0] * g[1] * g[2] * 2).toBeLessThanOrEqual(budget);
    expect(g[0]).toBe(28); // 5 mm slices are already the coarsest axis: kept
    expect(g[1]).toBe(g[2]);
    expect(g[1]).toBeGreaterThan(128); // and the budget is mostly used, not wasted
    // a big isotropic volume shrinks evenly
    const iso = chooseGrid([1000, 1000, 1000], [500, 500, 500], { ...limits, budgetBytes: 256 * 1024 * 1024 });
    expect(iso[0] * iso[1] * iso[2] * 2).toBeLessThanOrEqual(256 * 1024 * 1024);
    expect(iso[0]).toBe(iso[2]);
    expect(iso[0]).toBeGreaterThan(480);
  });
});
