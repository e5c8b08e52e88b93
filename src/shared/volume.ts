/**
 * The Volume model: what every reader (inv3, DICOM, NIfTI) produces and everything
 * downstream (prepare, CLI, export) consumes. Format-neutral on purpose.
 *
 * Conventions (fixed for the whole code base):
 *  - `shape` is [z, y, x] = [slices, rows, columns]; voxel data is C order, x fastest.
 *  - `spacing` is [x, y, z] in mm (column spacing, row spacing, slice spacing).
 *  - Patient space is DICOM LPS (x → patient Left, y → Posterior, z → Superior), in mm.
 *  - `voxelToPatient` maps voxel indices (i = column, j = row, k = slice, 1) to LPS mm.
 *    It includes the spacing, so its column norms equal `spacing` (unless sheared).
 */

export type DType = 'int16' | 'uint8' | 'uint16' | 'int32' | 'float32';
export type VoxelArray = Int16Array | Uint8Array | Uint16Array | Int32Array | Float32Array;
export type Shape3 = [z: number, y: number, x: number];
export type Vec3 = [number, number, number];
/** Row-major 4×4 matrix, 16 numbers. */
export type Mat4 = number[];

export const BYTES_PER_VOXEL: Record<DType, number> = {
  int16: 2,
  uint8: 1,
  uint16: 2,
  int32: 4,
  float32: 4,
};

export type SourceFormat = 'inv3' | 'dicom' | 'nifti';

export interface WindowLevel {
  level: number;
  width: number;
}

export interface VolumeMeta {
  /** Display name (patient/series/project name; anonymised on export unless kept). */
  name: string;
  /** 'CT', 'MR', 'MRI' (InVesalius' NIfTI label), … as the source states it. */
  modality: string;
  sourceFormat: SourceFormat;
  /** The file or folder the user opened. */
  sourcePath: string;
  /** True when voxel values are Hounsfield units (CT with rescale applied). */
  isHU: boolean;
  /** Patient identifiers, kept apart so export can drop them. */
  identity?: { patientName?: string; patientId?: string; birthDate?: string };
  /** Non-fatal problems found while reading (skipped mask, newer format version, …). */
  warnings: string[];
  /** Free-form facts a reader wants to show (series UID, transfer syntax, tilt, …). */
  extra?: Record<string, string | number | boolean>;
  /** DICOM: every series found where the scan was opened (the chosen one included). */
  series?: SeriesInfo[];
  /** What prepare will do about the geometry (uneven spacing resampled, tilt kept as shear, …). */
  geometryNotes?: string[];
  /**
   * True when the file states no patient orientation (a NIfTI without sform or qform):
   * voxelToPatient then only scales, so no patient direction (R/L, A/P, S/I) may be shown.
   */
  orientationUnknown?: boolean;
}

export interface SeriesInfo {
  uid: string;
  description: string;
  /** Number of image slices in the series. */
  count: number;
}

export interface Mask {
  name: string;
  /** Inclusive threshold range [lo, hi] in the volume's units. */
  threshold: [number, number];
  colour: Vec3;
  opacity: number;
  visible: boolean;
  /** 1 = inside, 0 = outside, shape equal to the volume's. */
  data: Uint8Array;
  voxelsInside: number;
}

export interface Surface {
  name: string;
  colour: Vec3;
  /** 0 = opaque. */
  transparency: number;
  visible: boolean;
  /** xyz triples, mm, in the coordinates the source format defines (see `space`). */
  positions: Float32Array;
  normals?: Float32Array;
  /** Triangle vertex indices, 3 per triangle. */
  indices: Uint32Array;
  /** 'inv3-world': InVesalius (col*sx, -row*sy, slice*sz). 'voxel-mm': (col*sx, row*sy, slice*sz). */
  space: 'inv3-world' | 'voxel-mm';
}

export interface Measurement {
  name: string;
  /** 'linear' (mm), 'angular' (degrees), 'density-ellipse', 'density-polygon'. */
  type: 'linear' | 'angular' | 'density-ellipse' | 'density-polygon';
  value: number;
  /** As the format stores them (InVesalius: its viewers' mm spaces, see docs/inv3-format.md §6). */
  points: Vec3[];
  /**
   * The same points in patient LPS mm, when the format says where they are (InVesalius' 2-D
   * measurements); absent otherwise (then a viewer lists the measurement but cannot draw it).
   */
  patientPoints?: Vec3[];
  colour: Vec3;
  visible: boolean;
}

export interface Volume {
  /** Voxels, preferably backed by a SharedArrayBuffer so worker threads read them without a copy. */
  data: VoxelArray;
  dtype: DType;
  shape: Shape3;
  spacing: Vec3;
  voxelToPatient: Mat4;
  /**
   * Only when slices are unevenly spaced: each slice's position (mm) along the slice axis,
   * ascending, relative to slice 0 (so slicePositions[0] = 0). prepare resamples to a uniform
   * grid. Gantry tilt needs no such field: it is a shear inside voxelToPatient.
   */
  slicePositions?: number[];
  window: WindowLevel;
  /** [min, max] of `data` when the reader knows it (otherwise computed downstream). */
  scalarRange?: [number, number];
  meta: VolumeMeta;
  masks: Mask[];
  surfaces: Surface[];
  measurements: Measurement[];
}

export function voxelCount(shape: Shape3): number {
  return shape[0] * shape[1] * shape[2];
}

/** A voxel position [x, y, z] (indices, may be fractional) → patient LPS mm through a row-major affine. */
export function voxelToPatientPoint(m: Mat4, [x, y, z]: readonly [number, number, number]): Vec3 {
  const row = (r: number) => m[4 * r] * x + m[4 * r + 1] * y + m[4 * r + 2] * z + m[4 * r + 3];
  return [row(0), row(1), row(2)];
}

/** Affine for an axis-aligned volume: column → +x·sx, row → +y·sy, slice → +z·sz, plus origin. */
export function diagonalAffine(spacing: Vec3, origin: Vec3 = [0, 0, 0], signs: Vec3 = [1, 1, 1]): Mat4 {
  return [
    signs[0] * spacing[0], 0, 0, origin[0],
    0, signs[1] * spacing[1], 0, origin[1],
    0, 0, signs[2] * spacing[2], origin[2],
    0, 0, 0, 1,
  ];
}
