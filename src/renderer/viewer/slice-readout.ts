/**
 * The slice panel's readout text, pure: a voxel's indices, its patient position and its value,
 * saying when the value is coded or from a resampled grid.
 */
import type { PreparedVolume } from '../../shared/prepared';
import { voxelToPatientPoint, type Mat4 } from '../../shared/volume';
import type { RoiStats } from './slice-tools';

/**
 * "x 120 y 88 z 40 · R 12.3 A 45.0 S 7.8 mm · −12 HU". Values of a resampled grid are the
 * render grid's (averaged) values, and coded ones (8/16-bit bundles) are ± half a code step:
 * the readout says so rather than pass either off as the scan's own voxel.
 */
export function describeVoxel(voxel: [number, number, number], vol: Pick<PreparedVolume, 'voxelToPatient' | 'shape' | 'sourceShape' | 'meta'>, value: number, uncertainty: number): string {
  const unit = vol.meta.isHU ? 'HU' : '(value)';
  const digits = decimals(uncertainty);
  const shown = uncertainty > 0 ? `≈ ${value.toFixed(digits)} ± ${uncertainty.toFixed(digits)}` : String(Math.round(value * 100) / 100);
  const resampled = isResampled(vol) ? ' (resampled grid)' : '';
  return `x ${voxel[0]} y ${voxel[1]} z ${voxel[2]} · ${patientText(vol.voxelToPatient, voxel, !vol.meta.orientationUnknown)} · ${shown} ${unit}${resampled}`;
}

/**
 * Patient position as "R 12.3 A 45.0 S 7.8 mm" (LPS signs turned into letters); without a stated
 * orientation only the millimetres along the voxel axes, with no letters.
 */
function patientText(m: Mat4, voxel: [number, number, number], orientationKnown: boolean): string {
  const p = voxelToPatientPoint(m, voxel);
  if (!orientationKnown) return `(${p.map((v) => v.toFixed(1)).join(', ')}) mm, orientation unknown`;
  const letters: [string, string][] = [
    ['L', 'R'],
    ['P', 'A'],
    ['S', 'I'],
  ];
  return `${p.map((v, i) => `${letters[i][v >= 0 ? 0 : 1]} ${Math.abs(v).toFixed(1)}`).join(' ')} mm`;
}

/** Decimals worth showing for a value known to ± `uncertainty`: none from ± 1 up. */
function decimals(uncertainty: number): number {
  return uncertainty >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(uncertainty)));
}

/** True when the render grid is not the scan's own: its values are averages of the scan's. */
export function isResampled(vol: Pick<PreparedVolume, 'shape' | 'sourceShape'>): boolean {
  return vol.shape.some((n, i) => n !== vol.sourceShape[i]);
}

/**
 * "mean 42.1 · SD 8.3 · 3…87 HU · 312 voxels, 61.2 mm²" ("≈" before the mean of coded values;
 * "of the resampled grid" when the voxels are not the scan's own).
 */
export function roiText(r: RoiStats, vol: Pick<PreparedVolume, 'shape' | 'sourceShape' | 'meta'>): string {
  const unit = vol.meta.isHU ? ' HU' : '';
  const digits = r.uncertainty > 0 ? Math.max(1, decimals(r.uncertainty)) : 1;
  const round = (v: number) => String(Math.round(v * 100) / 100);
  return `mean ${r.uncertainty > 0 ? '≈ ' : ''}${r.mean.toFixed(digits)} · SD ${r.sd.toFixed(digits)} · ${round(r.min)}…${round(r.max)}${unit} · ${r.count} voxels${isResampled(vol) ? ' of the resampled grid' : ''}, ${r.areaMm2.toFixed(1)} mm²`;
}
