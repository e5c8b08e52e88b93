/**
 * What the 3-D view shows at a pixel, found on the CPU along the same ray through the volume's
 * own voxels, so a double-click on the rendering can turn the slices to it:
 *  - iso: the first voxel whose value reaches the threshold;
 *  - DVR: the voxel where the composited opacity (transfer function, opacity per mm) reaches one half;
 *  - MIP / MinIP: the voxel of the largest / smallest value along the ray.
 * The ray is clipped to the crop box, as the rendering's rays are. Nearest-voxel samples every
 * half voxel at most. Pure.
 */
import { Matrix3, Vector3 } from 'three';
import type { PreparedVolume } from '../../shared/prepared';
import type { RenderMode, TfPoint } from '../../shared/presets/transfer-presets';
import type { CropBox } from '../../shared/view-state';
import type { Vec3 } from '../../shared/volume';
import { patientMatrix } from './geometry';
import { evaluateTransfer } from './lut';
import { codeDecoder, linearIndex, type Voxels } from './slice-image';

export interface PickRule {
  mode: RenderMode;
  isoThreshold: number;
  transfer: readonly TfPoint[];
}

/** Composited opacity at which DVR's "surface" is taken to be. */
const DVR_DEPTH_OPACITY = 0.5;

/**
 * The voxel [x, y, z] the ray from `origin` along `direction` (patient LPS mm) picks under `rule`,
 * or null when it misses the (cropped) volume or finds nothing.
 */
export function pickVoxel(vol: Voxels & Pick<PreparedVolume, 'voxelToPatient'>, origin: Vec3, direction: Vec3, crop: CropBox, rule: PickRule): [number, number, number] | null {
  const toVoxel = patientMatrix(vol.voxelToPatient).invert();
  const dirMm = new Vector3(...direction).normalize();
  const o = new Vector3(...origin).applyMatrix4(toVoxel);
  // voxels moved per mm along the ray: the direction through the linear part only (not normalised)
  const d = dirMm.clone().applyMatrix3(new Matrix3().setFromMatrix4(toVoxel));
  const n = [vol.shape[2], vol.shape[1], vol.shape[0]];
  // the crop box in voxel indices: texel centres sit at (i + 0.5)/n of the cube
  let [t0, t1] = [-Infinity, Infinity];
  for (let i = 0; i < 3; i++) {
    const lo = crop.min[i] * n[i] - 0.5;
    const hi = crop.max[i] * n[i] - 0.5;
    const [oi, di] = [o.getComponent(i), d.getComponent(i)];
    if (Math.abs(di) < 1e-12) {
      if (oi < lo || oi > hi) return null;
      continue;
    }
    const [a, b] = [(lo - oi) / di, (hi - oi) / di];
    t0 = Math.max(t0, Math.min(a, b));
    t1 = Math.min(t1, Math.max(a, b));
  }
  t0 = Math.max(t0, 0);
  if (!(t1 >= t0)) return null;
  const step = 0.5 / Math.max(Math.abs(d.x), Math.abs(d.y), Math.abs(d.z)); // mm per half voxel
  const { decode } = codeDecoder(vol);
  const sorted = [...rule.transfer].sort((p, q) => p.hu - q.hu);
  let best: [number, number, number] | null = null;
  let bestValue = rule.mode === 'minip' ? Infinity : -Infinity;
  let transparency = 1;
  for (let t = t0; t <= t1; t += step) {
    const voxel: [number, number, number] = [0, 1, 2].map((i) => Math.min(n[i] - 1, Math.max(0, Math.round(o.getComponent(i) + t * d.getComponent(i))))) as [number, number, number];
    const value = decode(vol.data[linearIndex(vol.shape, voxel)]);
    if (rule.mode === 'iso') {
      if (value >= rule.isoThreshold) return voxel;
    } else if (rule.mode === 'dvr') {
      const perMm = Math.min(1, Math.max(0, evaluateTransfer(sorted, value)[3]));
      transparency *= Math.pow(1 - perMm, step);
      if (1 - transparency >= DVR_DEPTH_OPACITY) return voxel;
    } else if (rule.mode === 'mip' ? value > bestValue : value < bestValue) {
      bestValue = value;
      best = voxel;
    }
  }
  return best;
}
