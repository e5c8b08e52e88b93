/**
 * Whole-volume facts for `hounsfield info`: min/max/mean (the histogram slab jobs) and the
 * SHA-256 of the voxel bytes exactly as stored (little-endian, [z][y][x]), hashed in a worker
 * while the other threads count.
 */
import type { Volume } from '../../shared/volume';
import type { WorkerPool } from '../workers/pool';
import { computeHistogram } from './histogram';
import { toShared } from './shared-memory';

export interface VolumeStats {
  min: number;
  max: number;
  mean: number;
  sha256: string;
}

export async function volumeStats(volume: Volume, pool: WorkerPool, signal?: AbortSignal): Promise<VolumeStats> {
  const data = toShared(volume.data);
  const [hash, hist] = await Promise.all([pool.run('prepSha256', { data }, { signal }), computeHistogram({ pool, signal }, data, volume.dtype)]);
  const { histogram } = hist;
  return { min: hist.min, max: histogram.total > 0 ? histogram.max : NaN, mean: histogram.mean, sha256: hash.hex };
}
