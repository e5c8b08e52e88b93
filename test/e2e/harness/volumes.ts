/**
 * Real volumes for the browser tests, through the REAL pipeline: openScan (reader) →
 * prepareVolume (worker pool, small grid) → encodePrepared. Cached per path for the test run.
 */
import { openScan } from '../../../src/main/scan/open';
import { prepareVolume } from '../../../src/main/prepare';
import { WorkerPool } from '../../../src/main/workers/pool';
import { encodePrepared } from '../../../src/shared/serialize';
import type { GpuFormat, PreparedVolume } from '../../../src/shared/prepared';

const cache = new Map<string, { prepared: PreparedVolume; blob: Buffer }>();
// Our own pool, not the process-wide getPool(): Playwright runs every spec file in one worker
// process, and other specs close the shared pool when they finish.
let pool: WorkerPool | null = null;

export async function preparedBlob(path: string, maxGrid = 128, format: GpuFormat = 'f16'): Promise<{ prepared: PreparedVolume; blob: Buffer }> {
  const key = `${path}#${maxGrid}#${format}`;
  let hit = cache.get(key);
  if (!hit) {
    pool ??= new WorkerPool();
    const volume = await openScan(path, { pool });
    const prepared = await prepareVolume(volume, { maxGrid, format, pool });
    hit = { prepared, blob: Buffer.from(encodePrepared(prepared)) };
    cache.set(key, hit);
  }
  return hit;
}

export async function closePipeline(): Promise<void> {
  await pool?.close();
  pool = null;
  cache.clear();
}
