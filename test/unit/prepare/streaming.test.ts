/**
 * Prepare while reading (ReadOptions.onVoxels → streaming.ts): results must be identical to the
 * plain read-then-prepare path, on real files (DICOM, NIfTI through their readers) and synthetic
 * streams (out-of-order, unaligned, incomplete, switched arrays), and cancellation must still work.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/workers/pool';
import { createOpener, prepareVolume, type ReadScan } from '../../../src/main/prepare';
import { createPrepareStream } from '../../../src/main/prepare/streaming';
import { openScan } from '../../../src/main/scan/open';
import { isCancelled, ScanError, throwIfAborted } from '../../../src/main/scan/errors';
import type { PreparedVolume } from '../../../src/shared/prepared';
import type { Volume } from '../../../src/shared/volume';
import { DICOM_DIR, INV3_GZ, INV3_PLAIN, NIFTI } from '../data';
import { volumeOf } from './raw';
import { toHalf } from '../../../src/shared/half';
import { gzip, projectTar, tempDir } from '../inv3/helpers';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

/** The f16 path asked for explicitly (the default, 'auto', sends int16 volumes as 'i16'). */
const F16 = { format: 'f16' as const };

/** A synthetic int16 CT-like volume in shared memory (air, tissue, bone, noise). */
function syntheticVolume(shape: [number, number, number]): Volume {
  const n = shape[0] * shape[1] * shape[2];
  const data = new Int16Array(new SharedArrayBuffer(n * 2));
  let s = 7;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const base = i % 5 === 0 ? -1000 : i % 11 === 0 ? 1500 : 40;
    data[i] = base + ((s >>> 16) % 41) - 20;
  }
  data[3] = -32768;
  data[n - 2] = 32767; // half-float rounding at the extremes
  return volumeOf(data, shape, [0.7, 0.7, 1.25]);
}

/** Byte ranges of `bytes` cut at odd places (not voxel-aligned), shuffled. */
function unalignedRanges(bytes: number, pieces: number): Array<[number, number]> {
  const cuts = [0];
  for (let k = 1; k < pieces; k++) cuts.push(Math.floor((bytes * k) / pieces) | 1); // odd: mid-voxel
  cuts.push(bytes);
  const ranges = cuts.slice(1).map((end, k): [number, number] => [cuts[k], end]);
  for (let i = ranges.length - 1; i > 0; i--) {
    const j = (i * 7919) % (i + 1);
    [ranges[i], ranges[j]] = [ranges[j], ranges[i]];
  }
  return ranges;
}

/** A reader that reports `ranges` of the volume's bytes through onVoxels, yielding in between. */
function streamingRead(volume: Volume, ranges: Array<[number, number]>, reported = volume.data): ReadScan {
  return async (_paths, opts) => {
    for (const [byteStart, byteEnd] of ranges) {
      throwIfAborted(opts.signal);
      opts.onVoxels?.({ data: reported, dtype: volume.dtype, byteStart, byteEnd });
      await new Promise((r) => setImmediate(r));
    }
    return volume;
  };
}

function expectSamePrepared(a: PreparedVolume, b: PreparedVolume): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.format).toBe(b.format);
  expect(a.mapping).toEqual(b.mapping);
  expect(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength))).toBe(true);
  expect(a.histogram.min).toBe(b.histogram.min);
  expect(a.histogram.max).toBe(b.histogram.max);
  expect(a.histogram.mean).toBe(b.histogram.mean);
  expect(a.histogram.total).toBe(b.histogram.total);
  expect(Array.from(a.histogram.counts)).toEqual(Array.from(b.histogram.counts));
}

