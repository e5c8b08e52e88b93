/**
 * `measurements.plist`: a dict keyed "0", "1", … of InVesalius measurements (spec section 6).
 * Each broken entry is skipped with a warning; the rest still load. Measurements made in a 2-D
 * view (location 1 axial, 2 coronal, 3 sagittal) store their points in the slice viewers' space,
 * (column·sx, row·sy, slice·sz) of matrix.dat as stored, so they also get patient coordinates;
 * 3-D ones (location 5) live in surface space, which is not confirmed on real files: those keep
 * their raw points only.
 */
import type { Measurement, Vec3 } from '../../../shared/volume';
import type { PlistValue } from 'plist';
import { Fields, isDict, parseDictPlist } from './plist';
import { fail } from './format-error';
import { printable } from './tar';

const TYPES: Record<number, { type: Measurement['type']; points: (n: number) => boolean }> = {
  6: { type: 'linear', points: (n) => n === 2 },
  7: { type: 'angular', points: (n) => n === 3 },
  8: { type: 'density-ellipse', points: (n) => n === 3 },
  9: { type: 'density-polygon', points: (n) => n >= 3 },
};

function point(v: PlistValue): Vec3 {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail('a point is not 3 finite numbers');
  }
  return [v[0], v[1], v[2]] as Vec3;
}

/** InVesalius' `location` codes of the 2-D views. */
const SLICE_VIEWS = new Set([1, 2, 3]);

/** Slice-viewer mm (column·sx, row·sy, slice·sz) → patient LPS mm. */
export type SliceViewerToPatient = (p: Vec3) => Vec3;

function parseMeasurement(f: Fields, toPatient: SliceViewerToPatient): Measurement {
  const code = f.integer('type');
  const kind = TYPES[code] ?? fail(`unknown measurement type ${code}`);
  const raw = f.raw('points');
  if (!Array.isArray(raw) || !kind.points(raw.length)) fail(`wrong number of points for a ${kind.type} measurement`);
  const colour = f.numbers('colour', 3);
  const points = raw.map(point);
  const inSliceView = f.has('location') && SLICE_VIEWS.has(f.integer('location'));
  return {
    name: f.string('name'),
    type: kind.type,
    value: f.finite('value'),
    points,
    ...(inSliceView ? { patientPoints: points.map(toPatient) } : {}),
    colour: [colour[0], colour[1], colour[2]],
    visible: f.bool('visible', true),
  };
}

export function parseMeasurements(bytes: Uint8Array, what: string, warnings: string[], toPatient: SliceViewerToPatient): Measurement[] {
  const dict = parseDictPlist(bytes, what);
  const keyed = Object.entries(dict).sort((a, b) => Number(a[0]) - Number(b[0]));
  const out: Measurement[] = [];
  for (const [key, value] of keyed) {
    try {
      if (!isDict(value)) fail('not a dictionary');
      out.push(parseMeasurement(new Fields(value, `${what} entry ${key}`), toPatient));
    } catch (e) {
      warnings.push(`${what} entry '${printable(key)}' skipped: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}
