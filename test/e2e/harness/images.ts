/** Pixel statistics and baseline comparison for the viewer tests (pure, Node side). */

export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

export function fromBase64(shot: { width: number; height: number; rgba: string }): Rgba {
  return { width: shot.width, height: shot.height, data: new Uint8Array(Buffer.from(shot.rgba, 'base64')) };
}

/** Luminance 0..255 of pixel (x, y). */
export function luma(img: Rgba, x: number, y: number): number {
  const i = (y * img.width + x) * 4;
  return 0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2];
}

/** Fraction of pixels brighter than `threshold` (background is black). */
export function litFraction(img: Rgba, threshold = 10): number {
  let n = 0;
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (luma(img, x, y) > threshold) n++;
  return n / (img.width * img.height);
}

export interface Diff {
  /** Mean absolute difference over all RGB channels, 0..255. */
  meanAbs: number;
  /** Fraction of pixels where some channel differs by more than `tolerance`. */
  differing: number;
}

export function compare(a: Rgba, b: Rgba, tolerance = 16): Diff {
  if (a.width !== b.width || a.height !== b.height) return { meanAbs: 255, differing: 1 };
  let sum = 0;
  let differing = 0;
  for (let p = 0; p < a.width * a.height; p++) {
    let worst = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a.data[p * 4 + c] - b.data[p * 4 + c]);
      sum += d;
      worst = Math.max(worst, d);
    }
    if (worst > tolerance) differing++;
  }
  return { meanAbs: sum / (a.width * a.height * 3), differing: differing / (a.width * a.height) };
}

/** Mean luminance inside an annulus around the image centre (radii as fractions of half the size). */
export function annulusMean(img: Rgba, r0: number, r1: number): number {
  const cx = img.width / 2;
  const cy = img.height / 2;
  const half = Math.min(cx, cy);
  let sum = 0;
  let n = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) / half;
      if (r >= r0 && r < r1) {
        sum += luma(img, x, y);
        n++;
      }
    }
  return n ? sum / n : 0;
}
