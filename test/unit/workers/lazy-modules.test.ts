/**
 * Job modules load lazily in the worker (src/main/workers/job-registry.ts), here through the
 * pool from TS source (dev-worker.cjs + tsx). The thread reports its Node module cache, so
 * "never loaded a codec" is checked on what Node really loaded, not on our own bookkeeping.
 * test/unit/workers/built-worker.test.ts checks the same on the built out/main/worker.js.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/workers/pool';
import { DICOM_ONLY_FILE, JPEGLS_SLICE, NATIVE_SLICE, decodeInput, rampVoxels } from './slice-jobs';

let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('lazy job modules (pool from TS source)', () => {
  it('a worker that only ran prepare jobs has loaded the prepare module and no DICOM code or codec', async () => {
    pool = new WorkerPool(1);
    const src = rampVoxels();
    const hist = await pool.run('prepHistogramDirect', { src, begin: 0, end: src.length, offset: 32768, bins: 65536 });
    expect([hist.lo, hist.min, hist.max, hist.count, hist.counts.length]).toEqual([-1000, -1000, 1999, 65536, 3000]);
    expect([hist.counts[0], hist.counts[2535], hist.counts[2536], hist.counts[2999]]).toEqual([22, 22, 21, 21]);
    expect(await pool.run('prepMinMax', { src, begin: 10, end: 20 })).toEqual({ min: -990, max: -981 });

    const loaded = await pool.run('workerModules', {});
    expect(loaded.jobModules).toEqual(['prepare', 'ping']);
    expect(loaded.files.filter((f) => /prepare[\\/]jobs\.ts$/.test(f))).toHaveLength(1); // the list is real
    expect(loaded.files.filter((f) => DICOM_ONLY_FILE.test(f))).toEqual([]);
    expect(loaded.files.filter((f) => /encode-job|hash-job/.test(f))).toEqual([]);
  });

  it('a DICOM job loads its module and codecs on first use: JPEG-LS decodes to the uncompressed slice', async () => {
    pool = new WorkerPool(1);
    expect((await pool.run('workerModules', {})).files.filter((f) => DICOM_ONLY_FILE.test(f))).toEqual([]);

    const [native, jpegls] = await pool.run('dicomHeaders', { files: [NATIVE_SLICE, JPEGLS_SLICE] });
    expect('header' in jpegls && jpegls.header.transferSyntax).toBe('1.2.840.10008.1.2.4.80');
    const a = decodeInput(native);
    const b = decodeInput(jpegls);
    const [ra, rb] = [await pool.run('dicomDecode', a), await pool.run('dicomDecode', b)];
    const va = new Int32Array(a.out);
    const vb = new Int32Array(b.out);
    expect(rb).toEqual(ra);
    expect(ra.max - ra.min).toBeGreaterThan(1000); // a real CT slice, not an empty buffer
    expect(Buffer.from(vb.buffer).equals(Buffer.from(va.buffer))).toBe(true);

    const loaded = await pool.run('workerModules', {});
    expect(loaded.jobModules).toEqual(['ping', 'dicom']);
    expect(loaded.files.some((f) => f.includes('codec-charls'))).toBe(true);
    expect(loaded.files.some((f) => /prepare[\\/]jobs\.ts$/.test(f))).toBe(false);
  });

  it('an unknown job kind is an error, not a crash (also names that live on Object.prototype)', async () => {
    pool = new WorkerPool(1);
    await expect(pool.run('noSuchJob' as never, {} as never)).rejects.toThrow(/unknown job kind noSuchJob/);
    await expect(pool.run('constructor' as never, {} as never)).rejects.toThrow(/unknown job kind constructor/);
    expect((await pool.run('ping', { value: 5 })).value).toBe(5);
  });
});
