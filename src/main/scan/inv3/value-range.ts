/**
 * The real [min, max] of the voxels. main.plist's scalar_range is only a claim (downstream
 * code, e.g. the export's value mapping, trusts Volume.scalarRange), so we measure it: on the
 * worker pool when there is one (slab jobs; the calling thread never loops over the volume),
 * else here, with SIMD for int16 (InVesalius' only dtype in practice) and a plain loop otherwise.
 */
import type { VoxelArray } from '../../../shared/volume';
import type { WorkerPool } from '../../workers/pool';
import { runSlabs, slabCount, split } from '../../prepare/slabs';
import { simdKernels } from './simd-kernels';

/** [min, max], ignoring NaN; null when there is no number at all. */
export function valueRange(data: VoxelArray): [number, number] | null {
  if (data.length === 0) return null;
  const kernels = data instanceof Int16Array ? simdKernels() : null;
  if (kernels) return kernels.range(data as Int16Array);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : null;
}

/** valueRange, computed by slab jobs on `pool` (in parallel) when given and the data is shared. */
export async function measureRange(data: VoxelArray, pool?: WorkerPool, signal?: AbortSignal): Promise<[number, number] | null> {
  if (!pool || !(data.buffer instanceof SharedArrayBuffer) || data.length === 0) return valueRange(data);
  const spans = split(data.length, slabCount(pool, data.length));
  const parts = await runSlabs({ pool, signal }, 'prepMinMax', spans, (s) => ({ src: data, ...s }));
  const min = Math.min(...parts.map((p) => p.min));
  const max = Math.max(...parts.map((p) => p.max));
  return min <= max ? [min, max] : null;
}
