/** Tiny jobs used by the pool's own tests (and as a liveness check). */
import { threadId } from 'node:worker_threads';

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
};
