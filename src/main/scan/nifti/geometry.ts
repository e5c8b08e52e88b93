/**
 * NIfTI affine → Volume geometry. NIfTI maps voxel (i, j, k) to RAS mm; the Volume wants LPS,
 * so the x and y rows change sign. Order of preference: sform (code > 0), qform (code > 0),
 * then pixdim alone ("method 1", orientation unknown).
 */
import type { Mat4, Vec3 } from '../../../shared/volume';
import type { NiftiHeader } from './header';

export interface NiftiGeometry {
  voxelToPatient: Mat4;
  spacing: Vec3;
  source: 'sform' | 'qform' | 'pixdim';
  notes: string[];
}

/** qform quaternion (b, c, d) + offsets + pixdim/qfac → 3×4 RAS rows (nifti1.h, method 2). */
export function qformRows(h: NiftiHeader): number[][] {
  const [b, c, d] = h.quatern;
  const a = Math.sqrt(Math.max(0, 1 - (b * b + c * c + d * d)));
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const [dx, dy, dz] = h.pixdim;
  return r.map((row, i) => [row[0] * dx, row[1] * dy, row[2] * dz * h.qfac, h.qoffset[i]]);
}

export function niftiGeometry(h: NiftiHeader): NiftiGeometry {
  const notes: string[] = [];
  let rows: number[][];
  let source: NiftiGeometry['source'];
  const finite = (m: number[][]) => m.every((row) => row.every(Number.isFinite));
  const qform = h.qformCode > 0 ? qformRows(h) : undefined;
  if (h.sformCode > 0 && finite(h.srow)) {
    rows = h.srow;
    source = 'sform';
  } else if (qform && finite(qform)) {
    rows = qform;
    source = 'qform';
  } else {
    rows = [
      [h.pixdim[0], 0, 0, 0],
      [0, h.pixdim[1], 0, 0],
      [0, 0, h.pixdim[2], 0],
    ];
    source = 'pixdim';
    notes.push('no sform/qform in the NIfTI header: axis-aligned from pixdim, patient orientation unknown');
  }
  // RAS → LPS: negate x and y.
  const lps = [rows[0].map((v) => -v), rows[1].map((v) => -v), rows[2]];
  const voxelToPatient: Mat4 = [...lps[0], ...lps[1], ...lps[2], 0, 0, 0, 1].map((v) => (Object.is(v, -0) ? 0 : v));
  if (source !== 'pixdim' && isOblique(voxelToPatient)) notes.push(`oblique ${source}: voxel axes are rotated relative to the patient axes; kept in voxelToPatient`);
  return { voxelToPatient, spacing: [...h.pixdim] as Vec3, source, notes };
}

/** True when some voxel axis is not along a patient axis (beyond rounding). */
function isOblique(m: Mat4): boolean {
  for (let c = 0; c < 3; c++) {
    const col = [m[c], m[4 + c], m[8 + c]].map(Math.abs);
    const len = Math.hypot(...col);
    if (len > 0 && Math.max(...col) / len < 0.9999) return true;
  }
  return false;
}