describe('prepare while reading (synthetic streams)', () => {
  const volume = syntheticVolume([40, 96, 100]); // 384,000 voxels

  it('f16 at full grid: texels and histogram made during the read, identical to the plain path', async () => {
    const plain = await prepareVolume(volume, { pool, ...F16 });
    const ranges = unalignedRanges(volume.data.byteLength, 37);
    const opened = await createOpener(pool, streamingRead(volume, ranges)).open('x', { prepare: F16 });
    expect(opened.timings.quantizedWhileReading).toBe(true);
    expectSamePrepared(opened.prepared, plain);
    expect(opened.prepared.histogram.total).toBe(volume.data.length);
  });

  it('byte-by-byte reports and a resampled grid: the streamed histogram is kept, texels redone', async () => {
    const small = syntheticVolume([3, 10, 11]);
    const ranges = Array.from({ length: small.data.byteLength }, (_, b): [number, number] => [b, b + 1]).reverse();
    for (const prepare of [{ maxGrid: 6 }, { format: 'u8' as const }, F16, {}]) {
      const plain = await prepareVolume(small, { pool, ...prepare });
      const opened = await createOpener(pool, streamingRead(small, ranges)).open('x', { prepare });
      expect(opened.timings.quantizedWhileReading === true).toBe(prepare === F16);
      expect(opened.timings.histogramWhileReading === true).toBe(prepare !== F16); // the 1-HU histogram is streamed in every case
      expect(opened.prepared.format).toBe(prepare === F16 ? 'f16' : 'format' in prepare ? prepare.format : prepare.maxGrid ? 'f16' : 'i16');
      expectSamePrepared(opened.prepared, plain);
    }
  });

  it('int16 at full grid (default format): i16, the volume’s own array, histogram counted during the read', async () => {
    const plain = await prepareVolume(volume, { pool, ...F16 });
    const opened = await createOpener(pool, streamingRead(volume, unalignedRanges(volume.data.byteLength, 37))).open('x', {});
    expect(opened.prepared.format).toBe('i16');
    expect(opened.prepared.data).toBe(opened.volume.data); // no copy
    expect(opened.timings.histogramWhileReading).toBe(true);
    expect(opened.timings.quantizedWhileReading).toBeUndefined();
    expect(opened.timings.quantize).toBe(0);
    // same histogram as the f16 path, and the f16 texels are exactly the half floats of the data
    expectSamePrepared({ ...opened.prepared, format: 'f16', data: Uint16Array.from(opened.prepared.data, (v) => toHalf(v)) }, plain);
  });

  it('falls back to the plain path when voxels are missing or the reader switched arrays', async () => {
    const plain = await prepareVolume(volume, { pool, ...F16 });
    const missing = unalignedRanges(volume.data.byteLength, 9).slice(1);
    const a = await createOpener(pool, streamingRead(volume, missing)).open('x', { prepare: F16 });
    expect(a.timings.quantizedWhileReading).toBeUndefined();
    expectSamePrepared(a.prepared, plain);

    const other = syntheticVolume([40, 96, 100]).data; // same values, another buffer
    const b = await createOpener(pool, streamingRead(volume, [[0, volume.data.byteLength]], other)).open('x', { prepare: F16 });
    expect(b.timings.quantizedWhileReading).toBeUndefined();
    expectSamePrepared(b.prepared, plain);
  });

  it('the stream itself: nothing usable until every voxel is reported', async () => {
    const stream = createPrepareStream({ pool, wantTexels: () => true });
    const { data, dtype } = volume;
    stream.onVoxels({ data, dtype, byteStart: 0, byteEnd: 101 });
    stream.onVoxels({ data, dtype, byteStart: 102, byteEnd: data.byteLength }); // byte 101 missing: voxel 50 never completes
    expect(await stream.finish()).toBeNull();

    // voxels reported twice (a reader bug) after their job was sent would be counted twice: refused
    const big = new Int16Array(new SharedArrayBuffer(3_000_000 * 2)).fill(-1000);
    const twice = createPrepareStream({ pool, wantTexels: () => false });
    twice.onVoxels({ data: big, dtype, byteStart: 0, byteEnd: 4_400_000 }); // ≥ one job: sent at once
    twice.onVoxels({ data: big, dtype, byteStart: 2_000_000, byteEnd: big.byteLength });
    expect(await twice.finish()).toBeNull();
    const once = createPrepareStream({ pool, wantTexels: () => false });
    once.onVoxels({ data, dtype, byteStart: 0, byteEnd: 2000 });
    once.onVoxels({ data, dtype, byteStart: 2000, byteEnd: data.byteLength });
    const result = await once.finish();
    expect(result?.texels).toBeNull(); // histogram-only mode
    expect(result?.histogram.histogram.total).toBe(data.length);
  });

  it('valueRange: the exact [min, max] from the streamed histogram once every voxel is in; null otherwise', async () => {
    const { data, dtype } = volume;
    let min = Infinity;
    let max = -Infinity;
    for (const v of data) [min, max] = [Math.min(min, v), Math.max(max, v)];
    const stream = createPrepareStream({ pool, wantTexels: () => true });
    stream.onVoxels({ data, dtype, byteStart: 0, byteEnd: 1001 });
    expect(await stream.valueRange(data)).toBeNull(); // not every voxel yet
    expect(stream.completedAt).toBeUndefined();
    stream.onVoxels({ data, dtype, byteStart: 1001, byteEnd: data.byteLength });
    expect(stream.completedAt).toBeTypeOf('number');
    expect(await stream.valueRange(syntheticVolume([40, 96, 100]).data)).toBeNull(); // same values, another buffer
    expect(await stream.valueRange(new Int16Array(data.buffer))).toEqual([min, max]); // another view of the same voxels
    expect([min, max]).toEqual([-32768, 32767]);
    const first = await stream.finish();
    expect(await stream.finish()).toBe(first); // idempotent: the reader's valueRange and the opener share one result
    expect(first?.histogram.histogram.total).toBe(data.length);

    // A reader that switches arrays after reporting all of one (.inv3 whose main.plist says
    // float32): the read is not over, and the first array's range is not the answer.
    const switched = createPrepareStream({ pool, wantTexels: () => true });
    switched.onVoxels({ data, dtype, byteStart: 0, byteEnd: data.byteLength });
    expect(switched.completedAt).toBeTypeOf('number');
    const f32 = new Float32Array(data.buffer, 0, data.length / 2);
    switched.onVoxels({ data: f32, dtype: 'float32', byteStart: 0, byteEnd: 8 });
    expect(switched.completedAt).toBeUndefined();
    expect(await switched.valueRange(f32)).toBeNull();
    expect(await switched.finish()).toBeNull();
  });

  it('a reader failing mid-stream rejects with its error; the next open is unaffected', async () => {
    const broken = createOpener(pool, async (_p, opts) => {
      opts.onVoxels?.({ data: volume.data, dtype: 'int16', byteStart: 0, byteEnd: volume.data.byteLength / 2 });
      throw new ScanError('bad.inv3', 'archive is truncated');
    });
    await expect(broken.open('bad.inv3', {})).rejects.toThrow(/archive is truncated/);
    const again = await createOpener(pool, streamingRead(volume, [[0, volume.data.byteLength]])).open('x', { prepare: F16 });
    expect(again.timings.quantizedWhileReading).toBe(true);
    expectSamePrepared(again.prepared, await prepareVolume(volume, { pool, ...F16 }));
  });

  it('cancelling mid-stream rejects at once and leaves the pool usable', async () => {
    const big = syntheticVolume([60, 128, 128]);
    const opener = createOpener(pool, async (_p, opts) => {
      opts.onVoxels?.({ data: big.data, dtype: 'int16', byteStart: 0, byteEnd: big.data.byteLength / 2 });
      await new Promise((r) => setTimeout(r, 5));
      opener.cancel(); // the user opens something else while jobs for the first half are queued/running
      await new Promise((r) => setTimeout(r, 5));
      throwIfAborted(opts.signal);
      return big;
    });
    await expect(opener.open('x', {})).rejects.toSatisfy(isCancelled);
    expect(await pool.run('ping', { value: 3 })).toBeTruthy();
    const again = await createOpener(pool, streamingRead(big, [[0, big.data.byteLength]])).open('x', { prepare: F16 });
    expect(again.timings.quantizedWhileReading).toBe(true);
    expectSamePrepared(again.prepared, await prepareVolume(big, { pool, ...F16 }));
  });
});

