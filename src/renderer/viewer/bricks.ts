/**
 * Empty-space skipping: the volume is cut into BRICK³-voxel bricks whose min/max value is computed
 * ONCE per volume (CPU, one pass). Whenever the classification changes, a tiny occupancy grid
 * (one byte per brick) is derived from those ranges; the shader jumps over bricks marked empty.
 * Ranges are dilated by one brick because trilinear filtering near a brick's face reads voxels
 * of its neighbour.
 */
import type { PreparedVolume } from '../../shared/prepared';
import type { Shape3 } from '../../shared/volume';
import { halfDecodeTable } from './half';

export const BRICK = 8;

export interface BrickGrid {
  /** Bricks along x, y, z. */
  dims: [number, number, number];
  /** Per brick (x fastest), in HU, dilated by one brick. */
  min: Float32Array;
  max: Float32Array;
}

/** Voxel codes → HU: value = code·scale + offset (f16 codes are decoded first). */
function codeToValue(prep: Pick<PreparedVolume, 'format' | 'mapping'>): { scale: number; offset: number } {
  if (prep.format === 'f16' || !prep.mapping) return { scale: 1, offset: 0 };
  const top = prep.format === 'u8' ? 255 : 65535;
  return { scale: (prep.mapping.huMax - prep.mapping.huMin) / top, offset: prep.mapping.huMin };
}

export function computeBrickGrid(prep: Pick<PreparedVolume, 'shape' | 'format' | 'data' | 'mapping'>): BrickGrid {
  const [nz, ny, nx] = prep.shape as Shape3;
  const bx = Math.ceil(nx / BRICK);
  const by = Math.ceil(ny / BRICK);
  const bz = Math.ceil(nz / BRICK);
  const count = bx * by * bz;
  const lo = new Float32Array(count).fill(Infinity);
  const hi = new Float32Array(count).fill(-Infinity);
  const table = prep.format === 'f16' ? halfDecodeTable() : null;
  const data = prep.data;
  for (let z = 0; z < nz; z++) {
    const zb = ((z / BRICK) | 0) * by;
    for (let y = 0; y < ny; y++) {
      const rowBrick = (zb + ((y / BRICK) | 0)) * bx;
      const row = (z * ny + y) * nx;
      for (let xb = 0; xb < bx; xb++) {
        let mn = Infinity;
        let mx = -Infinity;
        const end = Math.min(nx, (xb + 1) * BRICK);
        for (let x = xb * BRICK; x < end; x++) {
          const v = table ? table[data[row + x]] : data[row + x];
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
        const b = rowBrick + xb;
        if (mn < lo[b]) lo[b] = mn;
        if (mx > hi[b]) hi[b] = mx;
      }
    }
  }
  const { scale, offset } = codeToValue(prep);
  if (scale !== 1 || offset !== 0) {
    for (let b = 0; b < count; b++) {
      const a = lo[b] * scale + offset;
      const c = hi[b] * scale + offset;
      lo[b] = Math.min(a, c);
      hi[b] = Math.max(a, c);
    }
  }
  return { dims: [bx, by, bz], ...dilate([bx, by, bz], lo, hi) };
}

/** Each brick's range widened to include its 26 neighbours. */
function dilate(dims: [number, number, number], lo: Float32Array, hi: Float32Array): { min: Float32Array; max: Float32Array } {
  const [bx, by, bz] = dims;
  const min = new Float32Array(lo.length);
  const max = new Float32Array(hi.length);
  for (let z = 0; z < bz; z++)
    for (let y = 0; y < by; y++)
      for (let x = 0; x < bx; x++) {
        let mn = Infinity;
        let mx = -Infinity;
        for (let dz = Math.max(0, z - 1); dz <= Math.min(bz - 1, z + 1); dz++)
          for (let dy = Math.max(0, y - 1); dy <= Math.min(by - 1, y + 1); dy++)
            for (let dx = Math.max(0, x - 1); dx <= Math.min(bx - 1, x + 1); dx++) {
              const n = (dz * by + dy) * bx + dx;
              if (lo[n] < mn) mn = lo[n];
              if (hi[n] > mx) mx = hi[n];
            }
        const b = (z * by + y) * bx + x;
        min[b] = mn;
        max[b] = mx;
      }
  return { min, max };
}

/** Occupancy bytes (255 = may contribute, 0 = skip) for a predicate on a brick's [min, max]. */
export function brickOccupancy(grid: BrickGrid, contributes: (min: number, max: number) => boolean): Uint8Array {
  const out = new Uint8Array(grid.min.length);
  for (let b = 0; b < out.length; b++) out[b] = contributes(grid.min[b], grid.max[b]) ? 255 : 0;
  return out;
}
