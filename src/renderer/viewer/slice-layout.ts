/**
 * How one plane of the volume is laid out on a 2-D canvas, in the radiological convention CT
 * viewers share:
 *
 *   axial     screen right → patient Left, screen down → Posterior  (seen from the feet)
 *   coronal   screen right → patient Left, screen down → Inferior   (seen from the front)
 *   sagittal  screen right → Posterior,    screen down → Inferior   (seen from the patient's left)
 *
 * The slices are the volume's own planes, never resampled obliquely, so every pixel is one voxel
 * whose value is exactly what the render grid holds. The plane's normal picks the volume axis
 * closest to it and the screen axes take the other two, each flipped where its direction points
 * the other way; all of it is read from the volume's voxelToPatient matrix. Pure.
 */
import { Vector3 } from 'three';
import type { Mat4, Shape3, Vec3 } from '../../shared/volume';
import type { SlicePlane } from '../../shared/view-state';
import { UNKNOWN_DIRECTION, axisDirection, axisLabel, orientationLabel } from './geometry';

export type VolumeAxis = 0 | 1 | 2;

/** One volume axis as it runs across the canvas (or through the slices). */
export interface AxisRun {
  /** 0 x (columns), 1 y (rows), 2 z (slices) of the volume grid. */
  axis: VolumeAxis;
  /** True when screen order runs against the volume's index order. */
  flip: boolean;
  /** Voxels along the axis. */
  count: number;
  spacingMm: number;
}

export interface SliceLayout {
  plane: SlicePlane;
  /** The axis the slices are stacked along (the slice index runs in volume order, unflipped). */
  normal: AxisRun;
  right: AxisRun;
  down: AxisRun;
  /** Patient directions at the canvas edges, e.g. { left: 'R', right: 'L', top: 'A', bottom: 'P' }. */
  edges: { left: string; right: string; top: string; bottom: string };
  /** "I → S": the patient directions the slice index runs between. */
  normalLabel: string;
}

/** The layout without patient directions, for a volume whose file states no orientation. */
export function withoutDirections(layout: SliceLayout): SliceLayout {
  const u = UNKNOWN_DIRECTION;
  return { ...layout, edges: { left: u, right: u, top: u, bottom: u }, normalLabel: `${u} → ${u}` };
}

/** Plane normal, screen right and screen down, in LPS (x → Left, y → Posterior, z → Superior). */
const PLANE_AXES: Record<SlicePlane, [Vector3, Vector3, Vector3]> = {
  axial: [new Vector3(0, 0, 1), new Vector3(1, 0, 0), new Vector3(0, 1, 0)],
  coronal: [new Vector3(0, 1, 0), new Vector3(1, 0, 0), new Vector3(0, 0, -1)],
  sagittal: [new Vector3(1, 0, 0), new Vector3(0, 1, 0), new Vector3(0, 0, -1)],
};

const PERMUTATIONS: [VolumeAxis, VolumeAxis, VolumeAxis][] = [
  [0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0],
];

export function sliceLayout(plane: SlicePlane, voxelToPatient: Mat4, shape: Shape3, spacing: Vec3): SliceLayout {
  const dirs = ([0, 1, 2] as const).map((i) => axisDirection(voxelToPatient, i));
  const targets = PLANE_AXES[plane];
  // The assignment of volume axes to (normal, right, down) that best matches the plane: with
  // an oblique or sheared matrix, the closest axis for each role, never one axis twice.
  let best = PERMUTATIONS[0];
  let bestScore = -1;
  for (const perm of PERMUTATIONS) {
    const score = perm.reduce<number>((sum, axis, role) => sum + Math.abs(dirs[axis].dot(targets[role])), 0);
    if (score > bestScore + 1e-9) [best, bestScore] = [perm, score];
  }
  const counts = [shape[2], shape[1], shape[0]];
  const run = (role: number): AxisRun => {
    const axis = best[role];
    return { axis, flip: dirs[axis].dot(targets[role]) < 0, count: counts[axis], spacingMm: spacing[axis] };
  };
  const [normal, right, down] = [run(0), run(1), run(2)];
  const towards = (r: AxisRun) => dirs[r.axis].clone().multiplyScalar(r.flip ? -1 : 1);
  return {
    plane,
    normal: { ...normal, flip: false },
    right,
    down,
    edges: {
      left: orientationLabel(towards(right).negate()),
      right: orientationLabel(towards(right)),
      top: orientationLabel(towards(down).negate()),
      bottom: orientationLabel(towards(down)),
    },
    normalLabel: axisLabel(voxelToPatient, normal.axis),
  };
}

/** Canvas size in pixels (one per voxel) and in mm. */
export function canvasSize(layout: SliceLayout): { width: number; height: number; widthMm: number; heightMm: number } {
  const { right, down } = layout;
  return { width: right.count, height: down.count, widthMm: right.count * right.spacingMm, heightMm: down.count * down.spacingMm };
}

/** Slice index for a position 0…1 along the normal axis. */
export function sliceIndex(layout: SliceLayout, position: number): number {
  return Math.min(layout.normal.count - 1, Math.max(0, Math.round(position * (layout.normal.count - 1))));
}

/**
 * Canvas position along a run → voxel index along its axis, or back: the same map both ways
 * (flipped runs count from the far end). Works for fractional positions too.
 */
export function alongRun(run: AxisRun, position: number): number {
  return run.flip ? run.count - 1 - position : position;
}

/** The voxel [x, y, z] under canvas pixel (column, row) of slice `index`. */
export function voxelAt(layout: SliceLayout, column: number, row: number, index: number): [number, number, number] {
  const voxel: [number, number, number] = [0, 0, 0];
  const { right, down, normal } = layout;
  voxel[right.axis] = alongRun(right, column);
  voxel[down.axis] = alongRun(down, row);
  voxel[normal.axis] = index;
  return voxel;
}
