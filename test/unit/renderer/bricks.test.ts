import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRICK, brickOccupancy, computeBrickGrid } from '../../../src/renderer/viewer/bricks';
import { classify } from '../../../src/renderer/viewer/classification';
import { halfDecodeTable, toHalfArray } from '../../../src/renderer/viewer/half';
import { lutDomain, lutIndexOf } from '../../../src/renderer/viewer/lut';
import { TRANSFER_PRESETS } from '../../../src/shared/presets/transfer-presets';
import type { PreparedVolume } from '../../../src/shared/prepared';
import { openScan } from '../../../src/main/scan/open';
import { prepareVolume } from '../../../src/main/prepare';
import { getPool } from '../../../src/main/workers/pool';
import { DICOM_DIR } from '../data';

describe('brick grid (synthetic)', () => {
  it('holds each brick’s min/max over the brick plus a one-voxel apron', () => {
    const [nz, ny, nx] = [16, 16, 24]; // 2 × 2 × 3 bricks
    const values = new Float32Array(nx * ny * nz).fill(-1000);
    values[(7 * ny + 8) * nx + 16] = 700; // voxel (16, 8, 7): first x/y voxel of brick (2,1,0), last z of z-brick 0
    values[(3 * ny + 3) * nx + 3] = -2000; // deep inside brick (0,0,0)
    const grid = computeBrickGrid({ shape: [nz, ny, nx], format: 'f16', data: toHalfArray(values) });
    expect(grid.dims).toEqual([3, 2, 2]);
    const at = (x: number, y: number, z: number) => (z * 2 + y) * 3 + x;
    // The bone voxel's own brick and every brick whose apron reaches it (x 1..2, y 0..1, z 0..1).
    const hit = [];
    for (let z = 0; z < 2; z++) for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) if (grid.max[at(x, y, z)] === 700) hit.push([x, y, z].join(''));
    expect(hit.sort()).toEqual(['100', '101', '110', '111', '200', '201', '210', '211']);
    expect(grid.min[at(0, 0, 0)]).toBe(-2000);
    expect(grid.min[at(1, 0, 0)]).toBe(-1000); // voxel 3 is not within one voxel of brick 1
    const occ = brickOccupancy(grid, (_mn, mx) => mx >= 400);
    expect(Array.from(occ).filter((v) => v).length).toBe(8);
  });

  it('maps u8 codes back to values', () => {
    const data = new Uint8Array(8 * 8 * 8).fill(0);
    data[5] = 255;
    const grid = computeBrickGrid({ shape: [8, 8, 8], format: 'u8', data, mapping: { huMin: -1000, huMax: 1550 } });
    expect(grid.min[0]).toBe(-1000);
    expect(grid.max[0]).toBe(1550);
  });
});

describe('empty-space skipping on the real head CT', () => {
  let prep: PreparedVolume;
  beforeAll(async () => {
    prep = await prepareVolume(await openScan(DICOM_DIR), { maxGrid: 64 });
  });
  afterAll(() => getPool().close());

  it('never skips a voxel the bone transfer function would show, and skips a good part of the air', () => {
    const domain = lutDomain(prep.histogram);
    const grid = computeBrickGrid(prep);
    const bone = TRANSFER_PRESETS.find((p) => p.id === 'bone')!;
    const gpu = classify({ mode: 'dvr', window: prep.window, transfer: bone.points, isoThreshold: 400 }, domain, grid);
    const [nz, ny, nx] = prep.shape;
    const table = halfDecodeTable();
    const [bx, by] = grid.dims;
    let visibleVoxels = 0;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const hu = table[(prep.data as Uint16Array)[(z * ny + y) * nx + x]];
          const texel = Math.ceil(lutIndexOf(domain, hu));
          if (gpu.lut[texel * 4 + 3] > 0 || gpu.lut[Math.floor(lutIndexOf(domain, hu)) * 4 + 3] > 0) {
            visibleVoxels++;
            const b = ((Math.floor(z / BRICK) * by + Math.floor(y / BRICK)) * bx + Math.floor(x / BRICK));
            expect(gpu.occupancy[b], `voxel ${x},${y},${z} (${hu} HU) in a skipped brick`).toBe(255);
          }
        }
    expect(visibleVoxels).toBeGreaterThan(100); // the skull is there
    const skipped = Array.from(gpu.occupancy).filter((v) => v === 0).length / gpu.occupancy.length;
    expect(skipped).toBeGreaterThan(0.2);
  });

  it('iso and MIP skip only bricks that cannot reach the threshold / the window', () => {
    const domain = lutDomain(prep.histogram);
    const grid = computeBrickGrid(prep);
    const iso = classify({ mode: 'iso', window: prep.window, transfer: [], isoThreshold: 400 }, domain, grid);
    const mip = classify({ mode: 'mip', window: { level: 400, width: 200 }, transfer: [], isoThreshold: 0 }, domain, grid);
    for (let b = 0; b < grid.max.length; b++) {
      expect(iso.occupancy[b] === 255).toBe(grid.max[b] >= 400);
      expect(mip.occupancy[b] === 255).toBe(grid.max[b] > 300);
    }
    expect(mip.stopValue).toBe(500);
  });
});
