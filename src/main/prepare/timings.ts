/** Wall-clock time per pipeline stage, in ms (what `hounsfield prepare` prints). */
export interface StageTimings {
  read: number;
  histogram: number;
  resample: number;
  quantize: number;
  /** Mask resampling + thresholding and surface transforms. */
  masks: number;
  total: number;
  /** True when the histogram was counted inside the quantize pass (then `histogram` is 0). */
  histogramInQuantize?: boolean;
  /** True when texels were made during the read (ReadOptions.onVoxels); `quantize` is then the wait after it. */
  quantizedWhileReading?: boolean;
  /** True when the histogram was counted during the read (histogram-only stream); `histogram` is then the wait after it. */
  histogramWhileReading?: boolean;
}

export function emptyTimings(): StageTimings {
  return { read: 0, histogram: 0, resample: 0, quantize: 0, masks: 0, total: 0 };
}

/** Runs `fn` and adds its duration to `timings[stage]`. */
export async function timed<T>(timings: StageTimings, stage: Exclude<keyof StageTimings, 'histogramInQuantize' | 'quantizedWhileReading' | 'histogramWhileReading'>, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings[stage] += performance.now() - t0;
  }
}
