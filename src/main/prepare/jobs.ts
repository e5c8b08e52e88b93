/**
 * The prepare pipeline's worker jobs (registered in src/main/workers/jobs.ts). Each works on
 * one slab of arrays backed by SharedArrayBuffers, so inputs and outputs are shared, never
 * copied; results are small (a trimmed histogram, a min/max, nothing). The hash job is in hash-job.ts.
 * A worker loads this module on its first prepare job (src/main/workers/job-registry.ts).
 */
import type { VoxelArray } from '../../shared/volume';
import { resampleSlicesXY, resampleSlicesZ, resampleSlicesZToTexels, type XYInput, type ZInput, type ZTexelsInput } from './resample-kernel';
import { quantizeF16WithHistogram, quantizeSlab, thresholdMaskSlab, type QuantizeInput } from './quantize-kernel';
import { histogramBinned, histogramDirect, minMaxSlab, type SlabHistogram } from './histogram-kernel';

interface Range {
  src: VoxelArray;
  begin: number;
  end: number;
}

export const prepareJobs = {
  prepResampleXY(input: XYInput): null {
    resampleSlicesXY(input);
    return null;
  },
  prepResampleZ(input: ZInput): null {
    resampleSlicesZ(input);
    return null;
  },
  prepResampleZTexels(input: ZTexelsInput): null {
    resampleSlicesZToTexels(input);
    return null;
  },
  prepQuantize(input: QuantizeInput): null {
    quantizeSlab(input);
    return null;
  },
  prepQuantizeF16Histogram(input: Parameters<typeof quantizeF16WithHistogram>[0]): SlabHistogram {
    return quantizeF16WithHistogram(input);
  },
  prepMaskThreshold(input: Range & { dst: Uint8Array }): null {
    thresholdMaskSlab(input);
    return null;
  },
  prepHistogramDirect(input: Range & { offset: number; bins: number }): SlabHistogram {
    return histogramDirect(input.src, input.begin, input.end, input.offset, input.bins);
  },
  prepHistogramBinned(input: Range & { lo: number; binWidth: number; bins: number }): SlabHistogram {
    return histogramBinned(input.src, input.begin, input.end, input.lo, input.binWidth, input.bins);
  },
  prepMinMax(input: Range): { min: number; max: number } {
    return minMaxSlab(input.src, input.begin, input.end);
  },
};
