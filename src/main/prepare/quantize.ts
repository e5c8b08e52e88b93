/** Quantizing the render-grid values into the GPU format, and masks into 0/255, on the pool. */
import type { GpuFormat, LinearMapping } from '../../shared/prepared';
import type { VoxelArray } from '../../shared/volume';
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
