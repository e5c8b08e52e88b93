/**
 * Volume.scalarRange of an .inv3 is measured, never taken from main.plist, and never by a loop on
 * the calling thread when there is a pool: it comes from the streaming prepare's histogram
 * (ReadOptions.valueRange) or from slab jobs on the pool. Every way must give the exact range,
 * and a disagreeing scalar_range is still reported, right after main.plist's own warnings.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readInv3 } from '../../../src/main/scan/inv3';
import { measureRange, valueRange } from '../../../src/main/scan/inv3/value-range';
import { CancelledError } from '../../../src/main/scan/errors';
import { createPrepareStream } from '../../../src/main/prepare/streaming';
import { WorkerPool } from '../../../src/main/workers/pool';
import type { VoxelArray } from '../../../src/shared/volume';
import { INV3_PLAIN, reference } from '../data';
import { projectTar, tempDir } from './helpers';

const pool = new WorkerPool(2);
const tmp = tempDir();
afterAll(async () => {
  tmp.cleanup();
  await pool.close();
});

/** The range by the plainest loop there is: the reference for every other way. */
function loopRange(data: ArrayLike<number>): [number, number] | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < min) min = data[i];
    if (data[i] > max) max = data[i];
  }
  return min <= max ? [min, max] : null;
}

function shared<T extends VoxelArray>(ctor: new (b: SharedArrayBuffer) => T, values: number[], bytesPer: number): T {
  const a = new ctor(new SharedArrayBuffer(values.length * bytesPer));
  values.forEach((v, i) => (a[i] = v));
  return a;
}

describe('measureRange (pool slab jobs)', () => {
  it('equals the plain loop for int16, uint8, float32 with NaN, and all-NaN data', async () => {
    const n = 5_000_003; // several slabs, odd length
    const i16 = new Int16Array(new SharedArrayBuffer(n * 2));
    let s = 11;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      i16[i] = ((s >>> 8) % 4001) - 1024;
    }
    i16[n - 1] = 3071; // extremes at the very ends
    i16[0] = -2048;
    const u8 = shared(Uint8Array, [7, 3, 250, 9], 1);
    const f32 = shared(Float32Array, [NaN, -3.5, 11.25, NaN, 0], 4);
    const nan = shared(Float32Array, [NaN, NaN], 4);
    for (const data of [i16, u8, f32, nan] as VoxelArray[]) {
      const expected = loopRange(Array.from(data).filter((v) => !Number.isNaN(v)));
      expect(await measureRange(data, pool)).toEqual(expected);
      expect(valueRange(data)).toEqual(expected);
    }
    expect(await measureRange(i16, pool)).toEqual([-2048, 3071]);
  });

  it('without a pool or shared memory it measures on this thread; a fired signal cancels', async () => {
    const plain = Int16Array.from([5, -7, 12]);
    expect(await measureRange(plain, pool)).toEqual([-7, 12]);
    expect(await measureRange(plain)).toEqual([-7, 12]);
    const abort = new AbortController();
    abort.abort();
    await expect(measureRange(shared(Int16Array, [1, 2], 2), pool, abort.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('readInv3: where the range comes from', () => {
  const shape: [number, number, number] = [4, 5, 6];
  const volume = Int16Array.from({ length: 120 }, (_, i) => ((i * 37) % 400) - 99);
  volume[17] = -100;
  volume[118] = 490;

  it('on the pool, exact, with a disagreeing scalar_range reported after main.plist warnings and before mask warnings', async () => {
    const tar = projectTar({
      shape,
      volume,
      masks: [{ raw: new Uint8Array(10), plist: { name: 'Short', colour: [1, 0, 0], opacity: 0.5, threshold_range: [0, 100], edition_threshold_range: [0, 100], visible: true, mask_shape: [5, 6, 7] } }],
      main: { scalar_range: [0, 1], format_version: 1.2 },
    });
    const v = await readInv3(tmp.file('range-pool.inv3', tar), { pool });
    expect(v.scalarRange).toEqual(loopRange(volume));
    expect(v.scalarRange).toEqual([-100, 490]);
    expect(v.meta.warnings).toHaveLength(3);
    expect(v.meta.warnings[0]).toMatch(/format 1\.2 is newer/);
    expect(v.meta.warnings[1]).toBe("main.plist scalar_range [0, 1] differs from the voxels' [-100, 490]; using the voxels'");
    expect(v.meta.warnings[2]).toMatch(/mask 'mask_0\.plist' skipped/);
  });

  it("uses the hook's answer, and measures itself when the hook has none", async () => {
    const file = tmp.file('range-hook.inv3', projectTar({ shape, volume }));
    const asked: VoxelArray[] = [];
    // A hook that answers is trusted (prepare's histogram is exact), so no pass is made here: a
    // deliberately wrong answer shows which one was used.
    const v = await readInv3(file, { pool, valueRange: async (data) => (asked.push(data), [-100, 491]) });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toBe(v.data);
    expect(v.scalarRange).toEqual([-100, 491]);
    expect(v.meta.warnings).toEqual(["main.plist scalar_range [-100, 490] differs from the voxels' [-100, 491]; using the voxels'"]);
    // A hook without an answer: measured (here with and without a pool).
    for (const opts of [{ pool }, {}]) {
      const w = await readInv3(file, { ...opts, valueRange: async () => null });
      expect(w.scalarRange).toEqual([-100, 490]);
    }
  });

  it('the real plain project through a streaming prepare: the streamed histogram gives main.plist’s exact range', async () => {
    const ref = reference('inv3_CT_pitch_cli-nogui.json');
    const stream = createPrepareStream({ pool, wantTexels: () => true });
    let fromStream: [number, number] | null | undefined;
    const v = await readInv3(INV3_PLAIN, {
      pool,
      onVoxels: stream.onVoxels,
      valueRange: async (data) => (fromStream = await stream.valueRange(data)),
    });
    expect(fromStream).toEqual([ref.matrix.min, ref.matrix.max]);
    expect(v.scalarRange).toEqual(ref.main_plist.scalar_range);
    expect(stream.completedAt).toBeTypeOf('number');
    const streamed = await stream.finish();
    expect(streamed?.histogram.histogram.total).toBe(v.data.length);
  });
});
