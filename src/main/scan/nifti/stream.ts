/**
 * Reads a NIfTI file's header and the bytes of its first 3D volume, plain or gzipped, with
 * every size checked: gzip is inflated as a stream and stops as soon as the volume is
 * complete, so memory is bounded by what the header declares — and a declaration the file
 * cannot back (truncated, or more than deflate can expand to) is refused before allocating.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { CancelledError, ScanError, throwIfAborted } from '../errors';
import { HEADER_BYTES, parseHeader, type NiftiHeader } from './header';

/** Deflate cannot expand more than ~1032:1; a header declaring more than this is lying. */
const MAX_DEFLATE_RATIO = 1100;

export interface NiftiBytes {
  header: NiftiHeader;
  /** The first volume's voxels, as stored (file byte order), in their own ArrayBuffer. */
  voxels: Uint8Array;
  gzip: boolean;
}

export async function readNiftiBytes(file: string, signal?: AbortSignal, onFraction?: (f: number) => void): Promise<NiftiBytes> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new ScanError(file, 'no such file');
  }
  const fh = await open(file, 'r');
  let magic: Uint8Array;
  try {
    magic = new Uint8Array(2);
    await fh.read(magic, 0, 2, 0);
  } finally {
    await fh.close();
  }
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  return gzip ? readGzip(file, size, signal, onFraction) : readPlain(file, size, signal, onFraction);
}

async function readPlain(file: string, size: number, signal?: AbortSignal, onFraction?: (f: number) => void): Promise<NiftiBytes> {
  const fh = await open(file, 'r');
  try {
    const head = new Uint8Array(Math.min(size, HEADER_BYTES));
    await fh.read(head, 0, head.length, 0);
    const header = await parseHeader(file, head);
    const need = header.voxOffset + header.volumeBytes;
    if (size < need) throw new ScanError(file, `file is ${size} bytes but the header needs ${need} (truncated?)`);
    const voxels = new Uint8Array(header.volumeBytes);
    const CHUNK = 16 * 1024 * 1024;
    for (let done = 0; done < voxels.length; ) {
      throwIfAborted(signal);
      const { bytesRead } = await fh.read(voxels, done, Math.min(CHUNK, voxels.length - done), header.voxOffset + done);
      if (bytesRead === 0) throw new ScanError(file, 'file ended early');
      done += bytesRead;
      onFraction?.(done / voxels.length);
    }
    return { header, voxels, gzip: false };
  } finally {
    await fh.close();
  }
}

async function readGzip(file: string, size: number, signal?: AbortSignal, onFraction?: (f: number) => void): Promise<NiftiBytes> {
  const src = createReadStream(file, { highWaterMark: 1024 * 1024 });
  const gunzip = createGunzip();
  src.on('error', (e) => gunzip.destroy(e));
  src.pipe(gunzip);
  const onAbort = () => gunzip.destroy(new CancelledError());
  signal?.addEventListener('abort', onAbort, { once: true });
  let head: Buffer[] = [];
  let headLength = 0;
  let header: NiftiHeader | undefined;
  let voxels: Uint8Array | undefined;
  let seen = 0; // decompressed bytes consumed so far
  let filled = 0;
  const start = async (bytes: Buffer): Promise<void> => {
    header = await parseHeader(file, new Uint8Array(bytes));
    const need = header.voxOffset + header.volumeBytes;
    if (need > size * MAX_DEFLATE_RATIO) throw new ScanError(file, `header declares ${need} bytes, more than ${size} compressed bytes can hold`);
    voxels = new Uint8Array(header.volumeBytes);
  };
  const take = (chunk: Buffer, chunkStart: number): void => {
    const from = Math.max(header!.voxOffset, chunkStart);
    const to = Math.min(header!.voxOffset + voxels!.length, chunkStart + chunk.length);
    if (to > from) {
      voxels!.set(chunk.subarray(from - chunkStart, to - chunkStart), from - header!.voxOffset);
      filled += to - from;
    }
  };
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (!header) {
        head.push(chunk);
        headLength += chunk.length;
        if (headLength < HEADER_BYTES) continue;
        const all = Buffer.concat(head);
        head = [];
        await start(all);
        take(all, 0);
        seen = all.length;
      } else {
        take(chunk, seen);
        seen += chunk.length;
      }
      onFraction?.(src.bytesRead / size);
      if (filled === voxels!.length) break;
    }
    if (!header && headLength > 0) {
      const all = Buffer.concat(head);
      await start(all); // a tiny file: the whole stream is shorter than a NIfTI-2 header
      take(all, 0);
    }
  } catch (e) {
    if (e instanceof ScanError || e instanceof CancelledError) throw e;
    throw new ScanError(file, `gzip stream is corrupt (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    src.destroy();
    gunzip.destroy();
  }
  throwIfAborted(signal);
  if (!header || !voxels) throw new ScanError(file, 'gzip stream holds no NIfTI header');
  if (filled < voxels.length) throw new ScanError(file, `decompressed data ends early: ${filled} of ${voxels.length} voxel bytes (truncated?)`);
  return { header, voxels, gzip: true };
}
