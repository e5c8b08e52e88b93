/**
 * The job registry (src/main/workers/jobs.ts + job-registry.ts), in this thread: every job a
 * module exports is registered under its module, a module loads once, a failed load is retried.
 * The @ts-expect-error lines are checked by `npm run typecheck`: they fail it if pool.run stops
 * checking job names and input types.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { jobs, type JobInput, type JobOutput } from '../../../src/main/workers/jobs';
import { lazyJobModule } from '../../../src/main/workers/job-registry';
import type { WorkerPool } from '../../../src/main/workers/pool';
import { pingJobs } from '../../../src/main/workers/ping-jobs';
import { dicomJobs } from '../../../src/main/scan/dicom/decode-jobs';
import { prepareJobs } from '../../../src/main/prepare/jobs';
import { hashJobs } from '../../../src/main/prepare/hash-job';
import { exportJobs } from '../../../src/main/export/encode-job';
import type { SlabHistogram } from '../../../src/main/prepare/histogram-kernel';

const modules: Record<string, Record<string, unknown>> = { ping: pingJobs, dicom: dicomJobs, prepare: prepareJobs, hash: hashJobs, export: exportJobs };

describe('job registry', () => {
  it('registers every job each module exports, under that module, and loads the very function', async () => {
    const registered: Record<string, string[]> = {};
    for (const [name, job] of Object.entries(jobs)) (registered[job.module] ??= []).push(name);
    expect(Object.keys(registered).sort()).toEqual(Object.keys(modules).sort());
    for (const [module, fns] of Object.entries(modules)) expect(registered[module].sort()).toEqual(Object.keys(fns).sort());
    for (const [name, job] of Object.entries(jobs)) expect(await job.load()).toBe(modules[job.module][name]);
  });

  it('loads a module once for all its jobs, and tries again after a failed load', async () => {
    let calls = 0;
    const flaky = lazyJobModule('flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('disk hiccup');
      return { double: (x: { v: number }) => x.v * 2, half: (x: { v: number }) => x.v / 2 };
    });
    const { double, half } = flaky.jobs('double', 'half');
    await expect(double.load()).rejects.toThrow('disk hiccup');
    const [d, h] = await Promise.all([double.load(), half.load(), double.load()]);
    expect([d({ v: 3 }), h({ v: 3 })]).toEqual([6, 1.5]);
    expect(calls).toBe(2);
  });

  it('keeps job names, inputs and outputs typed for pool.run', () => {
    expectTypeOf<JobInput<'prepMinMax'>>().toHaveProperty('begin').toEqualTypeOf<number>();
    expectTypeOf<JobOutput<'prepHistogramDirect'>>().toEqualTypeOf<SlabHistogram>();
    expectTypeOf<JobOutput<'ping'>>().toEqualTypeOf<{ value: number; threadId: number }>();
    const typeChecksOnly = (pool: WorkerPool) => {
      // @ts-expect-error not a job
      void pool.run('prepNoSuchJob', {});
      // @ts-expect-error wrong input type
      void pool.run('ping', { value: 'one' });
      const out: Promise<{ hex: string }> = pool.run('prepSha256', { data: new Int16Array(1) });
      void out;
      // @ts-expect-error a module does not export this job
      lazyJobModule('m', async () => ({ a: (x: { n: number }) => x.n })).jobs('b');
    };
    expect(typeof typeChecksOnly).toBe('function');
  });
});
