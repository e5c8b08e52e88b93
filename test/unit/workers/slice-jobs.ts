/**
 * Shared by the lazy-loading tests: inputs for one real DICOM slice's decode job, and the
 * files a worker thread must not have loaded if it never ran a DICOM job.
 */
import path from 'node:path';
import type { HeaderResult, DecodeInput } from '../../../src/main/scan/dicom/decode-jobs';
import { DICOM_DIR, dataPath } from '../data';

/** The same slice, uncompressed and JPEG-LS (lossless): equal stored values if the codec works. */
export const NATIVE_SLICE = path.join(DICOM_DIR, 'I10');
export const JPEGLS_SLICE = path.join(dataPath('dicom', 'dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM-jpegls'), 'I10');

/** Anything the DICOM job module brings in: its sources (or built chunk) and the codec packages. */
export const DICOM_ONLY_FILE = /decode-jobs|[\\/]dicom[\\/]|dicom-parser|jpeg-lossless-decoder-js|codec-charls|codec-openjpeg/;

/** Decode-job input for a scanned header: raw stored values (slope 1, intercept 0) into a fresh int32 buffer. */
export function decodeInput(scanned: HeaderResult): DecodeInput {
  if (!('header' in scanned)) throw new Error(`header scan of ${scanned.file} failed: ${JSON.stringify(scanned)}`);
  const h = scanned.header;
  return {
    file: h.file,
    expected: { bitsAllocated: h.bitsAllocated, bitsStored: h.bitsStored, highBit: h.highBit, pixelRepresentation: h.pixelRepresentation, rows: h.rows, columns: h.columns, transferSyntax: h.transferSyntax },
    rescale: { slope: 1, intercept: 0, paddingOut: 0 },
    out: new SharedArrayBuffer(h.rows * h.columns * 4),
    dtype: 'int32',
    offset: 0,
  };
}

/** 64 K int16 voxels in a SharedArrayBuffer: value i % 3000 − 1000, so each of 3000 values occurs ~22 times. */
export function rampVoxels(): Int16Array {
  const src = new Int16Array(new SharedArrayBuffer(65536 * 2));
  for (let i = 0; i < src.length; i++) src[i] = (i % 3000) - 1000;
  return src;
}
