/**
 * What the "Scan" section lists about the open volume, so a user can check the geometry before
 * trusting a measurement: where the scan came from, its own voxel grid and spacing, its field of
 * view, the patient directions its axes run along, the grid it is rendered on, and its values.
 */
import type { PreparedVolume } from '../../shared/prepared';
import type { SourceFormat } from '../../shared/volume';
import { axisLabel, extentMm } from './geometry';
import { isResampled } from './slice-readout';

export interface ScanFact {
  label: string;
  value: string;
}

const FORMAT_LABELS: Record<SourceFormat, string> = { inv3: 'InVesalius project', dicom: 'DICOM', nifti: 'NIfTI' };

const GPU_FORMAT_LABELS: Record<PreparedVolume['format'], string> = {
  i16: 'int16, as stored',
  f16: 'half floats (integers up to ±2048 exact)',
  u16: '16-bit codes',
  u8: '8-bit codes',
};

/** Up to `digits` decimals, without trailing zeros: 0.451171875 → "0.451", 5 → "5". */
function num(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

const triple = (values: readonly number[], digits: number) => values.map((v) => num(v, digits)).join(' × ');

type Facts = Pick<PreparedVolume, 'shape' | 'spacing' | 'sourceShape' | 'sourceSpacing' | 'voxelToPatient' | 'format' | 'histogram' | 'meta'>;

export function scanFacts(v: Facts): ScanFact[] {
  const facts: ScanFact[] = [];
  const who = [v.meta.identity?.patientName, v.meta.identity?.patientId && `ID ${v.meta.identity.patientId}`].filter(Boolean).join(', ');
  if (who) facts.push({ label: 'Patient', value: who });
  const format = FORMAT_LABELS[v.meta.sourceFormat as SourceFormat] ?? v.meta.sourceFormat;
  const modality = v.meta.modality && v.meta.modality.toLowerCase() !== 'unknown' ? v.meta.modality : 'modality not stated';
  facts.push({ label: 'Source', value: `${format} · ${modality}` });

  const [sz, sy, sx] = v.sourceShape;
  facts.push({ label: 'Voxels', value: `${sx} × ${sy} × ${sz}` });
  facts.push({ label: 'Spacing', value: `${triple(v.sourceSpacing, 3)} mm` });
  facts.push({ label: 'Field of view', value: `${triple(extentMm(v.sourceShape, v.sourceSpacing), 1)} mm` });
  const axes = ([0, 1, 2] as const).map((i) => `${'xyz'[i]} ${axisLabel(v.voxelToPatient, i)}`);
  facts.push({ label: 'Axes', value: v.meta.orientationUnknown ? 'no patient orientation in the file (directions shown as ?)' : axes.join(' · ') });

  if (v.meta.geometryNotes?.length) facts.push({ label: 'Geometry', value: v.meta.geometryNotes.join('; ') });

  const [z, y, x] = v.shape;
  const grid = isResampled(v) ? `${x} × ${y} × ${z} at ${triple(v.spacing, 3)} mm (resampled)` : 'the source grid';
  facts.push({ label: 'Rendered', value: `${grid}; ${GPU_FORMAT_LABELS[v.format]}` });

  const h = v.histogram;
  const unit = v.meta.isHU ? ' HU' : '';
  // integer data: min is the true minimum; float data: the first bin's lower edge (floor of it)
  const about = Number.isInteger(h.max) && h.binWidth === 1 ? '' : '≈ ';
  if (h.total > 0) facts.push({ label: v.meta.isHU ? 'HU' : 'Values (not HU)', value: `${about}${num(h.min, 2)} … ${num(h.max, 2)}${unit}, mean ${num(h.mean, 1)}${unit}` });
  return facts;
}
