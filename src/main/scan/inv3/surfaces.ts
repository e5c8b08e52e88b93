/**
 * `surface_N.plist` (name, colour, …, `polydata` member) + its `.vtp` → Surface, in
 * InVesalius world space (col·sx, −row·sy, slice·sz).
 */
import type { Surface } from '../../../shared/volume';
import { Fields, parseDictPlist } from './plist';
import { memberName } from './project';
import type { PolyData } from './vtp';

export interface SurfaceHeader {
  name: string;
  colour: [number, number, number];
  transparency: number;
  visible: boolean;
  file: string;
}

export function parseSurfacePlist(bytes: Uint8Array, what: string): SurfaceHeader {
  const f = new Fields(parseDictPlist(bytes, what), what);
  const colour = f.numbers('colour', 3);
  return {
    name: f.string('name'),
    colour: [colour[0], colour[1], colour[2]],
    transparency: f.finite('transparency'),
    visible: f.bool('visible', true),
    file: memberName(f.string('polydata'), what),
  };
}

export function buildSurface(header: SurfaceHeader, poly: PolyData): Surface {
  return {
    name: header.name,
    colour: header.colour,
    transparency: header.transparency,
    visible: header.visible,
    positions: poly.positions,
    normals: poly.normals,
    indices: poly.indices,
    space: 'inv3-world',
  };
}
