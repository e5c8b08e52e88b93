import { describe, expect, it } from 'vitest';
import { initialState, mergeState } from '../../../src/renderer/viewer/state';
import { fragmentSource } from '../../../src/renderer/viewer/shader-source';

const hist = { min: -1024, max: 782, binWidth: 1, counts: new Uint32Array(1807), mean: 0, total: 0 };
const meta = (isHU: boolean) => ({ name: 'x', modality: 'CT', sourceFormat: 'dicom', isHU, warnings: [] });

describe('viewer state', () => {
  it('starts CT volumes on the bone TF with the scan’s own window', () => {
    const s = initialState({ window: { level: 40, width: 80 }, histogram: hist, meta: meta(true) });
    expect(s).toMatchObject({ mode: 'dvr', window: { level: 40, width: 80 }, transferPresetId: 'bone', isoThreshold: 400 });
  });

  it('gives non-HU volumes a ramp over their own value range instead of HU presets', () => {
    const s = initialState({ window: { level: 128, width: 256 }, histogram: { ...hist, min: 0, max: 255 }, meta: meta(false) });
    expect(s.transferPresetId).toBeNull();
    expect(s.transfer[0].hu).toBeGreaterThanOrEqual(0);
    expect(s.transfer[s.transfer.length - 1].hu).toBe(255);
  });

  it('merges persisted state and drops junk', () => {
    const s = initialState({ window: { level: 40, width: 80 }, histogram: hist, meta: meta(true) });
    const m = mergeState(s, { mode: 'mip', window: { level: 300, width: 0 }, isoThreshold: 200 });
    expect(m).toMatchObject({ mode: 'mip', window: { level: 300, width: 1 }, isoThreshold: 200 });
    const junk = mergeState(m, { mode: 'xray' as never, window: { level: NaN, width: 3 }, transferPresetId: 'nope', transfer: [{ hu: 'a' } as never] });
    expect(junk).toEqual(m);
  });
});

describe('shader assembly', () => {
  it('builds every mode from the shared pieces, each piece once', () => {
    for (const mode of ['dvr', 'mip', 'minip', 'iso'] as const) {
      const src = fragmentSource(mode);
      for (const fn of ['float sampleHU(', 'vec3 gradientWorld(', 'float skipEmptyBrick(', 'void modeBegin(', 'bool modeSample(', 'void main(']) {
        expect(src.split(fn).length - 1, `${mode}: ${fn}`).toBe(1);
      }
    }
    expect(fragmentSource('iso')).toContain('uIso');
    expect(fragmentSource('dvr')).not.toContain('uIso');
  });
});
