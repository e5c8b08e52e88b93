/**
 * voxelToPatient (row-major 4×4, DICOM LPS mm) for an InVesalius matrix.
 *
 * InVesalius stores every slice upside down (matrix row 0 = last DICOM row) and keeps no
 * patient origin for DICOM projects, so the origin is 0 there. NIfTI-derived projects keep
 * the inverse of the canonical (RAS) affine without its voxel scaling; we undo that and
 * the import's axis shuffle, so the anatomy lands where the original NIfTI put it.
 */
import { voxelToPatientPoint, type Mat4, type Shape3, type Vec3 } from '../../../shared/volume';
import { fail } from './format-error';

type M3 = number[][];

function invert4(m: number[][]): number[][] {
  // Gauss–Jordan with partial pivoting; 4×4 is small enough to spell out plainly.
  const a = m.map((row, i) => [...row, ...[0, 1, 2, 3].map((j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < 4; c++) {
    let pivot = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) < 1e-12) fail('main.plist: affine is not invertible');
    [a[c], a[pivot]] = [a[pivot], a[c]];
    const p = a[c][c];
    for (let j = 0; j < 8; j++) a[c][j] /= p;
    for (let r = 0; r < 4; r++) {
      if (r === c) continue;
      const f = a[r][c];
      for (let j = 0; j < 8; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row) => row.slice(4));
}

const column = (m: M3, j: number): Vec3 => [m[0][j], m[1][j], m[2][j]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/**
 * Split a 3×3 into rotation R (orthonormal columns, Gram–Schmidt as transforms3d's
 * decompose44 does) and unit-upper-triangular shear S with m = R·S.
 */
function rotationAndShear(m: M3): { r: M3; s: M3 } {
  const q: Vec3[] = [];
  for (let j = 0; j < 3; j++) {
    const v = column(m, j);
    for (const u of q) {
      const d = dot(u, v);
      v[0] -= d * u[0];
      v[1] -= d * u[1];
      v[2] -= d * u[2];
    }
    const n = Math.hypot(...v);
    if (n < 1e-9) fail('main.plist: affine is degenerate');
    q.push([v[0] / n, v[1] / n, v[2] / n]);
  }
  const r = [0, 1, 2].map((i) => [q[0][i], q[1][i], q[2][i]]);
  const s = [0, 1, 2].map((i) => [0, 1, 2].map((j) => dot(q[i], column(m, j))));
  return { r, s };
}

/**
 * NIfTI-derived project. `stored` = inverse(T·R·S) of the canonical affine T·R·diag(zooms)·S
 * (control.py: decompose, recompose with scale=None, invert). Canonical voxel (a, b, c) and
 * matrix voxel (i, j, k) are related by matrix[k, j, i] = canonical[i, ny-1-j, k].
 */
export function niftiVoxelToPatient(stored: number[][], spacing: Vec3, shape: Shape3, warnings: string[]): Mat4 {
  const unscaled = invert4(stored);
  const last = unscaled[3];
  if (Math.abs(last[0]) + Math.abs(last[1]) + Math.abs(last[2]) + Math.abs(last[3] - 1) > 1e-6) {
    fail('main.plist: affine is not an affine transform (projective last row)');
  }
  const u3 = unscaled.slice(0, 3).map((row) => row.slice(0, 3));
  const { r, s } = rotationAndShear(u3);
  const shear = Math.abs(s[0][1]) + Math.abs(s[0][2]) + Math.abs(s[1][2]);
  if (shear > 1e-4) warnings.push('NIfTI affine has shear; kept as stored');
  // canonical voxel → RAS mm: R · diag(zooms) · S, plus the translation.
  const rz = r.map((row) => row.map((x, j) => x * spacing[j]));
  const a3 = rz.map((row) => [0, 1, 2].map((j) => row[0] * s[0][j] + row[1] * s[1][j] + row[2] * s[2][j]));
  const t: Vec3 = [unscaled[0][3], unscaled[1][3], unscaled[2][3]];
  // Matrix voxel (i, j, k) = canonical (i, ny-1-j, k): negate the row column, shift by ny-1.
  const ny1 = shape[1] - 1;
  const out: Mat4 = [];
  for (let row = 0; row < 3; row++) {
    const lps = row < 2 ? -1 : 1; // RAS → LPS
    const a = a3[row];
    out.push(lps * a[0], lps * -a[1], lps * a[2], lps * (t[row] + a[1] * ny1));
  }
  out.push(0, 0, 0, 1);
  if (!out.every(Number.isFinite)) fail('main.plist: affine gives non-finite patient coordinates');
  return out;
}

/**
 * DICOM-derived project (no affine). Orientation 1 (axial) and 2 (coronal, stored as
 * [Rows flipped, slices reversed, Cols]) both end up with column → Left, row → Anterior,
 * slice → Superior for a standard acquisition. Orientation 3 (sagittal) is
 * [Rows flipped, Cols, slices]: column index → slices (toward patient Right for a standard
 * sagittal series), row → Posterior, slice → Superior. InVesalius stores no IOP, so these
 * assume standard acquisitions.
 */
export function dicomVoxelToPatient(orientation: number, spacing: Vec3, warnings: string[]): Mat4 {
  const [sx, sy, sz] = spacing;
  if (orientation === 3) {
    warnings.push('sagittal InVesalius project: orientation assumes a standard sagittal series (untested)');
    return [-sx, 0, 0, 0, 0, sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1];
  }
  if (orientation === 2) warnings.push('coronal InVesalius project: orientation assumes a standard coronal series (untested)');
  return [sx, 0, 0, 0, 0, -sy, 0, 0, 0, 0, sz, 0, 0, 0, 0, 1];
}

/** InVesalius' slice-viewer mm are voxel indices × spacing of matrix.dat as stored (spec §6). */
export function sliceViewerToPatient(m: Mat4, spacing: Vec3): (p: Vec3) => Vec3 {
  return (p) => voxelToPatientPoint(m, [p[0] / spacing[0], p[1] / spacing[1], p[2] / spacing[2]]);
}
