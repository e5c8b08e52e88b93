/**
 * The BUILT worker (out/main/worker.js, as the CLI and the app run it): its job modules are
 * split into out/main/chunks/ and required on first use. Needs `npm run build` (CI builds
 * before it tests; in a fresh checkout without a build this file is skipped).
 * Talks to the thread directly ({ id, kind, input } messages), as the pool does.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobInput, JobKind, JobOutput } from '../../../src/main/workers/jobs';
import { DICOM_ONLY_FILE, JPEGLS_SLICE, NATIVE_SLICE, decodeInput, rampVoxels } from './slice-jobs';

const workerFile = path.resolve(__dirname, '../../../out/main/worker.js');
const built = existsSync(workerFile);

let worker: Worker | undefined;
afterEach(async () => {
  await worker?.terminate();
  worker = undefined;
});

let nextId = 1;
function run<K extends JobKind>(w: Worker, kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (m: { id: number; ok: boolean; result?: unknown; error?: { message: string } }) => {
      if (m.id !== id) return;
      w.off('message', onMessage);
      if (m.ok) resolve(m.result as JobOutput<K>);
      else reject(new Error(m.error?.message));
    };
    w.on('message', onMessage);
    w.once('error', reject);
    w.postMessage({ id, kind, input });
  });
}

describe.runIf(built)('built worker (out/main/worker.js; needs `npm run build`)', () => {
  it('runs prepare jobs from its chunk without loading the DICOM chunk or any codec', async () => {
    worker = new Worker(workerFile);
    const src = rampVoxels();
    const hist = await run(worker, 'prepHistogramDirect', { src, begin: 0, end: src.length, offset: 32768, bins: 65536 });
    expect([hist.lo, hist.max, hist.count, hist.counts[0], hist.counts[2999]]).toEqual([-1000, 1999, 65536, 22, 21]);

    const loaded = await run(worker, 'workerModules', {});
    expect(loaded.jobModules).toEqual(['prepare', 'ping']);
    const ours = loaded.files.filter((f) => f.startsWith(path.dirname(workerFile)));
    expect(ours).toContain(workerFile);
    expect(ours.some((f) => /[\\/]chunks[\\/]/.test(f))).toBe(true); // the prepare jobs came from a chunk
    expect(loaded.files.filter((f) => DICOM_ONLY_FILE.test(f))).toEqual([]);
  });

  it('loads the DICOM chunk and codecs on the first DICOM job: JPEG-LS decodes to the uncompressed slice', async () => {
    worker = new Worker(workerFile);
    const [native, jpegls] = await run(worker, 'dicomHeaders', { files: [NATIVE_SLICE, JPEGLS_SLICE] });
    const a = decodeInput(native);
    const b = decodeInput(jpegls);
    const [ra, rb] = [await run(worker, 'dicomDecode', a), await run(worker, 'dicomDecode', b)];
    expect(rb).toEqual(ra);
    expect(ra.max - ra.min).toBeGreaterThan(1000);
    expect(Buffer.from(b.out).equals(Buffer.from(a.out))).toBe(true);

    const loaded = await run(worker, 'workerModules', {});
    expect(loaded.jobModules).toEqual(['dicom', 'ping']);
    expect(loaded.files.some((f) => f.includes('codec-charls'))).toBe(true);
    expect(loaded.files.some((f) => /[\\/]chunks[\\/]decode-jobs/.test(f))).toBe(true);
  });
});
