/**
 * What the slice panel's pointer tools compute, pure: the window a drag sets, and the statistics
 * of the voxels inside an elliptical region of interest.
 */
import type { WindowLevel } from '../../shared/volume';
import { codeDecoder, linearIndex, type Voxels } from './slice-image';
import { voxelAt, type SliceLayout } from './slice-layout';

/** Window values per CSS pixel of drag: the whole value range over 512 px (8 HU for a −1024…3071 CT). */
const DRAG_PIXELS_PER_RANGE = 512;

/**
 * The window after dragging (dx, dy) CSS px from where `start` was set, as cornerstone / OHIF do:
 * right widens, left narrows (never below 1), down raises the level, up lowers it. Whole values
 * for integer data.
 */
export function draggedWindow(start: WindowLevel, dx: number, dy: number, valueRange: number, integer: boolean): WindowLevel {
  const perPixel = Math.max(integer ? 1 : 1e-3, valueRange / DRAG_PIXELS_PER_RANGE);
  const snap = (v: number) => (integer ? Math.round(v) : v);
  return { level: snap(start.level + dy * perPixel), width: Math.max(1, snap(start.width + dx * perPixel)) };
}

export interface RoiStats {
  /** Voxels whose centres lie inside the ellipse. */
  count: number;
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one voxel. */
  sd: number;
  min: number;
  max: number;
  areaMm2: number;
  /** The values' own uncertainty (coded volumes: half a code step), as in the readout. */
  uncertainty: number;
}

/**
 * Statistics of the voxels of slice `index` whose centres lie inside the ellipse inscribed in the
 * rectangle with corners `a` and `b` (canvas pixels, voxel centres at +0.5); null when none does.
 */
export function roiStats(vol: Voxels, layout: SliceLayout, index: number, a: readonly [number, number], b: readonly [number, number]): RoiStats | null {
  const [cx, cy] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const [rx, ry] = [Math.abs(b[0] - a[0]) / 2, Math.abs(b[1] - a[1]) / 2];
  if (!(rx > 0 && ry > 0)) return null;
  const { decode, uncertainty } = codeDecoder(vol);
  const [width, height] = [layout.right.count, layout.down.count];
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let row = Math.max(0, Math.floor(cy - ry)); row < Math.min(height, Math.ceil(cy + ry)); row++) {
    for (let col = Math.max(0, Math.floor(cx - rx)); col < Math.min(width, Math.ceil(cx + rx)); col++) {
      const [dx, dy] = [(col + 0.5 - cx) / rx, (row + 0.5 - cy) / ry];
      if (dx * dx + dy * dy > 1) continue;
      const v = decode(vol.data[linearIndex(vol.shape, voxelAt(layout, col, row, index))]);
      count++;
      sum += v;
      sumSquares += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (count === 0) return null;
  const mean = sum / count;
  const variance = count > 1 ? Math.max(0, (sumSquares - count * mean * mean) / (count - 1)) : 0;
  return { count, mean, sd: Math.sqrt(variance), min, max, areaMm2: count * layout.right.spacingMm * layout.down.spacingMm, uncertainty };
}
