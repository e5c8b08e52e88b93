/**
 * The renderer's side of half floats. The volume travels as half-float bits (exact for every
 * integer HU in ±2048); the codec itself is shared with prepare (src/shared/half.ts). Here:
 * a decode table for reading whole volumes back (brick min/max) and array encoding (u16
 * volumes converted for upload, the transfer-function lookup texture).
 */
import { fromHalf, toHalf } from '../../shared/half';

let decodeTable: Float32Array | null = null;

/** All 65536 half values decoded once (256 KiB), so decoding a volume is one table lookup per voxel. */
export function halfDecodeTable(): Float32Array {
  if (decodeTable) return decodeTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) t[h] = fromHalf(h);
  decodeTable = t;
  return t;
}

/** Converts an array of numbers to half-float bits. */
export function toHalfArray(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalf(values[i]);
  return out;
}
