import { describe, expect, it } from 'vitest';
import { initialState, mergeState, MIN_CROP_THICKNESS, sanitiseCrop, slabCrop } from '../../../src/shared/view-state';
import { cropAxisLabels } from '../../../src/renderer/panels/crop-panel';
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

describe('crop state', () => {
  const base = () => initialState({ window: { level: 40, width: 80 }, histogram: hist, meta: meta(true) });

  it('starts on the whole volume and keeps a valid crop', () => {
    expect(base().crop).toEqual({ min: [0, 0, 0], max: [1, 1, 1] });
    const m = mergeState(base(), { crop: { min: [0.2, 0, 0.45], max: [0.8, 1, 0.55] } });
    expect(m.crop).toEqual({ min: [0.2, 0, 0.45], max: [0.8, 1, 0.55] });
  });

  it('clamps to 0…1, never lets a box go empty, and ignores what is not a box', () => {
    expect(sanitiseCrop({ min: [-1, 0.5, 0.9], max: [2, 0.5, 0.3] })).toEqual({ min: [0, 0.5 - MIN_CROP_THICKNESS, 0.3 - MIN_CROP_THICKNESS], max: [1, 0.5, 0.3] });
    expect(sanitiseCrop({ min: [0, 0, 0], max: [0, 0, 0] })!.max).toEqual([MIN_CROP_THICKNESS, MIN_CROP_THICKNESS, MIN_CROP_THICKNESS]);
    const m = mergeState(base(), { crop: { min: [0.1, 0.1, 0.1], max: [0.9, 0.9, 0.9] } });
    for (const junk of [{ min: [0, 0], max: [1, 1, 1] }, { min: [0, NaN, 0], max: [1, 1, 1] }, { min: '0' }, null, 7]) {
      expect(mergeState(m, { crop: junk as never }).crop, JSON.stringify(junk)).toEqual(m.crop);
    }
    const copy = mergeState(m, {});
    copy.crop.min[0] = 0.5;
    expect(m.crop.min[0]).toBe(0.1); // never shares the arrays
  });

  it('a slab: centred where asked, kept inside the volume, other axes untouched', () => {
    const base = { min: [0.1, 0.2, 0.3] as [number, number, number], max: [0.9, 0.8, 0.7] as [number, number, number] };
    expect(slabCrop(base, 1, 0.5, 0.1)).toEqual({ min: [0.1, 0.45, 0.3], max: [0.9, 0.55, 0.7] });
    const edge = slabCrop(base, 2, 0.98, 0.1); // would pass the end: shifted back inside
    expect(edge.min[2]).toBeCloseTo(0.9, 12);
    expect(edge.max[2]).toBe(1);
    expect(slabCrop(base, 0, 0.5, 5)).toEqual({ min: [0, 0.2, 0.3], max: [1, 0.8, 0.7] }); // thicker than the volume: all of it
    expect(slabCrop(base, 0, 0.5, 0).max[0] - slabCrop(base, 0, 0.5, 0).min[0]).toBeCloseTo(MIN_CROP_THICKNESS, 12);
    expect(base).toEqual({ min: [0.1, 0.2, 0.3], max: [0.9, 0.8, 0.7] }); // not modified
  });

  it("names each axis by the patient directions it runs between, from the volume's matrix", () => {
    // row-major voxel → LPS mm; InVesalius' flipped rows: y runs towards anterior
    const flipped = [0.5, 0, 0, 10, 0, -0.5, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1];
    expect(cropAxisLabels(flipped)).toEqual(['R → L', 'P → A', 'I → S']);
    const axial = [0.5, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
    expect(cropAxisLabels(axial)).toEqual(['R → L', 'A → P', 'I → S']);
    // a sagittal stack: columns run posterior, rows inferior, slices to the patient's left
    const sagittal = [0, 0, 1, 0, 0.5, 0, 0, 0, 0, -0.5, 0, 0, 0, 0, 0, 1];
    expect(cropAxisLabels(sagittal)).toEqual(['A → P', 'S → I', 'R → L']);
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
