/**
 * The NIfTI reader (.nii, .nii.gz; NIfTI-1 and -2): header.ts parses and checks, stream.ts
 * reads the first volume's bytes with bounded memory, voxels.ts scales and picks the dtype,
 * geometry.ts turns sform/qform/pixdim into an LPS voxelToPatient.
 * Volume shape [z, y, x] = NIfTI (k, j, i) reversed; NIfTI stores i fastest, so the data is
 * used in file order and voxelToPatient maps (i, j, k) directly.
 */
import path from 'node:path';
import type { Volume, WindowLevel } from '../../../shared/volume';
import type { ReadOptions } from '../read-options';
import { readNiftiBytes } from './stream';
import { convertVoxels } from './voxels';
import { niftiGeometry } from './geometry';

/**
 * NIfTI has no modality and no unit field for intensities, so "is this HU?" is judged from the
 * values: CT in HU always contains air (≈ −1000), so the rule is min ≤ −500 and max ≥ 0.
 * (The shared CT_pitch.nii.gz is uint8 0..255: not HU, and labelled so.)
 */
export function plausiblyHU(min: number, max: number): boolean {
  return min <= -500 && max >= 0;
}

const READ_SHARE = 0.7;

export async function readNifti(file: string, opts: ReadOptions = {}): Promise<Volume> {
  const progress = (stage: string, f: number) => opts.onProgress?.({ stage, fraction: Math.min(1, f) });
  const { header, voxels, gzip } = await readNiftiBytes(file, opts.signal, (f) => progress('reading', READ_SHARE * f));
  const converted = await convertVoxels(voxels, header, opts.signal, (f) => progress('converting', READ_SHARE + (1 - READ_SHARE) * f), opts.onVoxels);
  const geometry = niftiGeometry(header);
  const isHU = plausiblyHU(converted.min, converted.max);
  const warnings = [...converted.notes];
  if (header.volumes > 1) warnings.push(`4D image with ${header.volumes} volumes: only the first is shown`);
  if (!isHU) warnings.push(`values ${converted.min}..${converted.max} are not Hounsfield units (no air below −500): shown as raw intensities`);
  const window: WindowLevel = isHU
    ? { level: 40, width: 400 }
    : header.calMax > header.calMin
      ? { level: (header.calMax + header.calMin) / 2, width: header.calMax - header.calMin }
      : { level: (converted.min + converted.max) / 2, width: Math.max(1, converted.max - converted.min) };
  const [nx, ny, nz] = header.dims;
  return {
    data: converted.data,
    dtype: converted.dtype,
    shape: [nz, ny, nx],
    spacing: geometry.spacing,
    voxelToPatient: geometry.voxelToPatient,
    window,
    scalarRange: [converted.min, converted.max],
    meta: {
      name: path.basename(file).replace(/\.nii(\.gz)?$/i, ''),
      modality: isHU ? 'CT' : 'unknown',
      sourceFormat: 'nifti',
      sourcePath: file,
      isHU,
      warnings,
      extra: {
        niftiVersion: header.version,
        gzip,
        storedType: header.datatype,
        scaled: converted.scaled,
        sclSlope: Number.isFinite(header.sclSlope) ? header.sclSlope : 'NaN',
        sclInter: Number.isFinite(header.sclInter) ? header.sclInter : 'NaN',
        affineFrom: geometry.source,
        qformCode: header.qformCode,
        sformCode: header.sformCode,
        description: header.description,
        huRule: 'isHU when min ≤ −500 and max ≥ 0 (air present); NIfTI has no modality',
      },
      geometryNotes: geometry.notes,
      ...(geometry.source === 'pixdim' ? { orientationUnknown: true } : {}),
    },
    masks: [],
    surfaces: [],
    measurements: [],
  };
}
