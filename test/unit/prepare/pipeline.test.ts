import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/workers/pool';
import { prepareVolume, prepareVolumeTimed, volumeStats } from '../../../src/main/prepare';
import { fromHalf, toHalf } from '../../../src/shared/half';
import { FormatError } from '../../../src/main/prepare/prepare';
import { sharedArray } from '../../../src/main/prepare/shared-memory';
import type { Shape3 } from '../../../src/shared/volume';
import { gzMatrix, plainMatrix, volumeOf } from './raw';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

describe('histogram and stats', () => {
  it('counts every voxel of real scans in 1-HU bins, matching a direct count (fused f16 pass and separate pass)', async () => {
    for (const m of [await gzMatrix(), await plainMatrix()]) {
      const direct = new Uint32Array(m.ref.max - m.ref.min + 1);
      for (const v of m.data) direct[v - m.ref.min]++;
      for (const format of ['f16', 'u16'] as const) {
        const { prepared: p, timings } = await prepareVolumeTimed(volumeOf(m.data, m.shape, m.spacing), { pool, format });
        expect(timings.histogramInQuantize === true).toBe(format === 'f16');
        const h = p.histogram;
        expect([h.min, h.max, h.binWidth]).toEqual([m.ref.min, m.ref.max, 1]);
        expect(h.total).toBe(m.data.length);
        expect(h.counts.reduce((s, c) => s + c, 0)).toBe(m.data.length);
        expect(h.mean).toBeCloseTo(m.ref.mean, 3);
        expect(h.counts).toEqual(direct);
        // and the texels hold the exact HU (f16) / exact HU offsets (u16)
        for (let i = 0; i < m.data.length; i += 997) {
          const texel = p.data[i];
          const hu = format === 'f16' ? fromHalf(texel) : texel + p.mapping!.huMin;
          if (hu !== m.data[i]) expect([i, hu]).toEqual([i, m.data[i]]);
        }
      }
    }
  });

  it('fuses f16 + histogram for uint8 sources too (e.g. a uint8 NIfTI)', async () => {
    const data = sharedArray(Uint8Array, 7 * 9 * 11);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 251;
    const { prepared: p, timings } = await prepareVolumeTimed(volumeOf(data, [7, 9, 11], [1, 1, 1], { meta: { name: 'u8', modality: 'MR', sourceFormat: 'nifti', sourcePath: '-', isHU: false, warnings: [] } }), { pool });
    expect(timings.histogramInQuantize).toBe(true);
    expect(Array.from(p.data, fromHalf)).toEqual(Array.from(data));
    const direct = new Uint32Array(251);
    for (const v of data) direct[v]++;
    expect([p.histogram.min, p.histogram.max]).toEqual([0, 250]);
    expect(p.histogram.counts).toEqual(direct);
  });

  it('gives info its min/max/mean and the SHA-256 of the voxels as stored', async () => {
    const m = await plainMatrix();
    const s = await volumeStats(volumeOf(m.data, m.shape, m.spacing), pool);
    expect(s).toEqual({ min: m.ref.min, max: m.ref.max, mean: expect.closeTo(m.ref.mean, 2), sha256: m.ref.sha256_as_stored });
  });

  it('bins float data from its true minimum', async () => {
    const data = sharedArray(Float32Array, 1000);
    for (let i = 0; i < data.length; i++) data[i] = -10.25 + i * 0.02;
    const s = await volumeStats(volumeOf(data, [10, 10, 10], [1, 1, 1]), pool);
    expect(s.min).toBeCloseTo(-10.25, 5);
    expect(s.max).toBeCloseTo(-10.25 + 999 * 0.02, 4);
    const p = await prepareVolume(volumeOf(data, [10, 10, 10], [1, 1, 1]), { pool });
    expect(p.histogram.min).toBe(-11);
    expect(p.histogram.counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(p.histogram.counts[0]).toBe(13); // -10.25 + 0.02·i < -10 for i = 0…12
  });
});

describe("format 'auto' (the default): i16 for int16 voxels kept on their grid, else f16", () => {
  it('real .inv3 scans: i16, the volume’s own array (no copy, no quantize pass), the same histogram as f16', async () => {
    for (const m of [await gzMatrix(), await plainMatrix()]) {
      const volume = volumeOf(m.data, m.shape, m.spacing);
      const { prepared: i16, timings } = await prepareVolumeTimed(volume, { pool });
      expect(i16.format).toBe('i16');
      expect(i16.data).toBe(m.data);
      expect(i16.shape).toEqual(m.shape);
      expect(i16.mapping).toBeUndefined();
      expect([timings.quantize, timings.histogramInQuantize]).toEqual([0, undefined]);
      const f16 = await prepareVolume(volume, { pool, format: 'f16' });
      expect(f16.format).toBe('f16');
      expect(f16.data).toBeInstanceOf(Uint16Array);
      expect(i16.histogram).toEqual(f16.histogram);
      expect([i16.histogram.min, i16.histogram.max, i16.histogram.total]).toEqual([m.ref.min, m.ref.max, m.data.length]);
      expect(i16.spacing).toEqual(f16.spacing);
      expect(i16.voxelToPatient).toEqual(f16.voxelToPatient);
    }
  });

  it('f16 when resampling (forced grid, over budget) or asked for; an impossible i16 is refused', async () => {
    const data = sharedArray(Int16Array, 8 * 20 * 30);
    for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 6001) - 3000;
    const v = volumeOf(data, [8, 20, 30], [1, 1, 2]);
    const forced = await prepareVolume(v, { pool, maxGrid: 16 });
    expect([forced.format, forced.shape]).toEqual(['f16', [8, 16, 16]]);
    const overBudget = await prepareVolume(v, { pool, budgetBytes: data.length }); // 1 byte/voxel: must shrink
    expect(overBudget.format).toBe('f16');
    expect(overBudget.shape).not.toEqual(v.shape);
    const asked = await prepareVolume(v, { pool, format: 'f16' });
    expect(asked.format).toBe('f16');
    expect(Array.from(asked.data as Uint16Array, fromHalf)).toEqual(Array.from(data, (x) => fromHalf(toHalf(x))));
    await expect(prepareVolume(v, { pool, format: 'i16', maxGrid: 16 })).rejects.toThrow(FormatError);
    const floats = sharedArray(Float32Array, 1000).fill(1.5);
    await expect(prepareVolume(volumeOf(floats, [10, 10, 10], [1, 1, 1]), { pool, format: 'i16' })).rejects.toThrow(/i16 needs int16/);
    expect((await prepareVolume(volumeOf(floats, [10, 10, 10], [1, 1, 1]), { pool })).format).toBe('f16');
  });
});

