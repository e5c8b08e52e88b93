/**
 * Which values the bundle's codes stand for. 16-bit: prepare's default, which for integer
 * HU is exact (code = HU − min). 8-bit CT: all air is clamped to −1000 HU (air noise and the
 * −1024/−2000 padding outside the scan field become one code, which compresses to almost
 * nothing) and the 256 codes span −1000 … min(max, 3071) HU. Non-HU data span [min, max].
 * The notes go into the bundle's About box so the clamping is stated, not hidden.
 */
import type { LinearMapping } from '../../shared/prepared';
import type { Volume } from '../../shared/volume';

export const AIR_HU = -1000;
export const TOP_HU = 3071;

export function valueRange(volume: Volume): [number, number] {
  if (volume.scalarRange) return volume.scalarRange;
  let min = Infinity;
  let max = -Infinity;
  const d = volume.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

export function exportMapping(volume: Volume, bits: 8 | 16): { mapping?: LinearMapping; notes: string[] } {
  if (bits === 16) return { notes: ['16-bit codes: every voxel keeps its exact value (integer HU).'] };
  const [min, max] = valueRange(volume);
  let lo = min;
  let hi = max;
  const notes: string[] = [];
  if (volume.meta.isHU) {
    lo = Math.max(min, AIR_HU);
    hi = Math.min(max, TOP_HU);
    if (min < AIR_HU) notes.push(`Values below ${AIR_HU} HU (air, padding) are shown as ${AIR_HU} HU.`);
    if (max > TOP_HU) notes.push(`Values above ${TOP_HU} HU are shown as ${TOP_HU} HU.`);
  }
  if (!(hi > lo)) hi = lo + 1;
  const step = (hi - lo) / 255;
  notes.unshift(`8-bit codes: ${lo} … ${hi}${volume.meta.isHU ? ' HU' : ''} in 256 steps of ${step.toFixed(2)}.`);
  return { mapping: { huMin: lo, huMax: hi }, notes };
}
