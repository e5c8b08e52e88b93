/**
 * Real voxels for prepare tests: the two InVesalius files read through openScan (the app's
 * reader), checked against the reference SHA-256 of matrix.dat before any test uses them.
 */
import { createHash } from 'node:crypto';
import { openScan } from '../../../src/main/scan/open';
import { diagonalAffine, type Shape3, type Vec3, type Volume } from '../../../src/shared/volume';
import { INV3_GZ, INV3_PLAIN, reference } from '../data';

export interface RawMatrix {
  volume: Volume;
  data: Int16Array;
  shape: Shape3;
  spacing: Vec3;
  ref: { min: number; max: number; mean: number; sha256_as_stored: string };
}

async function load(file: string, refName: string): Promise<RawMatrix> {
  const ref = reference(refName);
  const volume = await openScan(file);
  if (!(volume.data instanceof Int16Array)) throw new Error(`${file}: expected int16 voxels`);
  const { data } = volume;
  const sha = createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
  if (sha !== ref.matrix.sha256_as_stored) throw new Error(`matrix.dat of ${file} does not match its reference hash`);
  return { volume, data, shape: volume.shape, spacing: volume.spacing, ref: ref.matrix };
}

export const plainMatrix = () => load(INV3_PLAIN, 'inv3_CT_pitch_cli-nogui.json');
export const gzMatrix = () => load(INV3_GZ, 'inv3_philips-std-brain-5mm_bone-skin-surfaces-measures_gz.json');

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
