/**
 * Prepare work that starts DURING the read: the reader reports byte ranges whose voxels are final
 * (ReadOptions.onVoxels), and this runs the elementwise part of prepare on them in the pool while
 * the read goes on: the fused f16 texels + 1-HU histogram, or the histogram alone when the texels
 * may not be usable (a resampled grid) or are not needed ('i16': the voxels themselves are the
 * texels). Nothing here needs the volume's shape, so it works for formats whose
 * geometry arrives last (gzip .inv3: main.plist is at the END of the archive).
 *
 * When the read is done, finish() hands prepare what was computed; prepare uses it only if the
 * Volume's data is the very array that was streamed (see usableFor), so results are exactly those
 * of the non-streaming path. On this thread: interval bookkeeping only, never a loop over voxels.
 */
import type { DType, VoxelArray } from '../../shared/volume';
import type { VoxelsReady } from '../scan/read-options';
import type { WorkerPool } from '../workers/pool';
import { merge, type HistogramResult } from './histogram';
import { directOffset, type SlabHistogram } from './histogram-kernel';
import { isShared, sharedArray } from './shared-memory';
import { addSpan, type Span } from './slabs';

/** A contiguous run of ready voxels is sent to the pool once it is this long (or at the end). */
const MIN_JOB = 1 << 20;
/** Longer runs are cut into jobs of at most this many voxels, so every thread gets a share. */
const MAX_JOB = 1 << 22;

/** What the read left behind for prepare: histogram of the source voxels, and texels if made. */
export interface StreamedPrepare {
  data: VoxelArray;
  histogram: HistogramResult;
  /** f16 texels of every voxel (same length as data), or null in histogram-only mode. */
  texels: Uint16Array | null;
}

export interface StreamOptions {
  pool: WorkerPool;
  signal?: AbortSignal;
  /** Make f16 texels when this returns true for the voxel count (else histogram only). */
  wantTexels: (voxels: number, dtype: DType) => boolean;
}

export interface PrepareStream {
  /** Pass as ReadOptions.onVoxels. */
  onVoxels: (ready: VoxelsReady) => void;
  /**
   * Pass as ReadOptions.valueRange: [min, max] of `data` from the streamed histogram, once every
   * voxel has been reported (it waits for the jobs, like finish()); null for any other array.
   */
  valueRange(data: VoxelArray): Promise<[number, number] | null>;
  /** After the read: flushes the rest, waits for the jobs; null when nothing complete was streamed. Idempotent. */
  finish(): Promise<StreamedPrepare | null>;
  /** performance.now() when the last voxel was reported (the read's end), if it was. */
  readonly completedAt: number | undefined;
  /** The read failed: send no more jobs (those running finish on their own, results unused). */
  dispose(): void;
}

/** Per streamed array: which voxels are ready, which were sent, and the jobs' results. */
interface Target {
  data: VoxelArray;
  dtype: DType;
  offset: number;
  bins: number;
  texels: Uint16Array | null;
  /** Ready voxel runs not yet sent to the pool (sorted, disjoint, merged when adjacent). */
  pending: Span[];
  /** Bytes seen so far of voxels that straddle a range edge, by voxel index. */
  partial: Map<number, number>;
  sent: number;
  /** Every voxel run reported ready so far, merged: must end as exactly [0, length). */
  covered: Span[];
  /** Job spans waiting for a free slot (see `limit`). */
  queue: Span[];
  jobs: Array<Promise<SlabHistogram>>;
  failed: boolean;
}

