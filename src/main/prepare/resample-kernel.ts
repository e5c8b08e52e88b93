/**
 * The separable resampling passes, as plain loops over one slab. Workers run them on
 * SharedArrayBuffer views (see jobs.ts); tests may call them directly.
 *
 * Pass order: x then y inside each source slice (resampleSlicesXY, slabs of source slices),
 * then z (resampleSlicesZ, slabs of output slices, each a weighted sum of source planes).
 */
import type { VoxelArray } from '../../shared/volume';
import type { AxisWeights } from './weights';

export interface XYInput {
  src: VoxelArray;
  /** Source shape [z, y, x]. */
  shape: [number, number, number];
  /** Source slices [z0, z1) to process. */
  z0: number;
  z1: number;
  /** null = axis kept as is. */
  wx: AxisWeights | null;
  wy: AxisWeights | null;
  /** Output [z][Y][X], z still in source slices. */
  dst: Float32Array;
}

export function resampleSlicesXY(input: XYInput): void {
  const { src, shape, z0, z1, wx, wy, dst } = input;
  const [, ny, nx] = shape;
  const X = wx ? wx.count : nx;
  const Y = wy ? wy.count : ny;
  const rows = new Float32Array(ny * X); // one slice after the x pass
  for (let z = z0; z < z1; z++) {
    const srcBase = z * ny * nx;
    // x pass: each source row → X values
    for (let y = 0; y < ny; y++) {
      const s = srcBase + y * nx;
      const d = y * X;
      if (!wx) {
        for (let x = 0; x < nx; x++) rows[d + x] = src[s + x];
      } else {
        const { start, idx, w } = wx;
        for (let j = 0; j < X; j++) {
          let acc = 0;
          for (let k = start[j]; k < start[j + 1]; k++) acc += w[k] * src[s + idx[k]];
          rows[d + j] = acc;
        }
      }
    }
    // y pass: weighted sums of whole rows (inner loop over x is contiguous)
    const out = z * Y * X;
    if (!wy) {
      dst.set(rows, out);
      continue;
    }
    const { start, idx, w } = wy;
    for (let j = 0; j < Y; j++) {
      const d = out + j * X;
      dst.fill(0, d, d + X);
      for (let k = start[j]; k < start[j + 1]; k++) {
        const r = idx[k] * X;
        const wt = w[k];
        for (let x = 0; x < X; x++) dst[d + x] += wt * rows[r + x];
      }
    }
  }
}

export interface ZInput {
  /** Planes of `planeSize` voxels, [z][plane]. */
  src: VoxelArray;
  planeSize: number;
  wz: AxisWeights;
  /** Output slices [j0, j1). */
  j0: number;
  j1: number;
  dst: Float32Array;
}

export function resampleSlicesZ(input: ZInput): void {
  const { src, planeSize, wz, j0, j1, dst } = input;
  const { start, idx, w } = wz;
  for (let j = j0; j < j1; j++) {
    const d = j * planeSize;
    dst.fill(0, d, d + planeSize);
    for (let k = start[j]; k < start[j + 1]; k++) {
      const s = idx[k] * planeSize;
      const wt = w[k];
      for (let i = 0; i < planeSize; i++) dst[d + i] += wt * src[s + i];
    }
  }
}
