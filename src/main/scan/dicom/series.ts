/**
 * Series assembly: group slice headers into series, pick one, check the slices agree, sort
 * them along the slice normal and derive the geometry (spacing, uneven gaps, gantry tilt,
 * voxel → patient LPS affine). Pure functions over SliceHeader lists.
 */
import path from 'node:path';
import type { Mat4, SeriesInfo, Vec3 } from '../../../shared/volume';
import { ScanError } from '../errors';
import type { SliceHeader } from './header';

export interface SeriesGroup {
  /** SeriesInstanceUID, suffixed "#2", "#3" … for further orientations within one UID. */
  key: string;
  description: string;
  slices: SliceHeader[];
}

export interface Geometry {
  /** Slices ascending along the slice normal. */
  sorted: SliceHeader[];
  spacing: Vec3;
  voxelToPatient: Mat4;
  slicePositions?: number[];
  tiltDegrees: number;
  notes: string[];
  warnings: string[];
}

const DUPLICATE_MM = 1e-3;
/** Tilt below this is rounding noise in the positions, not a tilted gantry. */
const TILT_MIN_DEGREES = 0.05;

function orientationKey(h: SliceHeader): string {
  return h.orientation ? h.orientation.map((v) => v.toFixed(3)).join(',') : 'none';
}

/** Groups by SeriesInstanceUID and orientation; largest first. */
export function groupSeries(headers: SliceHeader[]): SeriesGroup[] {
  const byUid = new Map<string, Map<string, SliceHeader[]>>();
  for (const h of headers) {
    const orientations = byUid.get(h.seriesUid) ?? new Map<string, SliceHeader[]>();
    byUid.set(h.seriesUid, orientations);
    const key = orientationKey(h);
    const list = orientations.get(key);
    if (list) list.push(h);
    else orientations.set(key, [h]);
  }
  const groups: SeriesGroup[] = [];
  for (const [uid, orientations] of byUid) {
    const parts = [...orientations.values()].sort((a, b) => b.length - a.length);
    parts.forEach((slices, i) => {
      const description = slices[0].seriesDescription || slices[0].studyDescription || `${slices[0].modality || 'DICOM'} series ${slices[0].seriesNumber ?? ''}`.trim();
      groups.push({ key: i === 0 ? uid : `${uid}#${i + 1}`, description: i === 0 ? description : `${description} (orientation ${i + 1})`, slices });
    });
  }
  return groups.sort((a, b) => b.slices.length - a.slices.length || a.key.localeCompare(b.key));
}

export function seriesInfos(groups: SeriesGroup[]): SeriesInfo[] {
  return groups.map((g) => ({ uid: g.key, description: g.description, count: g.slices.length }));
}

/** The requested series, else the one holding `focusFile`, else the largest. */
export function chooseSeries(groups: SeriesGroup[], source: string, seriesUid?: string, focusFile?: string): SeriesGroup {
  if (groups.length === 0) throw new ScanError(source, 'no DICOM images found (no file with pixel data)');
  if (seriesUid !== undefined) {
    const g = groups.find((s) => s.key === seriesUid);
    if (!g) throw new ScanError(source, `series ${seriesUid} not found (present: ${groups.map((s) => s.key).join(', ')})`);
    return g;
  }
  if (focusFile) {
    const g = groups.find((s) => s.slices.some((h) => h.file === focusFile));
    if (g) return g;
  }
  return groups[0];
}

