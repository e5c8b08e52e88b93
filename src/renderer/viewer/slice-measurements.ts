/**
 * Where a measurement (its points in patient LPS mm, Measurement.patientPoints) falls on a 2-D
 * slice: in which slice of which plane it was made, and its points in canvas pixels there; and
 * the other way, a point of the canvas as a voxel position, for the ruler's length in mm.
 * Pure; the slice panel draws what these return.
 */
import { Vector3 } from 'three';
import { voxelToPatientPoint, type Measurement, type Mat4, type Vec3 } from '../../shared/volume';
import { SLICE_PLANES, type SlicePlane } from '../../shared/view-state';
import { alongRun, voxelAt, type SliceLayout } from './slice-layout';
import { patientMatrix } from './geometry';

/** A point lies in a slice when it is within half a voxel of it along the normal. */
const HALF_VOXEL = 0.5 + 1e-6;

/** Patient LPS mm → continuous voxel indices [x, y, z] of the grid `voxelToPatient` (row-major) describes. */
export function patientToVoxel(voxelToPatient: Mat4): (p: Vec3) => [number, number, number] {
  const inverse = patientMatrix(voxelToPatient).invert();
  return (p) => new Vector3(p[0], p[1], p[2]).applyMatrix4(inverse).toArray();
}

/**
 * The points on the canvas of slice `index` (canvas pixels, 0…width with voxel centres at +0.5),
 * or null when any point lies outside that slice.
 */
export function pointsOnSlice(voxels: readonly [number, number, number][], layout: SliceLayout, index: number): [number, number][] | null {
  const { right, down, normal } = layout;
  if (!voxels.every((v) => Math.abs(v[normal.axis] - index) <= HALF_VOXEL)) return null;
  return voxels.map((v) => [alongRun(right, v[right.axis]) + 0.5, alongRun(down, v[down.axis]) + 0.5]);
}

/** A canvas point (canvas pixels, voxel centres at +0.5) of slice `index` → continuous voxel indices [x, y, z]. */
export function canvasToVoxel(layout: SliceLayout, column: number, row: number, index: number): [number, number, number] {
  return voxelAt(layout, column - 0.5, row - 0.5, index);
}

/** Distance in patient mm between two canvas points of slice `index` (true mm whatever the voxel shape). */
export function canvasDistanceMm(voxelToPatient: Mat4, layout: SliceLayout, index: number, a: readonly [number, number], b: readonly [number, number]): number {
  const [p, q] = [a, b].map(([c, r]) => voxelToPatientPoint(voxelToPatient, canvasToVoxel(layout, c, r, index)));
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** The slice a measurement was made in: the first plane (axial, coronal, sagittal) whose one slice holds every point. */
export function sliceOf(voxels: readonly [number, number, number][], layouts: ReadonlyMap<SlicePlane, SliceLayout>): { plane: SlicePlane; index: number } | null {
  if (voxels.length === 0) return null;
  for (const plane of SLICE_PLANES) {
    const layout = layouts.get(plane);
    if (!layout) continue;
    const index = Math.round(voxels[0][layout.normal.axis]);
    if (index >= 0 && index < layout.normal.count && pointsOnSlice(voxels, layout, index)) return { plane, index };
  }
  return null;
}

/** "115.5 mm", "90.0°"; density measurements show their value without a unit (the format gives none). */
export function measurementValue(m: Pick<Measurement, 'type' | 'value'>): string {
  if (m.type === 'linear') return `${m.value.toFixed(1)} mm`;
  if (m.type === 'angular') return `${m.value.toFixed(1)}°`;
  return m.value.toFixed(1);
}
