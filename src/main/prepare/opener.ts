/**
 * The app's "open a scan" action: read (any format) → prepare, with one open at a time.
 * Starting a new open cancels the one in flight: its promise rejects with CancelledError at
 * once, and its pool jobs are terminated (the pool kills their threads).
 */
import { setMaxListeners } from 'node:events';
import type { Progress } from '../../shared/prepared';
import type { DType, Volume } from '../../shared/volume';
import type { WorkerPool } from '../workers/pool';
import type { ReadOptions } from '../scan/read-options';
import { openScan } from '../scan/open';
import { CancelledError } from '../scan/errors';
import { prepareVolumeTimed, type PrepareOptions, type PrepareResult } from './prepare';
import type { StageTimings } from './timings';
import { createPrepareStream } from './streaming';
import { DEFAULT_BUDGET_BYTES } from './grid';

export type ReadScan = (paths: string | string[], opts: ReadOptions) => Promise<Volume>;

export interface OpenRequest {
  onProgress?: (p: Progress) => void;
  seriesUid?: string;
  /** Grid/format choices passed to prepareVolume. */
  prepare?: Omit<PrepareOptions, 'pool' | 'signal' | 'onProgress'>;
}

export interface Opened extends PrepareResult {
  volume: Volume;
  timings: StageTimings;
}

export interface Opener {
  open(paths: string | string[], req?: OpenRequest): Promise<Opened>;
  /** Cancels the open in flight, if any. */
  cancel(): void;
}

/** Share of the progress bar given to reading (the rest is prepare). */
const READ_SHARE = 0.5;

/** `read` defaults to openScan; tests may pass another reader. */
export function createOpener(pool: WorkerPool, read: ReadScan = openScan): Opener {
  let current: AbortController | null = null;
  return {
    cancel() {
      current?.abort();
      current = null;
    },
    async open(paths, req = {}) {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const { signal } = controller;
      setMaxListeners(0, signal); // every queued pool job (decode, streamed slabs) listens to it
      try {
        return await untilAborted(openAndPrepare(pool, read, paths, req, signal), signal);
      } finally {
        if (current === controller) current = null;
      }
    },
  };
}

/** read → prepare with timings; usable on its own (the CLI's `prepare` command). */
export async function openAndPrepare(pool: WorkerPool, read: ReadScan, paths: string | string[], req: OpenRequest, signal?: AbortSignal): Promise<Opened> {
  const report = (p: Progress, base: number, share: number) => req.onProgress?.({ stage: p.stage, fraction: base + p.fraction * share });
  const t0 = performance.now();
  warmUp(pool);
  // Quantize + histogram start on the pool as the reader reports final voxels (streaming.ts).
  const stream = createPrepareStream({ pool, signal, wantTexels: (voxels, dtype) => mayUseStreamedTexels(req.prepare, voxels, dtype) });
  let volume: Volume;
  try {
    const readOpts: ReadOptions = { pool, signal, seriesUid: req.seriesUid, onProgress: (p) => report(p, 0, READ_SHARE), onVoxels: stream.onVoxels, valueRange: stream.valueRange };
    volume = await read(paths, readOpts);
  } catch (e) {
    stream.dispose(); // a bad file: no more quantize jobs for its partial voxels
    throw e;
  }
  // The read ends when its last voxel arrives: a reader may wait for the streamed jobs after
  // that (ReadOptions.valueRange), which is quantize time, not read time.
  const t1 = Math.min(performance.now(), stream.completedAt ?? Infinity);
  const readMs = t1 - t0;
  const streamed = await stream.finish();
  const tailMs = performance.now() - t1; // streamed jobs still running when the read ended
  const result = await prepareVolumeTimed(volume, { ...req.prepare, pool, signal, streamed, onProgress: (p) => report(p, READ_SHARE, 1 - READ_SHARE) });
  result.timings.read = readMs;
  if (result.timings.quantizedWhileReading) result.timings.quantize += tailMs;
  else result.timings.histogram += tailMs;
  result.timings.total += readMs + tailMs;
  return { ...result, volume };
}

/**
 * Whether f16 texels made during the read could be the final ones: only when prepare would keep
 * the source grid, which a caller-forced grid or an over-budget volume rule out, AND the format
 * will be f16 — not 'auto' on int16 voxels, which at the source grid become 'i16' (the voxels
 * themselves; the stream then counts the histogram only). The shape and masks are unknown while
 * streaming; prepare re-checks and discards the texels if wrong.
 */
function mayUseStreamedTexels(opts: OpenRequest['prepare'], voxels: number, dtype: DType): boolean {
  const format = opts?.format ?? 'auto';
  const f16 = format === 'f16' || (format === 'auto' && dtype !== 'int16');
  return f16 && opts?.maxGrid === undefined && voxels * 2 <= (opts?.budgetBytes ?? DEFAULT_BUDGET_BYTES);
}

/** Starts every pool thread now (a no-op job each), so thread start-up overlaps the read. */
function warmUp(pool: WorkerPool): void {
  for (let i = 0; i < pool.size; i++) pool.run('ping', { value: i }).catch(() => {});
}

/** Rejects with CancelledError as soon as `signal` fires, even if `work` ignores it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
