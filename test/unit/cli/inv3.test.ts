import { describe, expect, it } from 'vitest';
import { INV3_GZ, INV3_PLAIN, reference } from '../data';
import { cli } from './run';

const TYPES: Record<number, string> = { 6: 'linear', 7: 'angular', 8: 'density-ellipse', 9: 'density-polygon' };

describe('CLI info on the real InVesalius files (in-process)', () => {
  for (const [file, refName] of [
    [INV3_GZ, 'inv3_philips-std-brain-5mm_bone-skin-surfaces-measures_gz.json'],
    [INV3_PLAIN, 'inv3_CT_pitch_cli-nogui.json'],
  ]) {
    it(`info --json equals the reference facts: ${refName}`, async () => {
      const ref = reference(refName);
      const plist = ref.main_plist;
      const r = await cli('info', file, '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const info = JSON.parse(r.stdout);
      expect(info.format).toBe('inv3');
      expect(info.shape).toEqual(plist.matrix.shape);
      expect(info.spacing).toEqual(plist.spacing);
      expect(info.dtype).toBe(plist.matrix.dtype);
      expect([info.min, info.max]).toEqual([ref.matrix.min, ref.matrix.max]);
      expect(info.mean).toBeCloseTo(ref.matrix.mean, 2);
      expect(info.sha256).toBe(ref.matrix.sha256_as_stored);
      expect(info.name).toBe(plist.name);
      expect(info.modality).toBe(plist.modality);
      expect(info.window).toEqual({ level: plist.window_level, width: plist.window_width });
      const masks = Object.values(ref.masks) as Array<{ plist: { name: string; threshold_range: [number, number] }; voxels_in_threshold_range: number }>;
      expect(info.masks).toEqual(masks.map((m) => ({ name: m.plist.name, threshold: m.plist.threshold_range, voxelsInside: m.voxels_in_threshold_range })));
      const surfaces = Object.values(ref.surfaces) as Array<{ plist: { name: string }; vtp: { n_points: number; n_polys: number } }>;
      expect(info.surfaces).toEqual(surfaces.map((s) => ({ name: s.plist.name, points: s.vtp.n_points, triangles: s.vtp.n_polys })));
      const measures = Object.values(ref.measurements) as Array<{ name: string; type: number; value: number }>;
      expect(info.measurements).toEqual(measures.map((m) => ({ name: m.name, type: TYPES[m.type], value: expect.closeTo(m.value, 6) })));
    });
  }

  it('prints aligned human-readable lines without --json', async () => {
    const r = await cli('info', INV3_GZ);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const column = lines[0].indexOf('/');
    expect(column).toBeGreaterThan(5);
    for (const line of lines) expect(line.slice(0, column).trimEnd()).toMatch(/^([a-z][a-z0-9 ,[\]]*:)?$/);
    expect(r.stdout).toMatch(/^sha256: +1759a823e0a1ad3af0f5d4ed4824ac099872e6cb6143ab13732ef3aac44377e9$/m);
    expect(r.stdout).toMatch(/^spacing \[x,y,z\]: +\[0\.451171875, 0\.451171875, 5\] mm$/m);
    expect(r.stdout).toMatch(/^ +"Skin" threshold \[-718, -177\], 335872 voxels inside$/m);
    // values carry their units: mm for linear, degrees for angular measurements
    expect(r.stdout).toMatch(/^measurements: +"M1" linear 115\.5 mm$/m);
    expect(r.stdout).toMatch(/^ +"M2" angular 90°$/m);
  });
});
