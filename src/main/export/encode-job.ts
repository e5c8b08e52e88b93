/**
 * Worker job: pre-filter and deflate one slab of slices of the voxel codes. The predictor
 * only looks inside a slice, so slabs are independent and export encodes them in parallel
 * on the worker pool (the codes are a SharedArrayBuffer: no copy).
 */
import { constants, deflateRawSync } from 'node:zlib';
import { encodeResiduals, partLengths, type ResidualLayout } from '../../bundle/codec/predictor';

export interface EncodeSlabInput {
  codes: Uint8Array | Uint16Array;
  /** Shape of the whole volume [z, y, x]. */
  shape: [number, number, number];
  /** Slices [z0, z1) to encode. */
  z0: number;
  z1: number;
}

export interface EncodedSlab {
  /** One deflate-raw stream per non-empty part (partLengths), in order. */
  parts: { deflated: Uint8Array; rawLength: number }[];
  layout: ResidualLayout;
}

export function encodeSlab({ codes, shape, z0, z1 }: EncodeSlabInput): EncodedSlab {
  const plane = shape[1] * shape[2];
  const { bytes, layout } = encodeResiduals(codes.subarray(z0 * plane, z1 * plane), [z1 - z0, shape[1], shape[2]]);
  const parts: EncodedSlab['parts'] = [];
  let at = 0;
  for (const length of partLengths(layout)) {
    if (length === 0) continue;
    const z = deflateRawSync(bytes.subarray(at, at + length), { level: 9, memLevel: 9, strategy: constants.Z_RLE });
    parts.push({ deflated: new Uint8Array(z.buffer, z.byteOffset, z.byteLength), rawLength: length });
    at += length;
  }
  return { parts, layout };
}

export const exportJobs = {
  exportEncodeSlab: encodeSlab,
};
