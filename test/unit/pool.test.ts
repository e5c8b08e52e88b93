import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/main/workers/pool';
import { isCancelled } from '../../src/main/scan/errors';

describe('WorkerPool', () => {
  it('runs jobs on worker threads, in parallel up to its size', async () => {
    const pool = new WorkerPool(2);
    try {
      const results = await Promise.all([1, 2, 3, 4].map((v) => pool.run('ping', { value: v })));
      expect(results.map((r) => r.value)).toEqual([1, 2, 3, 4]);
      const threads = new Set(results.map((r) => r.threadId));
      expect(threads.has(0)).toBe(false); // not the main thread
      expect(threads.size).toBeLessThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });

  it('cancels a running job by terminating its thread, and keeps working', async () => {
    const pool = new WorkerPool(1);
    try {
      const ac = new AbortController();
      const long = pool.run('spin', { ms: 30_000 }, { signal: ac.signal });
      const started = Date.now();
      setTimeout(() => ac.abort(), 50);
      await expect(long).rejects.toSatisfy(isCancelled);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await pool.run('ping', { value: 7 })).value).toBe(7);
    } finally {
      await pool.close();
    }
  });
});

describe('getPool', () => {
  it('hands out a fresh pool after the shared one was closed', async () => {
    const { getPool } = await import('../../src/main/workers/pool');
    const first = getPool();
    await first.close();
    const second = getPool();
    expect(second).not.toBe(first);
    expect((await second.run('ping', { value: 3 })).value).toBe(3);
    await second.close();
  });
});
