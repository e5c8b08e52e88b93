/**
 * Worker-thread entry: receives { id, kind, input }, runs jobs[kind](input), posts the result.
 * A job's module is loaded on its first use (./job-registry), so start-up stays small.
 * Built to out/main/worker.js; under vitest it is loaded from source through dev-worker.cjs.
 */
import { parentPort } from 'node:worker_threads';
import { jobs } from './jobs';
import type { LazyJob } from './job-registry';

interface Request {
  id: number;
  kind: string;
  input: unknown;
}

parentPort?.on('message', async (req: Request) => {
  try {
    if (!Object.hasOwn(jobs, req.kind)) throw new Error(`unknown job kind ${String(req.kind)}`);
    const job = jobs[req.kind as keyof typeof jobs] as LazyJob<(input: unknown) => unknown>;
    const fn = await job.load();
    const result = await fn(req.input);
    parentPort!.postMessage({ id: req.id, ok: true, result });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    parentPort!.postMessage({ id: req.id, ok: false, error: { name: err.name, message: err.message, file: (err as { file?: string }).file, reason: (err as { reason?: string }).reason } });
  }
});
