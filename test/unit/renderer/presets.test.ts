import { describe, expect, it } from 'vitest';
import { findWindowPreset, WINDOW_PRESETS } from '../../../src/shared/presets/window-presets';
import { TRANSFER_PRESETS } from '../../../src/shared/presets/transfer-presets';

describe('window presets', () => {
  it('hold the literature values (Radiopaedia "Windowing (CT)")', () => {
    const wl = (id: string) => {
      const p = findWindowPreset(id)!;
      return [p.width, p.level];
    };
    expect(wl('brain')).toEqual([80, 40]);
    expect(wl('lung')).toEqual([1500, -600]);
    expect(wl('mediastinum')).toEqual([350, 50]);
    expect(wl('liver')).toEqual([150, 30]);
    expect(wl('bone')).toEqual([1800, 400]);
    const subdural = findWindowPreset('subdural')!;
    expect(subdural.width).toBeGreaterThanOrEqual(130);
    expect(subdural.width).toBeLessThanOrEqual(300);
    expect(subdural.level).toBeGreaterThanOrEqual(50);
    expect(subdural.level).toBeLessThanOrEqual(100);
    for (const id of ['stroke', 'soft-tissue', 'dental']) expect(findWindowPreset(id)).toBeDefined();
  });

  it('have unique ids and positive widths', () => {
    expect(new Set(WINDOW_PRESETS.map((p) => p.id)).size).toBe(WINDOW_PRESETS.length);
    for (const p of WINDOW_PRESETS) expect(p.width).toBeGreaterThan(0);
  });
});

describe('transfer presets', () => {
  it('cover the required tissues with sorted, in-range points', () => {
    const ids = TRANSFER_PRESETS.map((p) => p.id);
    for (const id of ['bone', 'skin', 'muscle-bone', 'teeth', 'vessels', 'lung', 'mip']) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of TRANSFER_PRESETS) {
      expect(p.points.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < p.points.length; i++) expect(p.points[i].hu).toBeGreaterThan(p.points[i - 1].hu);
      for (const q of p.points) {
        expect(q.opacity).toBeGreaterThanOrEqual(0);
        expect(q.opacity).toBeLessThanOrEqual(1);
        for (const c of q.color) expect(c >= 0 && c <= 1).toBe(true);
      }
    }
  });

  it('bone is transparent below cancellous bone and opaque-ish for cortical bone', () => {
    const bone = TRANSFER_PRESETS.find((p) => p.id === 'bone')!;
    expect(bone.points[0].opacity).toBe(0);
    expect(bone.points[0].hu).toBeGreaterThanOrEqual(100); // soft tissue (≤ 100 HU) stays clear
    expect(bone.points.find((q) => q.hu >= 1000)!.opacity).toBeGreaterThan(0.5);
  });
});
