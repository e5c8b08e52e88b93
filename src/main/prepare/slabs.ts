/** Splitting work into slabs and running them on the pool with progress and cancellation. */
import type { WorkerPool } from '../workers/pool';
import type { JobInput, JobKind, JobOutput } from '../workers/jobs';

export interface Span {
  begin: number;
  end: number;
}

/** [0, total) cut into at most `parts` contiguous, non-empty spans of near-equal size. */
export function split(total: number, parts: number): Span[] {
  const n = Math.max(1, Math.min(total, Math.floor(parts)));
  const spans: Span[] = [];
  for (let i = 0; i < n; i++) {
    const begin = Math.floor((total * i) / n);
    const end = Math.floor((total * (i + 1)) / n);
    if (end > begin) spans.push({ begin, end });
  }
  return spans;
}

/** Adds `run` to a sorted list of disjoint spans, merging it with the spans it touches. */
export function addSpan(list: Span[], run: Span): void {
  let at = 0;
  while (at < list.length && list[at].end < run.begin) at++;
  let begin = run.begin;
  let end = run.end;
  let remove = 0;
  while (at + remove < list.length && list[at + remove].begin <= end) {
    begin = Math.min(begin, list[at + remove].begin);
    end = Math.max(end, list[at + remove].end);
    remove++;
  }
  list.splice(at, remove, { begin, end });
}

/** How many slabs for `work` units (voxels): enough to keep every thread busy and progress smooth. */
export function slabCount(pool: WorkerPool, work: number): number {
  const perSlab = 2_000_000;
  return Math.max(pool.size * 2, Math.min(64, Math.ceil(work / perSlab)));
}

export interface SlabRun {
  pool: WorkerPool;
  signal?: AbortSignal;
  /** Called with the fraction of slabs done (0..1). */
  onFraction?: (f: number) => void;
}

/** Runs one job per span, in parallel on the pool, reporting progress as slabs finish. */
export async function runSlabs<K extends JobKind>(run: SlabRun, kind: K, spans: Span[], input: (s: Span) => JobInput<K>): Promise<Array<JobOutput<K>>> {
  let done = 0;
  return Promise.all(
    spans.map(async (s) => {
      const out = await run.pool.run(kind, input(s), { signal: run.signal });
      done++;
      run.onFraction?.(done / spans.length);
      return out;
    }),
  );
}
