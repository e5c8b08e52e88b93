/**
 * Worker-pool jobs of the DICOM reader: header scanning and slice decoding both run on worker
 * threads so a 500-file series never blocks the caller. Each worker creates its wasm codecs
 * once, on first use (codecs/jpegls.ts, codecs/j2k.ts).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ScanError } from '../errors';
import { parseDataSet, readHeader, type SliceHeader } from './header';
import { decodeFrame, FrameError } from './frame';
import { storedToOutput, type Range, type Rescale, type StoredFormat } from './pixels';
import { syntaxInfo, unsupportedSyntaxReason } from './transfer-syntax';
import { errorText, type DataSet } from './parser';

/** Files larger than this are not single CT slices; refuse rather than read gigabytes. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** Enough for almost every header; longer ones are re-read whole. */
const HEAD_BYTES = 128 * 1024;

export type HeaderResult =
  | { file: string; header: SliceHeader }
  | { file: string; skipped: string }
  | { file: string; error: string };

export type OutDType = 'int16' | 'int32' | 'float32';

export interface DecodeInput {
  file: string;
  /** What the header scan saw; the decode re-checks it (the file may have changed since). */
  expected: StoredFormat & { rows: number; columns: number; transferSyntax: string };
  rescale: Rescale;
  out: SharedArrayBuffer;
  dtype: OutDType;
  /** Voxel offset of this slice in `out`. */
  offset: number;
}

/** Reads up to `limit` bytes from the start of `file`; also returns the file size. */
function readStart(file: string, limit: number): { bytes: Uint8Array; size: number } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const want = Math.min(size, limit);
    const bytes = new Uint8Array(want);
    let got = 0;
    while (got < want) {
      const n = readSync(fd, bytes, got, want - got, got);
      if (n === 0) break;
      got += n;
    }
    return { bytes: bytes.subarray(0, got), size };
  } finally {
    closeSync(fd);
  }
}

function isPart10(b: Uint8Array): boolean {
  return b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d; // "DICM"
}


function scanOne(file: string): HeaderResult {
  let start;
  try {
    start = readStart(file, HEAD_BYTES);
  } catch (e) {
    return { file, error: `cannot read: ${errorText(e)}` };
  }
  if (!isPart10(start.bytes)) return { file, skipped: 'not a DICOM Part-10 file' };
  if (start.size > MAX_FILE_BYTES) return { file, error: `file is ${start.size} bytes, larger than the ${MAX_FILE_BYTES}-byte limit for one slice` };
  let ds: DataSet;
  try {
    ds = parseDataSet(start.bytes, true);
  } catch (first) {
    if (start.bytes.length >= start.size) return { file, error: `not a readable DICOM file (${errorText(first)})` };
    try {
      ds = parseDataSet(readStart(file, MAX_FILE_BYTES).bytes, true);
    } catch (e) {
      return { file, error: `not a readable DICOM file (${errorText(e)})` };
    }
  }
  const header = readHeader(ds, file);
  if (!header.hasPixelData) return { file, skipped: 'no pixel data (DICOMDIR, report or other non-image object)' };
  return { file, header };
}

function outView(buffer: SharedArrayBuffer, dtype: OutDType): Int16Array | Int32Array | Float32Array {
  if (dtype === 'int16') return new Int16Array(buffer);
  if (dtype === 'int32') return new Int32Array(buffer);
  return new Float32Array(buffer);
}

/** Parses the whole file; a failure that is really a short PixelData says so. */
function parseWhole(file: string, bytes: Uint8Array): DataSet {
  try {
    return parseDataSet(bytes, false);
  } catch (e) {
    let head: DataSet | undefined;
    try {
      head = parseDataSet(bytes, true);
    } catch {
      /* fall through to the generic message */
    }
    const el = head?.elements['x7fe00010'];
    if (el && !el.hadUndefinedLength && el.dataOffset + el.length > head!.byteArray.length) {
      throw new ScanError(file, `pixel data truncated: ${Math.max(0, head!.byteArray.length - el.dataOffset)} of ${el.length} bytes present`);
    }
    throw new ScanError(file, `truncated or corrupt DICOM file (${errorText(e)})`);
  }
}

async function decodeOne(input: DecodeInput): Promise<Range> {
  const { file, expected } = input;
  const bytes = readStart(file, MAX_FILE_BYTES).bytes;
  const ds = parseWhole(file, bytes);
  const h = readHeader(ds, file);
  for (const key of ['rows', 'columns', 'bitsAllocated', 'bitsStored', 'pixelRepresentation', 'transferSyntax'] as const) {
    if (h[key] !== expected[key]) throw new ScanError(file, `${key} changed while reading (${expected[key]} → ${h[key]})`);
  }
  const syntax = syntaxInfo(h.transferSyntax);
  if (!syntax) throw new ScanError(file, unsupportedSyntaxReason(h.transferSyntax));
  let samples;
  try {
    samples = await decodeFrame(ds, h, syntax.encoding);
  } catch (e) {
    if (e instanceof FrameError) throw new ScanError(file, e.message);
    throw e;
  }
  if (samples.length < h.rows * h.columns) throw new ScanError(file, `decoded ${samples.length} of ${h.rows * h.columns} pixels`);
  return storedToOutput(samples.subarray(0, h.rows * h.columns), expected, input.rescale, outView(input.out, input.dtype), input.offset);
}

export const dicomJobs = {
  /** Header scan of a batch of files (sniff, parse up to PixelData, extract the tags we use). */
  dicomHeaders(input: { files: string[] }): HeaderResult[] {
    return input.files.map(scanOne);
  },
  /** Decodes one slice into the shared output volume; returns the min/max it wrote. */
  dicomDecode(input: DecodeInput): Promise<Range> {
    return decodeOne(input);
  },
};
