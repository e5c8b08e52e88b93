/**
 * Empty-space skipping: the volume is cut into BRICK³-voxel bricks whose min/max value is computed
 * ONCE per volume (CPU, one pass). Whenever the classification changes, a tiny occupancy grid
 * (one byte per brick) is derived from those ranges; the shader jumps over bricks marked empty.
 * Each range includes a one-voxel apron around the brick, because trilinear filtering of a sample
 * inside a brick can read the first voxel of its neighbour.
 */
import type { PreparedVolume } from '../../shared/prepared';
import type { Shape3 } from '../../shared/volume';
import { halfDecodeTable } from './half';
import { fromHalf, toHalf } from '../../shared/half';

export const BRICK = 8;

export interface BrickGrid {
  /** Bricks along x, y, z. */
  dims: [number, number, number];
  /** Per brick (x fastest), in HU, over the brick plus a one-voxel apron. */
  min: Float32Array;
  max: Float32Array;
}

/** Voxel codes → HU: value = code·scale + offset (f16 codes are decoded first; i16 values are HU). */
function codeToValue(prep: Pick<PreparedVolume, 'format' | 'mapping'>): { scale: number; offset: number } {
  if (prep.format === 'f16' || prep.format === 'i16' || !prep.mapping) return { scale: 1, offset: 0 };
  const top = prep.format === 'u8' ? 255 : 65535;
  return { scale: (prep.mapping.huMax - prep.mapping.huMin) / top, offset: prep.mapping.huMin };
}

export function computeBrickGrid(prep: Pick<PreparedVolume, 'shape' | 'format' | 'data' | 'mapping'>): BrickGrid {
  const [nz, ny, nx] = prep.shape as Shape3;
  const dims: [number, number, number] = [Math.ceil(nx / BRICK), Math.ceil(ny / BRICK), Math.ceil(nz / BRICK)];
  const [bx, by, bz] = dims;
  const table = prep.format === 'f16' ? halfDecodeTable() : null;
  const data = prep.data;
  // Separable reduction, one slice at a time: rows → (y, brick x), then → (brick y, brick x) per
  // slice, then across slices. Each brick's range covers its voxels plus a one-voxel apron.
  const sliceMin = new Float32Array(nz * by * bx);
  const sliceMax = new Float32Array(nz * by * bx);
  const rowMin = new Float32Array(ny * bx);
  const rowMax = new Float32Array(ny * bx);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const row = (z * ny + y) * nx;
      for (let xb = 0; xb < bx; xb++) {
        let mn = Infinity;
        let mx = -Infinity;
        const [x0, x1] = apron(xb, nx);
        for (let x = x0; x < x1; x++) {
          const v = table ? table[data[row + x]] : data[row + x];
          if (v < mn) mn = v;
          if (v > mx) mx = v;
        }
        rowMin[y * bx + xb] = mn;
        rowMax[y * bx + xb] = mx;
      }
    }
    for (let yb = 0; yb < by; yb++) {
      const [y0, y1] = apron(yb, ny);
      for (let xb = 0; xb < bx; xb++) {
        let mn = Infinity;
        let mx = -Infinity;
        for (let y = y0; y < y1; y++) {
          mn = Math.min(mn, rowMin[y * bx + xb]);
          mx = Math.max(mx, rowMax[y * bx + xb]);
        }
        sliceMin[(z * by + yb) * bx + xb] = mn;
        sliceMax[(z * by + yb) * bx + xb] = mx;
      }
    }
  }
  const min = new Float32Array(bx * by * bz);
  const max = new Float32Array(bx * by * bz);
  for (let zb = 0; zb < bz; zb++) {
    const [z0, z1] = apron(zb, nz);
    for (let i = 0; i < by * bx; i++) {
      let mn = Infinity;
      let mx = -Infinity;
      for (let z = z0; z < z1; z++) {
        mn = Math.min(mn, sliceMin[z * by * bx + i]);
        mx = Math.max(mx, sliceMax[z * by * bx + i]);
      }
      min[zb * by * bx + i] = mn;
      max[zb * by * bx + i] = mx;
    }
  }
  if (prep.format === 'i16') {
    // The Int16Array itself was reduced (HU); the GPU holds the nearest halves. Rounding is
    // monotonic, so the nearest half of the min/max IS the min/max of the texels: same ranges as f16.
    for (let b = 0; b < min.length; b++) {
      min[b] = fromHalf(toHalf(min[b]));
      max[b] = fromHalf(toHalf(max[b]));
    }
  }
  const { scale, offset } = codeToValue(prep);
  if (scale !== 1 || offset !== 0) {
    for (let b = 0; b < min.length; b++) {
      const a = min[b] * scale + offset;
      const c = max[b] * scale + offset;
      min[b] = Math.min(a, c);
      max[b] = Math.max(a, c);
    }
  }
  return { dims, min, max };
}

/** Voxel range [start, end) of brick b plus one voxel each side, clipped to the grid. */
function apron(b: number, n: number): [number, number] {
  return [Math.max(0, b * BRICK - 1), Math.min(n, (b + 1) * BRICK + 1)];
}

/** Occupancy bytes (255 = may contribute, 0 = skip) for a predicate on a brick's [min, max]. */
export function brickOccupancy(grid: BrickGrid, contributes: (min: number, max: number) => boolean): Uint8Array {
  const out = new Uint8Array(grid.min.length);
  for (let b = 0; b < out.length; b++) out[b] = contributes(grid.min[b], grid.max[b]) ? 255 : 0;
  return out;
}
