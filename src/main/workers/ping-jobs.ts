/** Tiny jobs used by the pool's own tests (and as a liveness check). */
import { threadId } from 'node:worker_threads';
import { loadedJobModules } from './job-registry';

export const pingJobs = {
  ping(input: { value: number }): { value: number; threadId: number } {
    return { value: input.value, threadId };
  },
  /** Busy-waits `ms` (for cancellation tests); never used by the pipeline. */
  spin(input: { ms: number }): { done: true } {
    const end = Date.now() + input.ms;
    while (Date.now() < end) {
      /* spin */
    }
    return { done: true };
  },
  /**
   * What this thread has loaded: the registry's job modules, and every file in Node's CommonJS
   * module cache (the built chunks, or the TS sources under tests, and the packages they
   * required) — so a test can check that a thread which only prepared never loaded a codec.
   */
  workerModules(_input: Record<string, never>): { jobModules: string[]; files: string[]; threadId: number } {
    return { jobModules: [...loadedJobModules], files: Object.keys(require.cache), threadId };
  },
};
