/**
 * Where the volume sits in patient space, and what the screen edges point at. World space in the
 * viewer IS patient LPS in mm (x → Left, y → Posterior, z → Superior), so everything here follows
 * from the volume's own voxelToPatient matrix; nothing about orientation is assumed.
 */
import { Matrix4, Vector3 } from 'three';
import type { Mat4, Shape3, Vec3 } from '../../shared/volume';

/**
 * Unit cube [0,1]³ (texture coordinates) → patient mm. Texel centres sit at (i + 0.5)/n, so the
 * cube spans voxel indices −0.5 … n−0.5. A sheared matrix (gantry tilt) stays sheared: rays are
 * cast in the cube's own coordinates through the inverse, so anatomy comes out unskewed.
 */
export function cubeToPatient(voxelToPatient: Mat4, shape: Shape3): Matrix4 {
  const [nz, ny, nx] = shape;
  const v2p = patientMatrix(voxelToPatient);
  const texToVoxel = new Matrix4().makeTranslation(-0.5, -0.5, -0.5).multiply(new Matrix4().makeScale(nx, ny, nz));
  return v2p.multiply(texToVoxel);
}

/** The volume's row-major voxelToPatient as a three.js matrix (whose fromArray reads column-major). */
export function patientMatrix(voxelToPatient: Mat4): Matrix4 {
  return new Matrix4().fromArray(voxelToPatient).transpose();
}

/** Patient direction (unit) of volume axis i (0 x columns, 1 y rows, 2 z slices): column i of the matrix. */
export function axisDirection(voxelToPatient: Mat4, i: 0 | 1 | 2): Vector3 {
  return new Vector3(voxelToPatient[i], voxelToPatient[4 + i], voxelToPatient[8 + i]).normalize();
}

/** "R → L": the patient directions volume axis i runs between, read from the matrix. */
export function axisLabel(voxelToPatient: Mat4, i: 0 | 1 | 2): string {
  const dir = axisDirection(voxelToPatient, i);
  return `${orientationLabel(dir.clone().negate())} → ${orientationLabel(dir)}`;
}

/** Length of the volume along its axes x, y, z in mm: voxels × spacing (the cube's edges). */
export function extentMm(shape: Shape3, spacing: Vec3): [number, number, number] {
  return [shape[2] * spacing[0], shape[1] * spacing[1], shape[0] * spacing[2]];
}

/**
 * Render-grid voxel-mm (see voxelMmToPatient) → cube coordinates (cubeToPatient's [0,1]³):
 * c = (p / spacing + 0.5) / n per axis, as scale and offset.
 */
export function voxelMmToCube(shape: Shape3, spacing: Vec3): { scale: Vector3; offset: Vector3 } {
  const n = [shape[2], shape[1], shape[0]];
  return {
    scale: new Vector3(1 / ((spacing[0] || 1) * n[0]), 1 / ((spacing[1] || 1) * n[1]), 1 / ((spacing[2] || 1) * n[2])),
    offset: new Vector3(0.5 / n[0], 0.5 / n[1], 0.5 / n[2]),
  };
}

/**
 * Render-grid voxel-mm frame (where PreparedSurface.positions live; defined in
 * src/main/prepare/geometry.ts: a point at continuous render-grid index (i, j, k) has coordinates
 * (i·sx, j·sy, k·sz)) → patient mm: voxelToPatient · (p / spacing, 1). Voxel centres sit at integer
 * indices in both this frame and cubeToPatient's, so a surface lands exactly on the voxels it was
 * built from.
 */
export function voxelMmToPatient(voxelToPatient: Mat4, spacing: Vec3): Matrix4 {
  return patientMatrix(voxelToPatient).multiply(new Matrix4().makeScale(1 / (spacing[0] || 1), 1 / (spacing[1] || 1), 1 / (spacing[2] || 1)));
}

const AXIS_LETTERS: [string, string][] = [
  ['L', 'R'], // +x is patient Left
  ['P', 'A'], // +y is Posterior
  ['S', 'I'], // +z is Superior
];

/** Shown in place of a patient direction when the file states no orientation (meta.orientationUnknown). */
export const UNKNOWN_DIRECTION = '?';

/**
 * Label for a direction in LPS: the dominant axis letter first, then any other axis that makes up
 * at least `minShare` of the direction (so an oblique view reads e.g. "LA", like DICOM viewers).
 */
export function orientationLabel(dir: Vector3, minShare = 0.3): string {
  const v = dir.clone().normalize();
  const parts = [v.x, v.y, v.z]
    .map((c, axis) => ({ c, axis }))
    .filter(({ c }) => Math.abs(c) >= minShare)
    .sort((a, b) => Math.abs(b.c) - Math.abs(a.c));
  return parts.map(({ c, axis }) => AXIS_LETTERS[axis][c > 0 ? 0 : 1]).join('');
}

export type StandardView = 'anterior' | 'posterior' | 'left' | 'right' | 'superior' | 'inferior';

/**
 * Camera offset (unit vector from the target towards the camera) and screen-up for each
 * standard view, in LPS. Anterior: camera in front of the patient (−y), head up, so the
 * patient's right appears on screen left, as in a radiograph.
 */
export function standardViewPose(view: StandardView): { eye: Vector3; up: Vector3 } {
  switch (view) {
    case 'anterior':
      return { eye: new Vector3(0, -1, 0), up: new Vector3(0, 0, 1) };
    case 'posterior':
      return { eye: new Vector3(0, 1, 0), up: new Vector3(0, 0, 1) };
    case 'left':
      return { eye: new Vector3(1, 0, 0), up: new Vector3(0, 0, 1) };
    case 'right':
      return { eye: new Vector3(-1, 0, 0), up: new Vector3(0, 0, 1) };
    case 'superior':
      return { eye: new Vector3(0, 0, 1), up: new Vector3(0, -1, 0) };
    case 'inferior':
      return { eye: new Vector3(0, 0, -1), up: new Vector3(0, -1, 0) };
  }
}

/** Centre and bounding-sphere radius (mm) of the transformed cube. */
export function cubeBounds(cube: Matrix4): { centre: Vector3; radius: number } {
  const centre = new Vector3(0.5, 0.5, 0.5).applyMatrix4(cube);
  let radius = 0;
  for (let i = 0; i < 8; i++) {
    const corner = new Vector3(i & 1, (i >> 1) & 1, (i >> 2) & 1).applyMatrix4(cube);
    radius = Math.max(radius, corner.distanceTo(centre));
  }
  return { centre, radius };
}
