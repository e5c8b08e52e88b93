/**
 * Worker-thread entry: receives { id, kind, input }, runs jobs[kind](input), posts the result.
 * Built to out/main/worker.js; under vitest it is loaded from source through dev-worker.cjs.
 */
import { parentPort } from 'node:worker_threads';
import { jobs, type JobKind } from './jobs';

interface Request {
  id: number;
  kind: JobKind;
  input: unknown;
}

parentPort?.on('message', async (req: Request) => {
  try {
    const fn = jobs[req.kind] as (input: unknown) => unknown;
    if (typeof fn !== 'function') throw new Error(`unknown job kind ${String(req.kind)}`);
    const result = await fn(req.input);
    parentPort!.postMessage({ id: req.id, ok: true, result });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    parentPort!.postMessage({ id: req.id, ok: false, error: { name: err.name, message: err.message, file: (err as { file?: string }).file, reason: (err as { reason?: string }).reason } });
  }
});
