/**
 * Output dtype and rescale per slice. The volume is int16 when every value the slices can
 * produce fits (integer slope/intercept and a stored range that maps into −32768…32767, e.g.
 * 12-bit CT). 'int32' means the rescale is integral but the stored range COULD overflow int16
 * (e.g. 16-bit unsigned storage): the reader then tries int16 and, only if a value really
 * overflows, decodes again into int32. float32 when any slope or intercept is fractional
 * (e.g. slope 0.5), so HU stay exact to float precision.
 */
import type { SliceHeader } from './header';
import { paddingOutput, rescaledRange, type Rescale, type StoredFormat } from './pixels';
import type { OutDType } from './decode-jobs';

export function storedFormat(h: SliceHeader): StoredFormat {
  return { bitsAllocated: h.bitsAllocated, bitsStored: h.bitsStored, highBit: h.highBit, pixelRepresentation: h.pixelRepresentation };
}

export function isCT(h: SliceHeader): boolean {
  return h.modality.toUpperCase() === 'CT';
}

export function rescaleOf(h: SliceHeader): Rescale {
  const slope = h.slope ?? 1;
  const intercept = h.intercept ?? 0;
  let padding: [number, number] | undefined;
  if (h.paddingValue !== undefined) {
    const limit = h.paddingRangeLimit ?? h.paddingValue;
    padding = [Math.min(h.paddingValue, limit), Math.max(h.paddingValue, limit)];
  }
  return { slope, intercept, padding, paddingOut: paddingOutput(isCT(h), storedFormat(h), slope, intercept) };
}

export function chooseDType(slices: SliceHeader[]): OutDType {
  let integral = true;
  let fitsInt16 = true;
  for (const h of slices) {
    const r = rescaleOf(h);
    if (!Number.isInteger(r.slope) || !Number.isInteger(r.intercept)) integral = false;
    const range = rescaledRange(storedFormat(h), r);
    if (range.min < -32768 || range.max > 32767) fitsInt16 = false;
  }
  if (!integral) return 'float32';
  return fitsInt16 ? 'int16' : 'int32';
}
