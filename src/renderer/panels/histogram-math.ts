/**
 * Pure geometry of the histogram panel: value axis ↔ pixels, bar heights from counts (log scale),
 * tick spacing, tissue bands. Kept apart from the canvas code so tests can check the numbers the
 * panel paints against the histogram itself.
 */
import type { Histogram } from '../../shared/prepared';

export interface Axis {
  /** Value at the left edge of the plot. */
  min: number;
  /** Value at the right edge of the plot. */
  max: number;
  /** Plot width in pixels. */
  width: number;
}

/** Plot rows in a canvas of `height` px: a band for tissue labels on top, axis labels below. */
export function histogramPlot(height: number): { top: number; bottom: number; height: number } {
  const top = 14;
  const bottom = height - 16;
  return { top, bottom, height: bottom - top };
}

/**
 * The value axis: the data's range, except that HU axes stop at −1024 (padding values such as
 * −3024 are not tissue) and 3072 (a little metal would squash the whole tissue range).
 */
export function histogramAxis(hist: Pick<Histogram, 'min' | 'max' | 'binWidth'>, width: number, isHU = true): Axis {
  let min = hist.min;
  let max = hist.max + hist.binWidth;
  if (isHU) {
    min = Math.min(Math.max(min, -1024), max - 1);
    max = Math.max(Math.min(max, 3072), min + 1);
  }
  return { min, max: max > min ? max : min + 1, width };
}

export function valueToX(axis: Axis, v: number): number {
  return ((v - axis.min) / (axis.max - axis.min)) * axis.width;
}

export function xToValue(axis: Axis, x: number): number {
  return axis.min + (x / axis.width) * (axis.max - axis.min);
}

/**
 * Height 0..1 of each pixel column: the voxel count of all bins starting inside the column's
 * value range, as log10(1 + count) relative to the tallest column. Log scale because air and
 * soft tissue outnumber bone by 100:1 or more.
 */
export function columnHeights(hist: Pick<Histogram, 'min' | 'binWidth' | 'counts'>, axis: Axis): Float64Array {
  const sums = new Float64Array(axis.width);
  for (let i = 0; i < hist.counts.length; i++) {
    const c = hist.counts[i];
    if (!c) continue;
    const x = Math.floor(valueToX(axis, hist.min + i * hist.binWidth));
    if (x >= 0 && x < axis.width) sums[x] += c;
  }
  let top = 0;
  for (let x = 0; x < sums.length; x++) {
    sums[x] = Math.log10(1 + sums[x]);
    top = Math.max(top, sums[x]);
  }
  if (top > 0) for (let x = 0; x < sums.length; x++) sums[x] /= top;
  return sums;
}

/** A "nice" tick step (1, 2 or 5 × 10ⁿ) giving about `target` ticks over the range. */
export function tickStep(range: number, target = 6): number {
  const raw = range / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

export function ticks(axis: Axis, target = 6): number[] {
  const step = tickStep(axis.max - axis.min, target);
  const out: number[] = [];
  for (let v = Math.ceil(axis.min / step) * step; v <= axis.max; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/** Reference tissue values (HU) marked on the axis of CT volumes. "≥" bands mark their lower edge. */
export const TISSUE_MARKS: readonly { hu: number; label: string }[] = [
  { hu: -1000, label: 'air' },
  { hu: -100, label: 'fat' },
  { hu: 0, label: 'water' },
  { hu: 40, label: 'soft' },
  { hu: 400, label: 'bone≥' },
  { hu: 1000, label: 'metal≥' },
];
