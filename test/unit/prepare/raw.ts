/**
 * Real voxels for prepare tests without depending on the readers: matrix.dat straight out of
 * the two InVesalius files (its tar offset is fixed: one 512-byte PAX header + its 512-byte
 * record, then the member's own 512-byte header). Verified against the reference SHA-256.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { diagonalAffine, type Shape3, type Vec3, type Volume } from '../../../src/shared/volume';
import { INV3_GZ, INV3_PLAIN, reference } from '../data';

const MATRIX_OFFSET = 1536;

export interface RawMatrix {
  data: Int16Array;
  shape: Shape3;
  spacing: Vec3;
  ref: { min: number; max: number; mean: number; sha256_as_stored: string };
}

function load(file: string, refName: string, gz: boolean): RawMatrix {
  const ref = reference(refName);
  const bytes = gz ? gunzipSync(readFileSync(file)) : readFileSync(file);
  const name = bytes.subarray(1024, 1124).toString('latin1');
  if (!name.includes('matrix.dat')) throw new Error(`unexpected tar layout in ${file}`);
  const shape = ref.main_plist.matrix.shape as Shape3;
  const n = shape[0] * shape[1] * shape[2];
  const sab = new SharedArrayBuffer(n * 2);
  new Uint8Array(sab).set(bytes.subarray(MATRIX_OFFSET, MATRIX_OFFSET + n * 2));
  const data = new Int16Array(sab);
  const sha = createHash('sha256').update(new Uint8Array(sab)).digest('hex');
  if (sha !== ref.matrix.sha256_as_stored) throw new Error(`matrix.dat of ${file} does not match its reference hash`);
  return { data, shape, spacing: ref.main_plist.spacing as Vec3, ref: ref.matrix };
}

export const plainMatrix = () => load(INV3_PLAIN, 'inv3_CT_pitch_cli-nogui.json', false);
export const gzMatrix = () => load(INV3_GZ, 'inv3_philips-std-brain-5mm_bone-skin-surfaces-measures_gz.json', true);

/** A minimal Volume around raw voxels (HU unless told otherwise). */
export function volumeOf(data: Volume['data'], shape: Shape3, spacing: Vec3, extra: Partial<Volume> = {}): Volume {
  return {
    data,
    dtype: data instanceof Int16Array ? 'int16' : data instanceof Uint8Array ? 'uint8' : data instanceof Uint16Array ? 'uint16' : data instanceof Int32Array ? 'int32' : 'float32',
    shape,
    spacing,
    voxelToPatient: diagonalAffine(spacing),
    window: { level: 40, width: 400 },
    meta: { name: 'test', modality: 'CT', sourceFormat: 'inv3', sourcePath: '(memory)', isHU: true, warnings: [] },
    masks: [],
    surfaces: [],
    measurements: [],
    ...extra,
  };
}
