/**
 * The view an exported bundle opens on (src/main/export/view.ts): only fields a viewer can use,
 * with valid values, and surface names only of the exported scan's surfaces.
 */
import { describe, expect, it } from 'vitest';
import { exportView } from '../../../src/main/export/view';

const surfaces = [{ name: 'Skin' }, { name: 'Bone' }] as never;

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
      crop: { min: [0, 0.4, 0], max: [1, 0.6, 1] },
      slice: { plane: 'sagittal', position: 0.75 },
    };
    expect(exportView(view, { surfaces })).toEqual(view);
  });

  it('drops unknown fields, invalid values and surface names the scan lacks: no free text gets through', () => {
    const out = exportView(
      {
        mode: 'HEAD PLASTIC',
        patientName: 'HEAD',
        windowPresetId: 'PLASTIC',
        window: { level: 'HEAD', width: 1 },
        transfer: [{ hu: 'HEAD' }],
        visibleSurfaces: ['Bone', 'HEAD', 'Bone'],
        crop: { min: [0, 0, 0], max: [2, 1, 1] },
      },
      { surfaces },
    );
    expect(out).toEqual({ visibleSurfaces: ['Bone'], crop: { min: [0, 0, 0], max: [1, 1, 1] } });
    expect(JSON.stringify(out)).not.toMatch(/HEAD|PLASTIC/);
    for (const junk of [undefined, null, 'mip', 7, [], { nothing: 1 }]) expect(exportView(junk, { surfaces })).toBeUndefined();
  });
});
