/**
 * Stored pixel samples → output values (HU for CT): keep only the BitsStored bits (files may
 * carry garbage above HighBit), sign-extend when PixelRepresentation is 1, then
 * value × RescaleSlope + RescaleIntercept. Padding samples get a fixed output value.
 */
export type Samples = Uint8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;
export type OutArray = Int16Array | Int32Array | Float32Array;

export interface StoredFormat {
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
}

export interface Rescale {
  slope: number;
  intercept: number;
  /** Inclusive range of stored values that mark padding (PixelPaddingValue [.. RangeLimit]). */
  padding?: [number, number];
  /** What padding samples become (see paddingOutput). */
  paddingOut: number;
}

export interface Range {
  min: number;
  max: number;
}

/** The range of values the stored bits can hold (before rescale). */
export function storedRange(fmt: Pick<StoredFormat, 'bitsStored' | 'pixelRepresentation'>): Range {
  const bits = fmt.bitsStored;
  return fmt.pixelRepresentation === 1 ? { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 } : { min: 0, max: 2 ** bits - 1 };
}

/** The output range a slice can produce whatever its pixels (used to pick the dtype up front). */
export function rescaledRange(fmt: StoredFormat, r: Rescale): Range {
  const s = storedRange(fmt);
  const a = s.min * r.slope + r.intercept;
  const b = s.max * r.slope + r.intercept;
  return { min: Math.min(a, b, r.paddingOut), max: Math.max(a, b, r.paddingOut) };
}

/**
 * Padding marks pixels outside the reconstructed field of view. For CT they become air
 * (−1024 HU): a lower sentinel would stretch the histogram and make "outside" look denser
 * than nothing. For other modalities they become the lowest value the rescale can produce.
 */
export function paddingOutput(isCT: boolean, fmt: StoredFormat, slope: number, intercept: number): number {
  if (isCT) return -1024;
  const s = storedRange(fmt);
  return Math.min(s.min * slope + intercept, s.max * slope + intercept);
}

/** Writes the converted frame into out[offset …]; returns the min/max actually produced. */
export function storedToOutput(samples: Samples, fmt: StoredFormat, r: Rescale, out: OutArray, offset: number): Range {
  const bits = fmt.bitsStored;
  const masked = bits < 32;
  const shift = Math.max(0, fmt.highBit + 1 - bits);
  const mask = masked ? 2 ** bits - 1 : 0;
  const signBit = masked ? 2 ** (bits - 1) : 0;
  const signed = fmt.pixelRepresentation === 1;
  const full = 2 ** Math.min(fmt.bitsAllocated, 32);
  const [padLo, padHi] = r.padding ?? [Infinity, -Infinity];
  const { slope, intercept, paddingOut } = r;
  const identity = slope === 1 && intercept === 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < samples.length; i++) {
    const raw = samples[i];
    let v = raw;
    if (masked) {
      v = (raw >>> shift) & mask;
      if (signed && v >= signBit) v -= 2 * signBit;
    }
    let hu: number;
    if (v >= padLo && v <= padHi) hu = paddingOut;
    else if (raw >= padLo && raw <= padHi) hu = paddingOut;
    else if (signed && raw >= full / 2 && raw - full >= padLo && raw - full <= padHi) hu = paddingOut;
    else hu = identity ? v : v * slope + intercept;
    out[offset + i] = hu;
    if (hu < min) min = hu;
    if (hu > max) max = hu;
  }
  return { min, max };
}