describe('prepare while reading (real readers)', () => {
  // Default format: int16 scans at their own grid are 'i16' (histogram streamed, the voxels are
  // the texels); the uint8 NIfTI is 'f16' (texels + histogram streamed).
  for (const [label, file, format] of [
    ['DICOM (slices decoded in the pool)', DICOM_DIR, 'i16'],
    ['NIfTI (uint8, converted in chunks)', NIFTI, 'f16'],
    ['.inv3 plain tar (positional reads)', INV3_PLAIN, 'i16'],
    ['.inv3 gzip (inflated stream, before main.plist says the dtype)', INV3_GZ, 'i16'],
  ] as const) {
    it(`${label}: ${format}, results equal the plain path, every voxel streamed`, async () => {
      const opened = await createOpener(pool).open(file, {});
      expect(opened.prepared.format).toBe(format);
      expect(opened.timings.quantizedWhileReading === true).toBe(format === 'f16');
      expect(opened.timings.histogramWhileReading === true).toBe(format === 'i16');
      if (format === 'i16') expect(opened.prepared.data).toBe(opened.volume.data);
      const read = await openScan(file, { pool });
      const plain = await prepareVolume(read, { pool });
      expect(plain.format).toBe(format);
      expectSamePrepared(opened.prepared, plain);
      expect(opened.prepared.histogram.total).toBe(opened.volume.data.length);
      // .inv3 takes its range from the streamed histogram; it must be the one measured without it
      expect(opened.volume.scalarRange).toEqual(read.scalarRange);
      expect(opened.volume.scalarRange).toEqual([opened.prepared.histogram.min, opened.prepared.histogram.max]);
    });
  }
});

describe('prepare while reading a non-int16 .inv3', () => {
  // The .inv3 reader announces int16 views before main.plist (the last member) says the dtype;
  // a float32 project must drop that early work and still equal the plain path.
  it('float32 project, plain and gzip: early int16 work dropped, results equal the plain path', async () => {
    const shape: [number, number, number] = [3, 8, 10];
    const f32 = Float32Array.from({ length: 240 }, (_, i) => (i % 7) * 100.25 - 300);
    const tar = projectTar({ shape, volume: new Int16Array(f32.buffer), main: { matrix: { dtype: 'float32', filename: 'matrix.dat', shape } } });
    const tmp = tempDir();
    try {
      for (const file of [tmp.file('f32.inv3', tar), tmp.file('f32-gz.inv3', gzip(tar))]) {
        const opened = await createOpener(pool).open(file, {});
        expect(opened.volume.dtype).toBe('float32');
        expect(opened.timings.quantizedWhileReading === true).toBe(false);
        expectSamePrepared(opened.prepared, await prepareVolume(await openScan(file, { pool }), { pool }));
      }
    } finally {
      tmp.cleanup();
    }
  });
});
