/**
 * Worker job: pre-filter and deflate one slab of slices of the voxel codes. The predictor
 * only looks inside a slice, so slabs are independent and export encodes them in parallel
 * on the worker pool (the codes are a SharedArrayBuffer: no copy).
 */
import { constants, deflateRawSync } from 'node:zlib';
import { encodeResiduals, type ResidualLayout } from '../../bundle/codec/predictor';

export interface EncodeSlabInput {
  codes: Uint8Array | Uint16Array;
  /** Shape of the whole volume [z, y, x]. */
  shape: [number, number, number];
  /** Slices [z0, z1) to encode. */
  z0: number;
  z1: number;
}

export interface EncodedSlab {
  deflated: Uint8Array;
  rawLength: number;
  layout: ResidualLayout;
}

export function encodeSlab({ codes, shape, z0, z1 }: EncodeSlabInput): EncodedSlab {
  const plane = shape[1] * shape[2];
  const { bytes, layout } = encodeResiduals(codes.subarray(z0 * plane, z1 * plane), [z1 - z0, shape[1], shape[2]]);
  const z = deflateRawSync(bytes, { level: 9, memLevel: 9, strategy: constants.Z_RLE });
  return { deflated: new Uint8Array(z.buffer, z.byteOffset, z.byteLength), rawLength: bytes.length, layout };
}

export const exportJobs = {
  exportEncodeSlab: encodeSlab,
};