export function createPrepareStream(opts: StreamOptions): PrepareStream {
  let target: Target | null = null;
  let finished: Promise<StreamedPrepare | null> | null = null;
  let completedAt: number | undefined;

  const start = (ready: VoxelsReady): Target | null => {
    const direct = directOffset(ready.dtype);
    if (!direct || !isShared(ready.data)) return null; // float/int32 (two-pass histogram) or unshareable data
    const fusable = ready.data instanceof Int16Array || ready.data instanceof Uint8Array;
    const texels = fusable && opts.wantTexels(ready.data.length, ready.dtype) ? sharedArray(Uint16Array, ready.data.length) : null;
    return { data: ready.data, dtype: ready.dtype, ...direct, texels, pending: [], partial: new Map(), sent: 0, covered: [], queue: [], jobs: [], failed: false };
  };

  // While the read goes on, at most `reading` jobs run at once: the read itself (inflate, tar
  // parsing, copies) is the critical path and keeps a core; once every voxel has arrived (or in
  // finish()) the rest go at full width.
  const reading = Math.max(1, opts.pool.size - 1);
  let limit = reading;
  let inFlight = 0;

  const pump = (t: Target) => {
    while (inFlight < limit && t.queue.length > 0 && t === target) {
      const span = t.queue.shift()!;
      const input = { src: t.data, ...span, offset: t.offset, bins: t.bins };
      const job = t.texels
        ? opts.pool.run('prepQuantizeF16Histogram', { ...input, src: t.data as Int16Array | Uint8Array, dst: t.texels }, { signal: opts.signal })
        : opts.pool.run('prepHistogramDirect', input, { signal: opts.signal });
      inFlight++;
      // a failed or cancelled job makes the whole stream unusable; finish() reports null
      job.then(
        () => {
          inFlight--;
          pump(t);
        },
        () => {
          inFlight--;
          t.failed = true;
        },
      );
      t.jobs.push(job);
    }
  };

  const send = (t: Target, run: Span) => {
    for (let begin = run.begin; begin < run.end; begin += MAX_JOB) t.queue.push({ begin, end: Math.min(run.end, begin + MAX_JOB) });
    t.sent += run.end - run.begin;
    pump(t);
  };

  const ready = (t: Target, run: Span, flushAll: boolean) => {
    if (run.end > run.begin) {
      addSpan(t.pending, run);
      addSpan(t.covered, run);
    }
    if (!flushAll && isWhole(t)) {
      // The last voxels arrived: the read is over, so send everything and let every thread work.
      completedAt ??= performance.now();
      flushAll = true;
      limit = Infinity;
    }
    t.pending = t.pending.filter((p) => {
      if (!flushAll && p.end - p.begin < MIN_JOB) return true;
      send(t, p);
      return false;
    });
  };

  return {
    onVoxels(r) {
      if (opts.signal?.aborted) return;
      if (!target || !sameVoxels(target.data, r.data)) {
        target = start(r); // a new array: earlier work is dropped
        completedAt = undefined;
      }
      const t = target;
      if (!t || t.failed) return;
      const size = t.data.BYTES_PER_ELEMENT;
      if (r.byteStart < 0 || r.byteEnd > t.data.byteLength || r.byteEnd < r.byteStart) {
        t.failed = true; // a reader bug: never guess
        return;
      }
      // Whole voxels inside the range, plus edge voxels completed by this range's bytes.
      let first = Math.ceil(r.byteStart / size);
      let last = Math.floor(r.byteEnd / size);
      const edge = (voxel: number, bytes: number): boolean => {
        const seen = (t.partial.get(voxel) ?? 0) + bytes;
        if (seen < size) t.partial.set(voxel, seen);
        else t.partial.delete(voxel);
        return seen >= size;
      };
      if (first > last) {
        // the range lies inside one voxel
        if (edge(last, r.byteEnd - r.byteStart)) ready(t, { begin: last, end: last + 1 }, false);
        return;
      }
      if (r.byteStart % size !== 0 && edge(first - 1, first * size - r.byteStart)) first--;
      if (r.byteEnd % size !== 0 && edge(last, r.byteEnd - last * size)) last++;
      ready(t, { begin: first, end: last }, false);
    },

    dispose() {
      if (target) target.queue.length = 0;
      target = null;
    },

    finish,

    async valueRange(data) {
      if (!target || !sameVoxels(target.data, data) || !isWhole(target)) return null;
      const streamed = await finish();
      if (!streamed || !sameVoxels(streamed.data, data)) return null;
      const { histogram, min } = streamed.histogram;
      return histogram.total > 0 ? [min, histogram.max] : null;
    },

    get completedAt() {
      return completedAt;
    },
  };

  function finish(): Promise<StreamedPrepare | null> {
    finished ??= finishTarget(target);
    return finished;
  }

  async function finishTarget(t: Target | null): Promise<StreamedPrepare | null> {
    if (!t || t.failed) return null;
    limit = Infinity; // the read is over: every thread may help
    ready(t, { begin: 0, end: 0 }, true);
    pump(t);
    const parts = await Promise.allSettled(t.jobs);
    // Every voxel counted exactly once: all reported (one run covering everything) and no
    // more jobs' voxels than that (a reader that reported a range twice would double-count).
    if (t.failed || !isWhole(t) || t.sent !== t.data.length) return null;
    const histograms = parts.map((p) => (p as PromiseFulfilledResult<SlabHistogram>).value);
    return { data: t.data, histogram: merge(histograms, 1), texels: t.texels };
  }
}

/** Every voxel of the target reported: one run covering [0, length). */
function isWhole(t: Target): boolean {
  return t.covered.length === 1 && t.covered[0].begin === 0 && t.covered[0].end === t.data.length;
}

/** Same voxels in memory: same buffer, offset, length and element type (views may be distinct objects). */
export function sameVoxels(a: VoxelArray, b: VoxelArray): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset && a.length === b.length && a.constructor === b.constructor;
}
