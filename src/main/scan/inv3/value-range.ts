/**
 * The real [min, max] of the voxels. main.plist's scalar_range is only a claim (downstream
 * code, e.g. the export's value mapping, trusts Volume.scalarRange), so we measure it:
 * SIMD for int16 (InVesalius' only dtype in practice), a plain loop otherwise.
 */
import type { VoxelArray } from '../../../shared/volume';
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
