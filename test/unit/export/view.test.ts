/**
 * The view an exported bundle opens on (src/main/export/view.ts): only fields a viewer can use,
 * with valid values, and surface and mask names only of the exported scan's own.
 */
import { describe, expect, it } from 'vitest';
import { exportView } from '../../../src/main/export/view';

const scan = { surfaces: [{ name: 'Skin' }, { name: 'Bone' }], masks: [{ name: 'Mask 1' }] } as never;

describe('exported view', () => {
  it('keeps the viewer fields it can use, exactly', () => {
    const view = {
      mode: 'minip',
      window: { level: -600, width: 1200 },
      windowPresetId: 'lung',
      transferPresetId: null,
      transfer: [{ hu: 300, color: [1, 0.9, 0.8], opacity: 0.2 }],
      isoThreshold: 250,
      visibleSurfaces: ['Skin'],
      visibleMasks: ['Mask 1'],
      crop: { min: [0, 0.4, 0], max: [1, 0.6, 1] },
      slice: { plane: 'sagittal', position: 0.75 },
    };
    expect(exportView(view, scan)).toEqual(view);
  });

  it('drops unknown fields, invalid values and surface or mask names the scan lacks: no free text gets through', () => {
    const out = exportView(
      {
        mode: 'HEAD PLASTIC',
        patientName: 'HEAD',
        windowPresetId: 'PLASTIC',
        window: { level: 'HEAD', width: 1 },
        transfer: [{ hu: 'HEAD' }],
        visibleSurfaces: ['Bone', 'HEAD', 'Bone'],
        visibleMasks: ['HEAD', 'Mask 1'],
        slice: { plane: 'HEAD', position: 0 },
        crop: { min: [0, 0, 0], max: [2, 1, 1] },
      },
      scan,
    );
    expect(out).toEqual({ visibleSurfaces: ['Bone'], visibleMasks: ['Mask 1'], crop: { min: [0, 0, 0], max: [1, 1, 1] } });
    expect(JSON.stringify(out)).not.toMatch(/HEAD|PLASTIC/);
    for (const junk of [undefined, null, 'mip', 7, [], { nothing: 1 }]) expect(exportView(junk, scan)).toBeUndefined();
  });
});
