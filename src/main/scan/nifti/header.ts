/**
 * NIfTI-1/-2 header: parsed by nifti-reader-js, then checked (dims, datatype, offsets) so
 * nothing is allocated from a size the file does not back up. The sform rows are read from
 * the raw bytes because the library only keeps one affine (its qform/sform preference differs
 * from ours: sform first).
 */
import type { NIFTI1, NIFTI2 } from 'nifti-reader-js';
import { ScanError } from '../errors';

export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** [nx, ny, nz] (i, j, k); a 4th+ dimension > 1 is reported in `volumes`. */
  dims: [number, number, number];
  volumes: number;
  datatype: NiftiType;
  /** pixdim[1..3] (mm, if units say so) and qfac (pixdim[0]). */
  pixdim: [number, number, number];
  qfac: number;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  calMin: number;
  calMax: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z (RAS mm). */
  srow: [number[], number[], number[]];
  description: string;
  /** Bytes of one 3D volume's voxels. */
  volumeBytes: number;
}

export type NiftiType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

const TYPES: Record<number, { type: NiftiType; bytes: number }> = {
  2: { type: 'uint8', bytes: 1 },
  4: { type: 'int16', bytes: 2 },
  8: { type: 'int32', bytes: 4 },
  16: { type: 'float32', bytes: 4 },
  64: { type: 'float64', bytes: 8 },
  256: { type: 'int8', bytes: 1 },
  512: { type: 'uint16', bytes: 2 },
  768: { type: 'uint32', bytes: 4 },
};

/** A voxel count beyond this is not a scan we can hold (the output is ≤ 2 GiB). */
const MAX_VOXELS = 2 ** 29;

type Lib = typeof import('nifti-reader-js');

/** nifti-reader-js is ESM-only; a dynamic import works from CJS (the build) and ESM (tests). */
let lib: Promise<Lib> | undefined;
function niftiLib(): Promise<Lib> {
  lib ??= import('nifti-reader-js');
  return lib;
}

/** Header size a file of this version needs before the header can be parsed. */
export const HEADER_BYTES = 540;

export async function parseHeader(file: string, bytes: Uint8Array): Promise<NiftiHeader> {
  const nifti = await niftiLib();
  const buf = bytes.slice().buffer as ArrayBuffer;
  let h: NIFTI1 | NIFTI2;
  let version: 1 | 2;
  if (nifti.isNIFTI2(buf)) version = 2;
  else if (nifti.isNIFTI1(buf)) version = 1;
  else if (nifti.isNIFTI1(buf, true)) throw new ScanError(file, 'NIfTI header/image pair (.hdr/.img) is not supported; save as a single .nii');
  else throw new ScanError(file, 'not a NIfTI-1 or NIfTI-2 header');
  try {
    h = nifti.readHeader(buf);
  } catch (e) {
    throw new ScanError(file, `unreadable NIfTI header (${e instanceof Error ? e.message : String(e)})`);
  }
  const nd = h.dims[0];
  if (!(nd >= 1 && nd <= 7)) throw new ScanError(file, `invalid dim[0] ${nd}`);
  const dims = [1, 2, 3].map((i) => (i <= nd ? h.dims[i] : 1)) as [number, number, number];
  if (dims.some((d) => !Number.isInteger(d) || d < 1)) throw new ScanError(file, `invalid dimensions ${dims.join('×')}`);
  let volumes = 1;
  for (let i = 4; i <= nd; i++) volumes *= Math.max(1, h.dims[i]);
  const t = TYPES[h.datatypeCode];
  if (!t) throw new ScanError(file, `unsupported NIfTI datatype ${h.datatypeCode} (${h.getDatatypeCodeString(h.datatypeCode)})`);
  if (h.numBitsPerVoxel !== t.bytes * 8) throw new ScanError(file, `bitpix ${h.numBitsPerVoxel} does not match datatype ${t.type}`);
  const voxels = dims[0] * dims[1] * dims[2];
  if (voxels > MAX_VOXELS) throw new ScanError(file, `${dims.join('×')} voxels is too large`);
  const headerSize = version === 1 ? 348 : 540;
  if (!(h.vox_offset >= headerSize) || !Number.isInteger(h.vox_offset)) throw new ScanError(file, `invalid vox_offset ${h.vox_offset}`);
  const pixdim = [1, 2, 3].map((i) => Math.abs(h.pixDims[i]) || 1) as [number, number, number];
  return {
    version,
    littleEndian: h.littleEndian,
    dims,
    volumes,
    datatype: t.type,
    pixdim,
    qfac: h.pixDims[0] < 0 ? -1 : 1,
    voxOffset: h.vox_offset,
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    calMin: h.cal_min,
    calMax: h.cal_max,
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    quatern: [h.quatern_b, h.quatern_c, h.quatern_d],
    qoffset: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
    srow: readSrow(bytes, version, h.littleEndian),
    description: h.description.replace(/\0.*$/s, '').trim(),
    volumeBytes: voxels * t.bytes,
  };
}

/** srow_x/y/z: float32 at 280 (NIfTI-1) or float64 at 400 (NIfTI-2). */
function readSrow(bytes: Uint8Array, version: 1 | 2, le: boolean): [number[], number[], number[]] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: number[][] = [];
  for (let r = 0; r < 3; r++) {
    const row: number[] = [];
    for (let c = 0; c < 4; c++) row.push(version === 1 ? dv.getFloat32(280 + 16 * r + 4 * c, le) : dv.getFloat64(400 + 32 * r + 8 * c, le));
    rows.push(row);
  }
  return rows as [number[], number[], number[]];
}

export function bytesPerVoxel(t: NiftiType): number {
  return Object.values(TYPES).find((x) => x.type === t)!.bytes;
}
