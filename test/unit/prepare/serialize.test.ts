import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/workers/pool';
import { prepareVolume } from '../../../src/main/prepare';
import { decodePrepared, encodePrepared } from '../../../src/shared/serialize';
import { sharedArray } from '../../../src/main/prepare/shared-memory';
import { volumeOf } from './raw';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

describe('encodePrepared / decodePrepared', () => {
  it('round-trips a prepared volume with masks, surfaces, measurements and non-finite numbers', async () => {
    const data = sharedArray(Int16Array, 9 * 10 * 11);
    for (let i = 0; i < data.length; i++) data[i] = ((i * 7919) % 3000) - 1000;
    const mask = new Uint8Array(data.length).map((_, i) => (i % 3 === 0 ? 1 : 0));
    const v = volumeOf(data, [9, 10, 11], [0.7, 0.8, 2.5], {
      masks: [{ name: 'm', threshold: [0, 100], colour: [0, 1, 0], opacity: 0.4, visible: false, data: mask, voxelsInside: 0 }],
      surfaces: [{ name: 's', colour: [1, 1, 0.3], transparency: 0.2, visible: true, space: 'voxel-mm', positions: new Float32Array([1.5, 2, 3, 4, 5, 6.25, 7, 8, 9]), indices: new Uint32Array([0, 1, 2]) }],
      measurements: [{ name: 'M1', type: 'linear', value: NaN, points: [[1, 2, 3], [4, 5, 6]], colour: [1, 0, 0], visible: true }],
    });
    // i16 only at the source grid: the int16 voxels themselves (negative values included)
    for (const [format, maxGrid] of [['f16', 7], ['u8', 7], ['u16', 7], ['i16', undefined]] as const) {
      const p = await prepareVolume(v, { pool, format, maxGrid });
      expect(p.format).toBe(format);
      if (format === 'i16') expect(p.data).toBe(data);
      const blob = encodePrepared(p);
      const back = decodePrepared(blob);
      expect(back).toEqual({ ...p, data: expect.anything(), masks: expect.anything(), histogram: expect.anything(), surfaces: expect.anything() });
      expect(back.data.constructor).toBe(p.data.constructor);
      expect(Array.from(back.data)).toEqual(Array.from(p.data));
      expect(Array.from(back.histogram.counts)).toEqual(Array.from(p.histogram.counts));
      expect(back.histogram.mean).toBe(p.histogram.mean);
      expect(Array.from(back.masks[0].data!)).toEqual(Array.from(p.masks[0].data!));
      expect(Array.from(back.surfaces[0].positions)).toEqual(Array.from(p.surfaces[0].positions));
      expect(back.surfaces[0].indices).toBeInstanceOf(Uint32Array);
      expect(back.surfaces[0].normals).toBeUndefined();
      expect(Number.isNaN(back.measurements[0].value)).toBe(true);
      // payloads are 8-byte aligned and decoded without copying
      expect(back.data.byteOffset % 8).toBe(0);
      expect(back.data.buffer).toBe(blob.buffer);
    }
  });

  it('decodes from an unaligned copy and rejects junk and truncation', () => {
    const p = { shape: [1, 1, 2], data: new Uint16Array([1, 2]), histogram: { counts: new Uint32Array([5]) } } as never;
    const blob = encodePrepared(p);
    const shifted = new Uint8Array(blob.length + 1).subarray(1);
    shifted.set(blob);
    expect(Array.from(decodePrepared(shifted).data)).toEqual([1, 2]);
    const i16 = encodePrepared({ shape: [1, 1, 3], format: 'i16', data: new Int16Array([-32768, -1, 32767]), histogram: { counts: new Uint32Array([1]) } } as never);
    const odd = new Uint8Array(i16.length + 1).subarray(1);
    odd.set(i16);
    const back = decodePrepared(odd).data;
    expect(back).toBeInstanceOf(Int16Array);
    expect(Array.from(back)).toEqual([-32768, -1, 32767]);
    expect(() => decodePrepared(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toThrow(/not a Hounsfield/);
    expect(() => decodePrepared(blob.subarray(0, blob.length - 12))).toThrow(/truncated/);
  });
});