describe('quantizing', () => {
  const shape: Shape3 = [1, 16, 256];
  const ramp = () => {
    const a = sharedArray(Int16Array, 16 * 256);
    for (let i = 0; i < a.length; i++) a[i] = -1024 + i; // -1024 … 3071
    return a;
  };

  it("'u16' codes are exact HU offsets from the minimum", async () => {
    const p = await prepareVolume(volumeOf(ramp(), shape, [1, 1, 1]), { pool, format: 'u16' });
    expect(p.mapping).toEqual({ huMin: -1024, huMax: -1024 + 65535 });
    const d = p.data as Uint16Array;
    for (let i = 0; i < d.length; i++) if (d[i] !== i) expect([i, d[i]]).toEqual([i, i]);
  });

  it("'u8' maps HU data over air…bone by default, and honours a given window", async () => {
    const p = await prepareVolume(volumeOf(ramp(), shape, [1, 1, 1]), { pool, format: 'u8' });
    expect(p.mapping).toEqual({ huMin: -1024, huMax: 3071 });
    const step = 4095 / 255;
    const d = p.data as Uint8Array;
    for (let i = 0; i < d.length; i++) expect(Math.abs(-1024 + d[i] * step - (-1024 + i))).toBeLessThanOrEqual(step / 2 + 1e-9);
    const w = await prepareVolume(volumeOf(ramp(), shape, [1, 1, 1]), { pool, format: 'u8', u8Mapping: { huMin: 0, huMax: 80 } });
    const dw = w.data as Uint8Array;
    expect(dw[1024 - 5]).toBe(0); // −5 HU clamps
    expect(dw[1024 + 40]).toBe(128); // 40 HU: 127.5 rounds up
    expect(dw[1024 + 200]).toBe(255);
  });
});

describe('masks and surfaces', () => {
  it('resamples a mask to the grid (box ≥ ½) and moves surfaces into the render voxel-mm frame', async () => {
    const shape: Shape3 = [32, 32, 32];
    const data = sharedArray(Int16Array, 32 ** 3);
    const mask = new Uint8Array(32 ** 3);
    let inside = 0;
    for (let z = 0, i = 0; z < 32; z++)
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 32; x++, i++) {
          const r2 = (x - 15.5) ** 2 + (y - 15.5) ** 2 + (z - 15.5) ** 2;
          if (r2 < 100) (mask[i] = 1), inside++;
        }
    const v = volumeOf(data, shape, [0.5, 0.5, 0.5], {
      masks: [{ name: 'ball', threshold: [0, 1], colour: [1, 0, 0], opacity: 0.5, visible: true, data: mask, voxelsInside: inside }],
      surfaces: [{ name: 's', colour: [1, 1, 1], transparency: 0, visible: true, space: 'inv3-world', positions: new Float32Array([1, -2, 3, 4, -5, 6, 0, 0, 0]), normals: new Float32Array([0, 1, 0, 0, -1, 0, 1, 0, 0]), indices: new Uint32Array([0, 1, 2]) }],
    });
    const p = await prepareVolume(v, { pool, maxGrid: 16 });
    const m = p.masks[0].data!;
    expect(m.length).toBe(16 ** 3);
    expect(new Set(m)).toEqual(new Set([0, 255]));
    const count = m.reduce((s, b) => s + (b ? 1 : 0), 0);
    expect(Math.abs(count * 8 - inside) / inside).toBeLessThan(0.1);
    // render spacing 1 mm vs source 0.5: shift 0.5·(0.5 − 1) = −0.25 per axis, y un-negated
    expect(Array.from(p.surfaces[0].positions)).toEqual([0.75, 1.75, 2.75, 3.75, 4.75, 5.75, -0.25, -0.25, -0.25]);
    expect(Array.from(p.surfaces[0].normals!, (n) => n + 0)).toEqual([0, -1, 0, 0, 1, 0, 1, 0, 0]);
    expect(Array.from(p.surfaces[0].indices)).toEqual([0, 2, 1]);
  });
});
