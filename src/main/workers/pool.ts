/**
 * A small worker_threads pool, sized to the machine's cores. Jobs are named functions
 * from ./jobs; inputs holding SharedArrayBuffers are shared, not copied. Cancelling a
 * job (AbortSignal) terminates the thread running it and starts a fresh one, so a
 * cancelled open stops burning CPU at once.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { JobInput, JobKind, JobOutput } from './jobs';
import { CancelledError, ScanError } from '../scan/errors';

interface Pending {
  id: number;
  kind: JobKind;
  input: unknown;
  transfer: Transferable[];
  signal?: AbortSignal;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** ArrayBuffers to move (not copy) to the worker. */
  transfer?: Transferable[];
}

/** Where the worker script lives: next to the built bundle, or the TS source under tests. */
function workerScript(): { file: string; workerData?: unknown } {
  if (!__filename.endsWith('.ts')) {
    // The bundler may put this code in a shared chunk (out/main/chunks/), one level below worker.js.
    const built = [path.join(__dirname, 'worker.js'), path.join(__dirname, '..', 'worker.js')].find((f) => existsSync(f));
    if (built) return { file: built };
  }
  return {
    file: path.join(__dirname, 'dev-worker.cjs'),
    workerData: { entry: path.join(__dirname, 'worker.ts') },
  };
}

export class WorkerPool {
  readonly size: number;
  private slots: Slot[] = [];
  private queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(size = Math.max(1, availableParallelism())) {
    this.size = size;
  }

  run<K extends JobKind>(kind: K, input: JobInput<K>, opts: RunOptions = {}): Promise<JobOutput<K>> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    if (opts.signal?.aborted) return Promise.reject(new CancelledError());
    return new Promise<JobOutput<K>>((resolve, reject) => {
      const job: Pending = {
        id: this.nextId++,
        kind,
        input,
        transfer: opts.transfer ?? [],
        signal: opts.signal,
        resolve: resolve as (v: unknown) => void,
        reject,
      };
      if (job.signal) {
        job.onAbort = () => this.cancel(job);
        job.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops every thread; pending jobs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    if (shared === this) shared = null; // the next getPool() starts a fresh one

    for (const job of this.queue.splice(0)) this.finish(job, false, new CancelledError('pool closed'));
    await Promise.all(
      this.slots.map(async (s) => {
        if (s.job) this.finish(s.job, false, new CancelledError('pool closed'));
        await s.worker.terminate();
      }),
    );
    this.slots = [];
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.postMessage({ id: job.id, kind: job.kind, input: job.input }, job.transfer as never);
    }
  }

  private spawn(): Slot {
    const { file, workerData } = workerScript();
    const worker = new Worker(file, { workerData });
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: { name: string; message: string; file?: string; reason?: string } }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      slot.job = null;
      if (msg.ok) this.finish(job, true, msg.result);
      else this.finish(job, false, reviveError(msg.error!));
      this.pump();
    });
    worker.on('error', (err) => {
      const job = slot.job;
      this.replace(slot);
      if (job) this.finish(job, false, err);
    });
    worker.on('exit', () => {
      // An unexpected exit (not our terminate) loses the job: fail it rather than hang.
      if (this.slots.includes(slot)) {
        const job = slot.job;
        this.replace(slot);
        if (job) this.finish(job, false, new Error('worker exited unexpectedly'));
      }
    });
    this.slots.push(slot);
    return slot;
  }

  private replace(slot: Slot): void {
    this.slots = this.slots.filter((s) => s !== slot);
    slot.job = null;
    void slot.worker.terminate();
    this.pump();
  }

  private cancel(job: Pending): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
    } else {
      const slot = this.slots.find((s) => s.job === job);
      if (slot) this.replace(slot);
    }
    this.finish(job, false, new CancelledError());
  }

  private finish(job: Pending, ok: boolean, value: unknown): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    job.onAbort = undefined;
    if (ok) job.resolve(value);
    else job.reject(value);
  }
}

function reviveError(e: { name: string; message: string; file?: string; reason?: string }): Error {
  if (e.name === 'ScanError' && e.file !== undefined && e.reason !== undefined) return new ScanError(e.file, e.reason);
  if (e.name === 'CancelledError') return new CancelledError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

let shared: WorkerPool | null = null;

/** The process-wide pool (app and CLI share one per process). */
export function getPool(): WorkerPool {
  if (!shared) shared = new WorkerPool();
  return shared;
}
