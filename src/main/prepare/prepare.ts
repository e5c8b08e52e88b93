/**
 * prepareVolume: Volume → PreparedVolume (render grid, GPU format, histogram). The app runs it
 * after every open and the CLI's `prepare` runs the very same code. Every O(volume) loop runs
 * on the worker pool over SharedArrayBuffers; this thread only plans, merges and waits.
 *
 * Stages: histogram (of the SOURCE voxels: exact HU statistics) → resampling (only when the
 * grid or slice spacing changes) → quantizing → masks. When nothing is resampled and the
 * format is f16, histogram and quantizing are one fused pass (each voxel is read once).
 *
 * Format 'auto' (the default): 'i16' for an int16 source kept on its own grid — the texels ARE
 * the source array, no quantizing pass and no second buffer; the GPU makes the half floats —
 * otherwise 'f16'. Both are 2 bytes per voxel, so the grid choice does not depend on which.
 */
import type { GpuFormat, Histogram, LinearMapping, PreparedVolume, Progress } from '../../shared/prepared';
import type { DType, Volume } from '../../shared/volume';
import { getPool, type WorkerPool } from '../workers/pool';
import { throwIfAborted } from '../scan/errors';
import { chooseGrid, DEFAULT_BUDGET_BYTES, DEFAULT_MAX_TEXTURE_SIZE } from './grid';
import { effectiveSpacing, extentOf, hasUnevenSlices, renderAffine } from './geometry';
import { computeHistogram } from './histogram';
import { planResample, resample, resampleToTexels } from './resample';
import { canFuse, quantize, quantizeF16WithHistogram, thresholdMask } from './quantize';
import { defaultMapping } from './mapping';
import { prepareSurface } from './surfaces';
import { toShared } from './shared-memory';
import type { SlabRun } from './slabs';
import { emptyTimings, timed, type StageTimings } from './timings';
import { sameVoxels, type StreamedPrepare } from './streaming';

export interface PrepareOptions {
  pool?: WorkerPool;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** GPU texture format, default 'auto' (see above): 'i16' when possible, else 'f16'. */
  format?: GpuFormat | 'auto';
  /** Texture budget in bytes (volume + one byte per voxel per mask); default fits a 2 GB GPU. */
  budgetBytes?: number;
  /** Per-axis GPU limit, default 2048. */
  maxTextureSize?: number;
  /** Force a smaller grid (tests, small exports): cap every axis at this many voxels. */
  maxGrid?: number;
  /** Code ↔ HU mapping for 'u8'/'u16' (default: see mapping.ts). */
  u8Mapping?: LinearMapping;
  /** Histogram (and maybe f16 texels) already computed while reading; used only if it is of this volume's data. */
  streamed?: StreamedPrepare | null;
}

export const FORMAT_BYTES: Record<GpuFormat, number> = { f16: 2, u8: 1, u16: 2, i16: 2 };

/** A format that cannot be used for this volume (the caller asked for it explicitly). */
export class FormatError extends Error {}

/**
 * The format prepare will use: 'auto' is 'i16' for int16 voxels kept on the source grid, else
 * 'f16'. An explicit 'i16' that cannot be honoured (other dtype, or resampling) is an error.
 */
export function resolveFormat(requested: GpuFormat | 'auto', dtype: DType, resampling: boolean): GpuFormat {
  const int16AsIs = dtype === 'int16' && !resampling;
  if (requested === 'auto') return int16AsIs ? 'i16' : 'f16';
  if (requested === 'i16' && !int16AsIs) throw new FormatError(`format i16 needs int16 voxels kept on their own grid (this volume is ${dtype}${resampling ? ', resampled' : ''}); use f16`);
  return requested;
}

export interface PrepareResult {
  prepared: PreparedVolume;
  timings: StageTimings;
}

export async function prepareVolume(volume: Volume, opts: PrepareOptions = {}): Promise<PreparedVolume> {
  return (await prepareVolumeTimed(volume, opts)).prepared;
}

