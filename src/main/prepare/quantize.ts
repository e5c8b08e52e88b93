/** Quantizing the render-grid values into the GPU format, and masks into 0/255, on the pool. */
import type { GpuFormat, LinearMapping } from '../../shared/prepared';
import type { VoxelArray } from '../../shared/volume';
import { merge, type HistogramResult } from './histogram';
import { directOffset } from './histogram-kernel';
import { sharedArray } from './shared-memory';
import { runSlabs, slabCount, split, type SlabRun } from './slabs';

export async function quantize(run: SlabRun, src: VoxelArray, format: GpuFormat, mapping?: LinearMapping): Promise<Uint16Array | Uint8Array> {
  const dst = format === 'u8' ? sharedArray(Uint8Array, src.length) : sharedArray(Uint16Array, src.length);
  const spans = split(src.length, slabCount(run.pool, src.length));
  await runSlabs(run, 'prepQuantize', spans, (s) => ({ src, ...s, dst, format, mapping }));
  return dst;
}

export async function thresholdMask(run: SlabRun, src: VoxelArray): Promise<Uint8Array> {
  const dst = sharedArray(Uint8Array, src.length);
  const spans = split(src.length, slabCount(run.pool, src.length));
  await runSlabs(run, 'prepMaskThreshold', spans, (s) => ({ src, ...s, dst }));
  return dst;
}

/** True when quantizeF16WithHistogram applies: f16 texels straight from int16/uint8 source voxels. */
export function canFuse(src: VoxelArray, format: GpuFormat): src is Int16Array | Uint8Array {
  return format === 'f16' && (src instanceof Int16Array || src instanceof Uint8Array);
}

/** f16 texels and the histogram in ONE pass over the source (no resampling needed). */
export async function quantizeF16WithHistogram(run: SlabRun, src: Int16Array | Uint8Array): Promise<{ texels: Uint16Array; histogram: HistogramResult }> {
  const dst = sharedArray(Uint16Array, src.length);
  const direct = directOffset(src instanceof Int16Array ? 'int16' : 'uint8')!;
  const spans = split(src.length, slabCount(run.pool, src.length));
  const parts = await runSlabs(run, 'prepQuantizeF16Histogram', spans, (s) => ({ src, ...s, dst, ...direct }));
  return { texels: dst, histogram: merge(parts, 1) };
}
