/**
 * Default code↔HU mappings for the integer GPU formats.
 *  - 'u16': when the data are integers spanning ≤ 65,536 values, huMin = min and
 *    huMax = min + 65535, so code = HU − min exactly (full HU precision). Otherwise
 *    the [min, max] range is stretched over 0..65535.
 *  - 'u8': HU data cover [max(min, −1024), min(max, 3071)] — air to dense bone, the range
 *    a volume rendering needs — not the display window, which would clip bone to one code
 *    for a brain window. Non-HU data (e.g. MR, uint8 NIfTI) cover their [min, max].
 */
import type { GpuFormat, Histogram, LinearMapping } from '../../shared/prepared';

export const U8_HU_RANGE: [number, number] = [-1024, 3071];

export function defaultMapping(format: GpuFormat, hist: Pick<Histogram, 'min' | 'max'>, opts: { isHU: boolean; integer: boolean }): LinearMapping | undefined {
  const { min, max } = hist;
  if (format === 'f16' || format === 'i16') return undefined; // values are HU themselves
  if (format === 'u16') {
    if (opts.integer && max - min <= 65535) return { huMin: min, huMax: min + 65535 };
    return { huMin: min, huMax: max > min ? max : min + 1 };
  }
  let lo = min;
  let hi = max;
  if (opts.isHU) {
    lo = Math.max(min, U8_HU_RANGE[0]);
    hi = Math.min(max, U8_HU_RANGE[1]);
  }
  if (!(hi > lo)) hi = lo + 1;
  return { huMin: lo, huMax: hi };
}
