/**
 * Content-based format detection. Extensions lie (DICOM files often have none, a
 * `.inv3` may or may not be gzipped), so we look at bytes only.
 */
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ScanError } from './errors';

export type ScanKind = 'inv3' | 'dicom' | 'nifti' | 'dicom-folder';
export type Container = 'gzip' | 'plain';

export interface Sniffed {
  kind: ScanKind;
  container: Container;
}

const PEEK = 1024;

/** The first `n` bytes of a file (fewer if it is shorter). */
async function head(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The first `n` decompressed bytes of a gzip file, reading only as much as needed. */
async function gunzipHead(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  const gunzip = createGunzip();
  const out: Buffer[] = [];
  let have = 0;
  try {
    const done = new Promise<void>((resolve) => {
      gunzip.on('data', (d: Buffer) => {
        out.push(d);
        have += d.length;
        if (have >= n) resolve();
      });
      gunzip.on('end', resolve);
      gunzip.on('error', () => resolve()); // a corrupt stream just yields fewer bytes
    });
    const chunk = Buffer.alloc(64 * 1024);
    let pos = 0;
    while (have < n) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead === 0) {
        gunzip.end();
        break;
      }
      pos += bytesRead;
      const wrote = gunzip.write(Buffer.from(chunk.subarray(0, bytesRead)));
      if (!wrote) await new Promise((r) => setImmediate(r));
      if (pos > 16 * 1024 * 1024) break; // a header never needs this much input
    }
    await Promise.race([done, new Promise((r) => setTimeout(r, 50))]);
  } finally {
    gunzip.destroy();
    await fh.close();
  }
  return new Uint8Array(Buffer.concat(out)).subarray(0, n);
}

function ascii(b: Uint8Array, start: number, len: number): string {
  return String.fromCharCode(...b.subarray(start, start + len));
}

export function isTar(b: Uint8Array): boolean {
  return b.length >= 262 && ascii(b, 257, 5) === 'ustar';
}

export function isNiftiHeader(b: Uint8Array): boolean {
  if (b.length < 348) return false;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const size = dv.getInt32(0, true);
  const sizeBE = dv.getInt32(0, false);
  const magic = ascii(b, 344, 3);
  return (size === 348 || sizeBE === 348) && (magic === 'n+1' || magic === 'ni1');
}

export function isNifti2Header(b: Uint8Array): boolean {
  if (b.length < 540) return false;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return dv.getInt32(0, true) === 540 || dv.getInt32(0, false) === 540;
}

export function isDicomPart10(b: Uint8Array): boolean {
  return b.length >= 132 && ascii(b, 128, 4) === 'DICM';
}

/** Decide what `file` is, or throw a ScanError that says what we saw. */
export async function sniff(file: string): Promise<Sniffed> {
  let st;
  try {
    st = await stat(file);
  } catch {
    throw new ScanError(file, 'no such file or folder');
  }
  if (st.isDirectory()) return { kind: 'dicom-folder', container: 'plain' };
  if (!st.isFile()) throw new ScanError(file, 'not a regular file');
  if (st.size === 0) throw new ScanError(file, 'file is empty');

  const b = await head(file, PEEK);
  if (b[0] === 0x1f && b[1] === 0x8b) {
    const inner = await gunzipHead(file, 1024);
    if (isTar(inner)) return { kind: 'inv3', container: 'gzip' };
    if (isNiftiHeader(inner) || isNifti2Header(inner)) return { kind: 'nifti', container: 'gzip' };
    if (inner.length < 512) throw new ScanError(file, 'gzip stream is truncated or corrupt');
    throw new ScanError(file, 'gzip file holds neither an InVesalius project (tar) nor a NIfTI image');
  }
  if (isTar(b)) return { kind: 'inv3', container: 'plain' };
  if (isNiftiHeader(b) || isNifti2Header(b)) return { kind: 'nifti', container: 'plain' };
  if (isDicomPart10(b)) return { kind: 'dicom', container: 'plain' };
  throw new ScanError(file, 'not a recognised scan (expected .inv3, DICOM or NIfTI)');
}
