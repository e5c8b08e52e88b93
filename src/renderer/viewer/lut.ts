/**
 * Classification lookup tables (pure functions, no WebGL). The shader turns a sample's HU into
 * colour/opacity with ONE texture fetch into a small 1-D table; changing the window, the transfer
 * function or the mode rebuilds only this table (a few KiB), never the volume.
 *
 * The table covers the volume's value range at (at most) 1 HU per texel, so narrow windows such
 * as stroke (W40) or even W8 stay exact: texel i holds the value for HU = domain.min + i·step.
 */
import type { Histogram } from '../../shared/prepared';
import type { WindowLevel } from '../../shared/volume';
import type { TfPoint } from '../../shared/presets/transfer-presets';

export interface LutDomain {
  /** HU at the centre of the first texel. */
  min: number;
  /** HU at the centre of the last texel. */
  max: number;
  /** Number of texels. */
  size: number;
}

export const MAX_LUT_SIZE = 4096;

/** The CT range that keeps 1 HU per texel when a CT's full range is wider than the table. */
const CT_CORE: [number, number] = [-1024, -1024 + MAX_LUT_SIZE - 1];

/**
 * The table's domain: the histogram's value range, 1 HU per texel when it fits in MAX_LUT_SIZE.
 * A wider HU range (padding at −3024, metal at 30 000) is cut to −1024…3071 so that narrow windows
 * stay exact; values beyond either end take the end texel (air stays air, metal stays the top).
 * Non-HU data keeps its full range, spread over the table.
 */
export function lutDomain(hist: Pick<Histogram, 'min' | 'max'>, isHU = true): LutDomain {
  let min = Math.floor(hist.min);
  let max = Math.ceil(hist.max);
  if (!(max > min)) max = min + 1;
  if (isHU && max - min + 1 > MAX_LUT_SIZE) {
    min = Math.max(min, CT_CORE[0]);
    max = Math.min(max, min + MAX_LUT_SIZE - 1);
  }
  const size = Math.min(MAX_LUT_SIZE, max - min + 1);
  return { min, max, size };
}

/** HU of texel i. */
export function lutTexelValue(domain: LutDomain, i: number): number {
  return domain.min + (i * (domain.max - domain.min)) / (domain.size - 1);
}

/** Fractional texel index for a value (clamped), the inverse of lutTexelValue. */
export function lutIndexOf(domain: LutDomain, hu: number): number {
  const f = ((hu - domain.min) / (domain.max - domain.min)) * (domain.size - 1);
  return Math.min(domain.size - 1, Math.max(0, f));
}

/** Grey value 0..1 for a HU under a window: linear between level ∓ width/2, clamped. */
export function windowGrey(hu: number, w: WindowLevel): number {
  const width = Math.max(1, w.width);
  const lo = w.level - width / 2;
  return Math.min(1, Math.max(0, (hu - lo) / width));
}

/** RGBA (floats, 4 per texel) grey ramp for MIP / MinIP. Alpha = 1 everywhere. */
export function buildWindowLut(domain: LutDomain, w: WindowLevel): Float32Array {
  const out = new Float32Array(domain.size * 4);
  for (let i = 0; i < domain.size; i++) {
    const g = windowGrey(lutTexelValue(domain, i), w);
    out.set([g, g, g, 1], i * 4);
  }
  return out;
}

/** Transfer function evaluated at one HU: piecewise linear, end values held outside the points. */
export function evaluateTransfer(points: readonly TfPoint[], hu: number): [number, number, number, number] {
  if (points.length === 0) return [0, 0, 0, 0];
  const first = points[0];
  const last = points[points.length - 1];
  if (hu <= first.hu) return [...first.color, first.opacity];
  if (hu >= last.hu) return [...last.color, last.opacity];
  let k = 1;
  while (points[k].hu < hu) k++;
  const a = points[k - 1];
  const b = points[k];
  const t = b.hu > a.hu ? (hu - a.hu) / (b.hu - a.hu) : 1;
  const mix = (x: number, y: number) => x + (y - x) * t;
  return [mix(a.color[0], b.color[0]), mix(a.color[1], b.color[1]), mix(a.color[2], b.color[2]), mix(a.opacity, b.opacity)];
}

/** RGBA (floats) table of a transfer function; alpha is opacity per mm (step-corrected in the shader). */
export function buildTransferLut(domain: LutDomain, points: readonly TfPoint[]): Float32Array {
  const sorted = [...points].sort((p, q) => p.hu - q.hu);
  const out = new Float32Array(domain.size * 4);
  for (let i = 0; i < domain.size; i++) out.set(evaluateTransfer(sorted, lutTexelValue(domain, i)), i * 4);
  return out;
}

/**
 * Prefix count of "visible" texels (alpha > 0) so that "is anything between HU a and b visible?"
 * is answered in O(1) per brick: visible(a,b) = prefix[hi+1] − prefix[lo] > 0.
 */
export function visiblePrefix(lut: Float32Array, size: number): Uint32Array {
  const prefix = new Uint32Array(size + 1);
  for (let i = 0; i < size; i++) prefix[i + 1] = prefix[i] + (lut[i * 4 + 3] > 0 ? 1 : 0);
  return prefix;
}

/** True when some texel touched by values in [lo, hi] (incl. the linear filter's neighbours) is visible. */
export function rangeVisible(prefix: Uint32Array, domain: LutDomain, lo: number, hi: number): boolean {
  const a = Math.floor(lutIndexOf(domain, lo));
  const b = Math.min(domain.size - 1, Math.ceil(lutIndexOf(domain, hi)));
  return prefix[b + 1] - prefix[a] > 0;
}
