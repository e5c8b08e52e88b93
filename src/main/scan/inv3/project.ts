/**
 * main.plist → a validated ProjectInfo. Every field is checked before anything is
 * allocated from it (spec section 2 and section 7's list of required keys).
 */
import type { DType, Shape3, Vec3 } from '../../../shared/volume';
import { BYTES_PER_VOXEL } from '../../../shared/volume';
import { fail } from './format-error';
import { Fields, isDict, parseDictPlist } from './plist';
import { printable } from './tar';

export interface ProjectInfo {
  formatVersion: number;
  invesaliusVersion: string;
  name: string;
  modality: string;
  /** 1 axial, 2 coronal (every NIfTI import), 3 sagittal. */
  orientation: number;
  window: { level: number; width: number };
  scalarRange?: [number, number];
  /** [x, y, z] mm. */
  spacing: Vec3;
  /** Row-major 4×4 (NIfTI-derived projects), or null. */
  affine: number[][] | null;
  matrix: { filename: string; shape: Shape3; dtype: DType; bytes: number };
  /** Member names of the mask / surface plists, in InVesalius' order (by integer key). */
  masks: string[];
  surfaces: string[];
  measurements: string;
  warnings: string[];
}

const DTYPES = new Set<string>(Object.keys(BYTES_PER_VOXEL));

/** Byte size of a [z, y, x] array, refusing anything non-positive or past 2^53. */
export function arrayBytes(shape: number[], itemSize: number, what: string): number {
  let bytes = itemSize;
  for (const n of shape) {
    if (!Number.isSafeInteger(n) || n <= 0) fail(`${what} shape [${shape.join(', ')}] is not 3 positive integers`);
    bytes *= n;
  }
  if (!Number.isSafeInteger(bytes)) fail(`${what} shape [${shape.join(', ')}] is absurdly large`);
  return bytes;
}

/** Member names in plists are bare file names; anything with a path is refused. */
function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

export function memberName(name: string, what: string): string {
  if (!isPlainName(name)) fail(`${what} names member '${printable(name)}', which is not a plain file name`);
  return name;
}

function shape3(f: Fields, key: string): Shape3 {
  const v = f.raw(key);
  if (!Array.isArray(v) || v.length !== 3 || !v.every((n) => typeof n === 'number')) fail(`${f.what}: '${key}' is not a list of 3 integers`);
  arrayBytes(v as number[], 1, f.what);
  return [v[0], v[1], v[2]] as Shape3;
}

/**
 * Python dict keys "0", "1", … → member names, sorted numerically as InVesalius does.
 * A malformed entry only loses that mask or surface (with a warning), never the volume.
 */
function indexedMembers(f: Fields, key: string, warnings: string[]): string[] {
  const v = f.raw(key);
  if (v === undefined) return [];
  if (!isDict(v)) {
    warnings.push(`main.plist: '${key}' is not a dictionary; ignored`);
    return [];
  }
  const entries: [number, string][] = [];
  for (const [k, name] of Object.entries(v)) {
    if (/^\d{1,9}$/.test(k) && typeof name === 'string' && isPlainName(name)) entries.push([Number(k), name]);
    else warnings.push(`main.plist: '${key}' entry '${printable(k)}' is malformed; skipped`);
  }
  return entries.sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}

function measurementsMember(v: unknown, warnings: string[]): string {
  if (v === undefined) return 'measurements.plist'; // InVesalius' default
  if (typeof v === 'string' && isPlainName(v)) return v;
  warnings.push("main.plist: 'measurements' is malformed; measurements ignored");
  return '';
}

function readAffine(f: Fields): number[][] | null {
  const v = f.raw('affine');
  if (v === undefined || v === '' || v === null) return null;
  const ok =
    Array.isArray(v) &&
    v.length === 4 &&
    v.every((row) => Array.isArray(row) && row.length === 4 && row.every((x) => typeof x === 'number' && Number.isFinite(x)));
  if (!ok) fail(`main.plist: 'affine' is neither "" nor a 4×4 matrix of finite numbers`);
  return v as number[][];
}

export function parseMainPlist(plist: Uint8Array): ProjectInfo {
  const f = new Fields(parseDictPlist(plist, 'main.plist'), 'main.plist');
  const warnings: string[] = [];

  const formatVersion = f.finite('format_version');
  if (formatVersion < 1) fail(`main.plist: format_version ${formatVersion} is not an InVesalius 3 project`);
  if (formatVersion > 1.1) warnings.push(`project format ${formatVersion} is newer than 1.1; some content may be ignored`);

  const m = f.dictionary('matrix');
  const dtype = m.string('dtype');
  if (!DTYPES.has(dtype)) fail(`main.plist: matrix dtype '${printable(dtype)}' is not supported (int16, uint8, uint16, int32, float32)`);
  const shape = shape3(m, 'shape');
  const bytes = arrayBytes(shape, BYTES_PER_VOXEL[dtype as DType], 'matrix');

  const spacing = f.numbers('spacing', 3);
  if (!spacing.every((s) => s > 0)) fail(`main.plist: spacing [${spacing.join(', ')}] must be 3 positive numbers`);

  let scalarRange: [number, number] | undefined;
  const range = f.raw('scalar_range');
  const lohi = Array.isArray(range) && range.length === 2 ? range.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)) : [];
  if (lohi.length === 2 && lohi[0] <= lohi[1]) {
    scalarRange = [lohi[0], lohi[1]];
  } else {
    warnings.push('main.plist: scalar_range is missing or malformed; ignored');
  }

  const orientation = f.integer('orientation');
  if (orientation < 1 || orientation > 3) fail(`main.plist: orientation ${orientation} is not 1, 2 or 3`);

  let width = f.finite('window_width');
  const level = f.finite('window_level');
  if (width <= 0) {
    warnings.push(`main.plist: window_width ${width} is not positive; using 1`);
    width = 1;
  }

  return {
    formatVersion,
    invesaliusVersion: typeof f.raw('invesalius_version') === 'string' ? (f.raw('invesalius_version') as string) : '',
    name: f.string('name').replace(/ +$/, ''),
    modality: f.string('modality').trim(),
    orientation,
    window: { level, width },
    scalarRange,
    spacing: [spacing[0], spacing[1], spacing[2]],
    affine: readAffine(f),
    matrix: { filename: memberName(m.string('filename'), 'main.plist matrix'), shape, dtype: dtype as DType, bytes },
    masks: indexedMembers(f, 'masks', warnings),
    surfaces: indexedMembers(f, 'surfaces', warnings),
    measurements: measurementsMember(f.raw('measurements'), warnings),
    warnings,
  };
}