/** Slices that cannot form one volume are an error, never a wrong picture. */
export function checkConsistent(slices: SliceHeader[]): void {
  const first = slices[0];
  for (const h of slices) {
    if (!h.rows || !h.columns) throw new ScanError(h.file, 'missing Rows/Columns (0028,0010/0011)');
    if (!h.bitsAllocated) throw new ScanError(h.file, 'missing BitsAllocated (0028,0100)');
    if (h.samplesPerPixel !== 1) throw new ScanError(h.file, `SamplesPerPixel ${h.samplesPerPixel}: colour images are not CT volumes`);
    if (h.numberOfFrames > 1) throw new ScanError(h.file, `multi-frame image (${h.numberOfFrames} frames) is not supported`);
    if (h.bitsStored < 1 || h.bitsStored > h.bitsAllocated) throw new ScanError(h.file, `BitsStored ${h.bitsStored} does not fit BitsAllocated ${h.bitsAllocated}`);
    if (!h.pixelSpacing || !(h.pixelSpacing[0] > 0 && h.pixelSpacing[1] > 0)) throw new ScanError(h.file, 'missing or invalid PixelSpacing (0028,0030)');
    if (slices.length > 1 && !h.position) throw new ScanError(h.file, 'missing ImagePositionPatient (0020,0032)');
    if (slices.length > 1 && !h.orientation) throw new ScanError(h.file, 'missing ImageOrientationPatient (0020,0037)');
    for (const key of ['rows', 'columns', 'bitsAllocated', 'bitsStored', 'pixelRepresentation'] as const) {
      if (h[key] !== first[key]) throw new ScanError(h.file, `${key} ${h[key]} differs from ${first[key]} in ${path.basename(first.file)} (same series)`);
    }
    if (Math.abs(h.pixelSpacing[0] - first.pixelSpacing![0]) > 1e-4 || Math.abs(h.pixelSpacing[1] - first.pixelSpacing![1]) > 1e-4) {
      throw new ScanError(h.file, `PixelSpacing ${h.pixelSpacing.join('\\')} differs from ${first.pixelSpacing!.join('\\')} in ${path.basename(first.file)}`);
    }
  }
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const scale = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];
const norm = (a: Vec3): number => Math.hypot(a[0], a[1], a[2]);
const unit = (a: Vec3): Vec3 => scale(a, 1 / norm(a));
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** Sorts along the normal and derives spacing, slice step (with tilt as a shear) and the affine. */
export function buildGeometry(slices: SliceHeader[]): Geometry {
  checkConsistent(slices);
  const notes: string[] = [];
  const warnings: string[] = [];
  const first = slices[0];
  const iop = first.orientation ?? [1, 0, 0, 0, 1, 0];
  if (!first.orientation) warnings.push('no ImageOrientationPatient: assumed axial [1,0,0,0,1,0]');
  const rowDir = unit([iop[0], iop[1], iop[2]]);
  const colDir = unit([iop[3], iop[4], iop[5]]);
  if (!(Math.abs(dot(rowDir, colDir)) < 1e-3)) throw new ScanError(first.file, 'ImageOrientationPatient rows and columns are not perpendicular');
  const normal = unit(cross(rowDir, colDir));
  const [rowSpacing, colSpacing] = first.pixelSpacing!;

  const along = (h: SliceHeader): number => dot(h.position ?? [0, 0, 0], normal);
  const sorted = [...slices].sort((a, b) => along(a) - along(b));
  for (let i = 1; i < sorted.length; i++) {
    if (along(sorted[i]) - along(sorted[i - 1]) < DUPLICATE_MM) {
      throw new ScanError(sorted[i].file, `same slice position (${along(sorted[i]).toFixed(3)} mm along the normal) as ${path.basename(sorted[i - 1].file)}`);
    }
  }

  const origin: Vec3 = sorted[0].position ?? [0, 0, 0];
  if (!sorted[0].position) warnings.push('no ImagePositionPatient: origin placed at 0,0,0');
  let step: Vec3;
  let sliceSpacing: number;
  let tiltDegrees = 0;
  let slicePositions: number[] | undefined;
  if (sorted.length === 1) {
    sliceSpacing = first.sliceThickness && first.sliceThickness > 0 ? first.sliceThickness : 1;
    step = scale(normal, sliceSpacing);
    notes.push(`single slice: slice spacing ${sliceSpacing} mm taken from ${first.sliceThickness ? 'SliceThickness' : 'a default'}`);
  } else {
    const n = sorted.length;
    // The mean step between neighbouring slices, as a vector: along the normal unless the gantry was tilted.
    step = scale(sub(sorted[n - 1].position!, origin), 1 / (n - 1));
    sliceSpacing = dot(step, normal);
    const sideways = norm(sub(step, scale(normal, sliceSpacing)));
    tiltDegrees = (Math.atan2(sideways, sliceSpacing) * 180) / Math.PI;
    if (tiltDegrees >= TILT_MIN_DEGREES) {
      notes.push(`gantry tilt ${tiltDegrees.toFixed(2)}°: slices are stacked obliquely; kept as a shear in voxelToPatient (no resampling)`);
    } else {
      tiltDegrees = 0;
      step = scale(normal, sliceSpacing); // rounding noise in the positions is not a shear
      if (Math.abs(first.gantryTilt) > 0) notes.push(`GantryDetectorTilt ${first.gantryTilt}° recorded, but slices lie along their normal (orientation already tilted): no shear needed`);
    }
    const positions = sorted.map((h) => along(h) - along(sorted[0]));
    const tol = Math.max(0.02, 0.01 * sliceSpacing);
    let worst = 0;
    for (let i = 1; i < n; i++) worst = Math.max(worst, Math.abs(positions[i] - positions[i - 1] - sliceSpacing));
    if (worst > tol) {
      slicePositions = positions;
      const gaps = positions.slice(1).map((p, i) => p - positions[i]);
      notes.push(`uneven slice spacing (gaps ${Math.min(...gaps).toFixed(3)}–${Math.max(...gaps).toFixed(3)} mm): slicePositions set, resampled to a uniform grid when prepared`);
    }
    // Every slice should sit on the line origin + t·step; say so when it does not.
    let offLine = 0;
    for (let i = 0; i < n; i++) {
      const expected: Vec3 = [...origin.map((o, a) => o + (step[a] * positions[i]) / sliceSpacing)] as Vec3;
      offLine = Math.max(offLine, norm(sub(sorted[i].position!, expected)));
    }
    if (offLine > 0.5 * Math.min(rowSpacing, colSpacing)) warnings.push(`slice positions stray up to ${offLine.toFixed(2)} mm from a straight stack; geometry uses the first-to-last direction`);
  }
  const voxelToPatient: Mat4 = [
    rowDir[0] * colSpacing, colDir[0] * rowSpacing, step[0], origin[0],
    rowDir[1] * colSpacing, colDir[1] * rowSpacing, step[1], origin[1],
    rowDir[2] * colSpacing, colDir[2] * rowSpacing, step[2], origin[2],
    0, 0, 0, 1,
  ];
  return { sorted, spacing: [colSpacing, rowSpacing, sliceSpacing], voxelToPatient, slicePositions, tiltDegrees, notes, warnings };
}
