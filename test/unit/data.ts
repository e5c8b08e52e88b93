/** Paths to the real test data in ../shared/data and its reference facts. */
import path from 'node:path';
import { readFileSync } from 'node:fs';

export const sharedData = path.resolve(__dirname, '../../../shared/data');

export function dataPath(...parts: string[]): string {
  return path.join(sharedData, ...parts);
}

/** Parses a reference JSON (they contain bare NaN, which JSON.parse rejects). */
export function reference<T = any>(name: string): T {
  const text = readFileSync(path.join(sharedData, 'reference', name), 'utf8');
  return JSON.parse(text.replace(/\bNaN\b/g, 'null')) as T;
}

export const INV3_GZ = dataPath('inv3', 'philips-std-brain-5mm_bone-skin-surfaces-measures_gz.inv3');
export const INV3_PLAIN = dataPath('inv3', 'CT_pitch_cli-nogui.inv3');
export const NIFTI = dataPath('nifti', 'CT_pitch.nii.gz');
export const DICOM_DIR = dataPath('dicom', 'dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM');
export const DICOM_VARIANTS = ['jpeg-lossless-sv1', 'jpegls', 'rle', 'j2k', 'deflated', 'big-endian'].map((s) =>
  dataPath('dicom', `dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM-${s}`),
);