export async function prepareVolumeTimed(volume: Volume, opts: PrepareOptions = {}): Promise<PrepareResult> {
  const t0 = performance.now();
  const timings = emptyTimings();
  const requested = opts.format ?? 'auto';
  const pool = opts.pool ?? getPool();
  const { signal } = opts;
  throwIfAborted(signal);

  const srcSpacing = effectiveSpacing(volume);
  const grid = chooseGrid(volume.shape, extentOf(volume.shape, srcSpacing), {
    budgetBytes: opts.budgetBytes ?? DEFAULT_BUDGET_BYTES,
    bytesPerVoxel: FORMAT_BYTES[requested === 'auto' ? 'f16' : requested] + volume.masks.length,
    maxTextureSize: opts.maxTextureSize ?? DEFAULT_MAX_TEXTURE_SIZE,
    maxGrid: opts.maxGrid,
  });
  const plan = planResample(volume.shape, grid, hasUnevenSlices(volume) ? volume.slicePositions : undefined);
  const resampling = plan.wx !== null || plan.wy !== null || plan.wz !== null;
  const format = resolveFormat(requested, volume.dtype, resampling);
  const data = toShared(volume.data);
  const fused = !resampling && canFuse(data, format);
  const streamed = opts.streamed && sameVoxels(opts.streamed.data, data) ? opts.streamed : null;
  const asIs = format === 'i16'; // the source array is the texels: histogram only
  const progress = stageProgress(opts.onProgress, { histogram: fused ? 0 : 1, resampling: resampling ? 1.5 : 0, quantizing: asIs ? 0 : 1, masks: volume.masks.length * (resampling ? 1.5 : 0.5) });
  const run = (stage: string): SlabRun => ({ pool, signal, onFraction: (f) => progress(stage, f) });

  let histogram: Histogram;
  let texels: Uint16Array | Uint8Array | Int16Array;
  let mapping: LinearMapping | undefined;
  if (asIs) {
    // 'i16': the Volume's own Int16Array goes to the renderer as it is (no copy, no pass over it).
    if (streamed) {
      histogram = streamed.histogram.histogram; // counted while reading
      timings.histogramWhileReading = true;
      progress('histogram', 1);
    } else ({ histogram } = await timed(timings, 'histogram', () => computeHistogram(run('histogram'), data, volume.dtype)));
    texels = volume.data as Int16Array;
  } else if (fused && streamed?.texels) {
    // Done during the read (streaming.ts): the same kernel over the same voxels.
    texels = streamed.texels;
    histogram = streamed.histogram.histogram;
    timings.histogramInQuantize = true;
    timings.quantizedWhileReading = true;
  } else if (fused && canFuse(data, format) /* repeated for type narrowing */) {
    // The common case (f16, grid = source): texels and histogram in one pass over the voxels.
    ({ texels, histogram: { histogram } } = await timed(timings, 'quantize', () => quantizeF16WithHistogram(run('quantizing'), data)));
    timings.histogramInQuantize = true;
  } else {
    if (streamed) {
      histogram = streamed.histogram.histogram; // counted while reading
      timings.histogramWhileReading = true;
    } else ({ histogram } = await timed(timings, 'histogram', () => computeHistogram(run('histogram'), data, volume.dtype)));
    throwIfAborted(signal);
    // Integer sources keep 1-HU codes in 'u16' (resampled values round to the nearest HU).
    const integer = volume.dtype !== 'float32';
    mapping = format === 'f16' ? undefined : (opts.u8Mapping ?? defaultMapping(format, histogram, { isHU: volume.meta.isHU, integer }));
    // With a z pass, it writes the texels itself (no float32 grid stored, no extra pass).
    const direct = await timed(timings, 'resample', () => resampleToTexels(run('resampling'), data, plan, format, mapping));
    if (direct) {
      texels = direct;
      progress('quantizing', 1);
    } else {
      const values = await timed(timings, 'resample', () => resample(run('resampling'), data, plan));
      throwIfAborted(signal);
      texels = await timed(timings, 'quantize', () => quantize(run('quantizing'), values, format, mapping));
    }
  }
  throwIfAborted(signal);

  const spacing = [0, 1, 2].map((a) => (srcSpacing[a] * [volume.shape[2], volume.shape[1], volume.shape[0]][a]) / [grid[2], grid[1], grid[0]][a]) as PreparedVolume['spacing'];
  const prepared = await timed(timings, 'masks', async (): Promise<PreparedVolume> => {
    const masks = [];
    for (const [m, mask] of volume.masks.entries()) {
      const maskRun: SlabRun = { pool, signal, onFraction: (f) => progress('masks', (m + f) / volume.masks.length) };
      const fractions = await resample({ ...maskRun, onFraction: (f) => maskRun.onFraction!(f * 0.7) }, toShared(mask.data), plan);
      const bytes = await thresholdMask({ ...maskRun, onFraction: (f) => maskRun.onFraction!(0.7 + f * 0.3) }, fractions);
      const volumeMm3 = mask.voxelsInside * volume.spacing[0] * volume.spacing[1] * volume.spacing[2];
      masks.push({ name: mask.name, colour: mask.colour, opacity: mask.opacity, visible: mask.visible, data: bytes, volumeMm3 });
    }
    const { meta } = volume;
    return {
      shape: grid,
      spacing,
      voxelToPatient: renderAffine(volume, grid),
      format,
      data: texels,
      mapping,
      histogram,
      window: { ...volume.window },
      sourceShape: [...volume.shape],
      sourceSpacing: [...volume.spacing],
      meta: {
        name: meta.name,
        modality: meta.modality,
        sourceFormat: meta.sourceFormat,
        isHU: meta.isHU,
        warnings: [...meta.warnings],
        ...(meta.geometryNotes?.length ? { geometryNotes: [...meta.geometryNotes] } : {}),
        ...(meta.orientationUnknown ? { orientationUnknown: true } : {}),
        ...(meta.identity ? { identity: { ...meta.identity } } : {}),
      },
      masks,
      surfaces: volume.surfaces.map((s) => prepareSurface(s, srcSpacing, spacing)),
      measurements: volume.measurements,
    };
  });
  timings.total = performance.now() - t0;
  return { prepared, timings };
}

/** Maps per-stage fractions onto one 0..1 bar, stages weighted by their rough cost. */
function stageProgress(onProgress: ((p: Progress) => void) | undefined, weights: Record<string, number>): (stage: string, f: number) => void {
  const names = Object.keys(weights).filter((k) => weights[k] > 0);
  const total = names.reduce((s, k) => s + weights[k], 0);
  return (stage, f) => {
    if (!onProgress) return;
    let before = 0;
    for (const k of names) {
      if (k === stage) break;
      before += weights[k];
    }
    onProgress({ stage, fraction: Math.min(1, (before + f * (weights[stage] ?? 0)) / total) });
  };
}
