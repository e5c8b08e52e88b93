import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../../src/main/workers/pool';
import { createOpener, type ReadScan } from '../../../src/main/prepare';
import { isCancelled, throwIfAborted } from '../../../src/main/scan/errors';
import type { Progress } from '../../../src/shared/prepared';
import { plainMatrix, volumeOf } from './raw';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

// The readers are other engineers' work; this reader hands out the real matrix.dat voxels
// (read raw from the .inv3) so the opener's read → prepare path runs for real.
const m = await plainMatrix();
const realRead: ReadScan = async (_paths, opts) => {
  await new Promise((r) => setTimeout(r, 20));
  throwIfAborted(opts.signal);
  opts.onProgress?.({ stage: 'reading', fraction: 1 });
  return volumeOf(m.data, m.shape, m.spacing);
};
/** A reader that ignores cancellation and never finishes: the opener must still reject at once. */
const stuckRead: ReadScan = () => new Promise(() => {});

describe('createOpener', () => {
  it('reads, prepares, reports progress and timings', async () => {
    const opener = createOpener(pool, realRead);
    const progress: Progress[] = [];
    const { prepared, volume, timings } = await opener.open('scan.inv3', { onProgress: (p) => progress.push(p) });
    expect(volume.shape).toEqual(m.shape);
    expect(prepared.shape).toEqual(m.shape);
    expect(prepared.histogram.total).toBe(m.data.length);
    expect(timings.read).toBeGreaterThan(0);
    expect(timings.total).toBeGreaterThanOrEqual(timings.read + timings.histogram + timings.quantize);
    const stages = new Set(progress.map((p) => p.stage));
    // int16 at full grid: 'i16', the voxels as read; only the histogram is counted (this reader does not stream)
    expect(prepared.format).toBe('i16');
    expect(prepared.data).toBe(volume.data);
    expect(stages).toEqual(new Set(['reading', 'histogram']));
    const fractions = progress.map((p) => p.fraction);
    expect(fractions.at(-1)).toBeCloseTo(1, 9);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1] - 1e-12)).toBe(true);
  });

  it('a second open cancels the first, which rejects with CancelledError', async () => {
    let calls = 0;
    const read: ReadScan = (paths, opts) => (++calls === 1 ? stuckRead(paths, opts) : realRead(paths, opts));
    const opener = createOpener(pool, read);
    const first = opener.open('a.inv3');
    const second = opener.open('b.inv3');
    await expect(first).rejects.toSatisfy(isCancelled);
    const done = await second;
    expect(done.prepared.histogram.total).toBe(m.data.length);
  });

  it('cancelling mid-prepare stops the pool jobs and leaves the pool usable', async () => {
    const opener = createOpener(pool, realRead);
    const stages: string[] = [];
    const first = opener.open('a.inv3', {
      prepare: { maxGrid: 40 }, // force a resampling stage
      onProgress: (p) => {
        stages.push(p.stage);
        if (p.stage === 'histogram') opener.cancel();
      },
    });
    await expect(first).rejects.toSatisfy(isCancelled);
    expect(stages).not.toContain('quantizing');
    const again = await opener.open('a.inv3', { prepare: { maxGrid: 40 } });
    expect(Math.max(...again.prepared.shape)).toBe(40);
  });
});
