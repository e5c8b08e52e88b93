import { describe, expect, it } from 'vitest';
import { initialState, mergeState } from '../../../src/renderer/viewer/state';
import { fragmentSource, surfaceFragmentSource } from '../../../src/renderer/viewer/shader-source';

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

describe('surface visibility state', () => {
  const surface = (name: string, visible: boolean) => ({ name, visible, colour: [1, 1, 1] as [number, number, number], transparency: 0, positions: new Float32Array(), indices: new Uint32Array() });

  it('starts from each surface’s saved visible flag', () => {
    const s = initialState({ window: { level: 40, width: 80 }, histogram: hist, meta: meta(true), surfaces: [surface('Bone', false), surface('Skin', true)] });
    expect(s.visibleSurfaces).toEqual(['Skin']);
    expect(initialState({ window: { level: 40, width: 80 }, histogram: hist, meta: meta(true) }).visibleSurfaces).toEqual([]);
  });

  it('merges a list of names (deduplicated), ignores anything else, never shares the array', () => {
    const s = initialState({ window: { level: 40, width: 80 }, histogram: hist, meta: meta(true), surfaces: [surface('Skin', true)] });
    const m = mergeState(s, { visibleSurfaces: ['Bone', 'Bone', 'Skin'] });
    expect(m.visibleSurfaces).toEqual(['Bone', 'Skin']);
    expect(mergeState(m, { visibleSurfaces: 'Bone' as never }).visibleSurfaces).toEqual(['Bone', 'Skin']);
    expect(mergeState(m, { visibleSurfaces: [1] as never }).visibleSurfaces).toEqual(['Bone', 'Skin']);
    expect(mergeState(m, { visibleSurfaces: [] }).visibleSurfaces).toEqual([]);
    const copy = mergeState(m, {});
    copy.visibleSurfaces.push('x');
    expect(m.visibleSurfaces).toEqual(['Bone', 'Skin']);
  });
});

describe('shader assembly', () => {
  it('builds every mode from the shared pieces, each piece once', () => {
    for (const mode of ['dvr', 'mip', 'minip', 'iso'] as const) {
      const src = fragmentSource(mode);
      for (const fn of ['float sampleHU(', 'vec3 headlight(', 'vec3 gradientWorld(', 'float skipEmptyBrick(', 'float surfaceRayT(', 'void modeBegin(', 'bool modeSample(', 'void main(']) {
        expect(src.split(fn).length - 1, `${mode}: ${fn}`).toBe(1);
      }
    }
    expect(fragmentSource('iso')).toContain('uIso');
    expect(fragmentSource('dvr')).not.toContain('uIso');
    // the surface meshes light themselves with the same piece, not a copy
    expect(surfaceFragmentSource.split('vec3 headlight(').length - 1).toBe(1);
  });
});
