/**
 * Streams a gzip file through Node's zlib: 1 MiB positional reads in, 1 MiB chunks out,
 * handed to `onData` as they come. No temporary copy of the file or of its contents.
 * Cancellation is checked between input chunks; decompressed output is capped.
 */
import type { FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { ReadOptions } from '../read-options';
import { throwIfAborted } from '../errors';
import { fail, Inv3FormatError } from './format-error';
import { GiB, MiB } from './archive';

const CHUNK = MiB;
/** After the consumer is done (tar end marker), inflate at most this much more, to reach the CRC. */
const TAIL_LIMIT = MiB;

/**
 * How far a gzip file may expand before we call it a bomb. Deflate cannot exceed ~1032:1,
 * and real projects sit far below that: int16 CT compresses ~2–6×, masks (uint8, half the
 * volume's bytes each) ~50–1000×. Even a project with 20 lazy (all-zero) masks stays under
 * ~70:1 (the test files: 3:1). So 200× the compressed size, plus 256 MiB so that small
 * projects are never at risk, with an absolute ceiling of 64 GiB (no machine we target
 * holds more). A bomb thus fails after at most a few hundred MB of inflation per MB of
 * input, and usually at once, because tar headers declare member sizes up front.
 */
export function decompressionCap(compressedBytes: number): number {
  return Math.min(64 * GiB, 256 * MiB + 200 * compressedBytes);
}

export interface GunzipSink {
  /** Receives each decompressed chunk in order; may throw to stop everything. */
  onData(chunk: Uint8Array): void;
  /** True when the consumer needs no more data (e.g. the tar end marker was seen). */
  done(): boolean;
  /**
   * Optional: exact decompressed bytes at stream offset `offset`, handed over ahead of their turn
   * (the parallel path knows some before the bytes in front of them). onData still delivers the
   * same bytes in order later; a sink may use these to start work early, or ignore them.
   */
  early?(offset: number, bytes: Uint8Array): void;
}

function describeZlibError(e: unknown): Inv3FormatError {
  const message = e instanceof Error ? e.message : String(e);
  if (/unexpected end of file/i.test(message)) return new Inv3FormatError('gzip stream is truncated');
  return new Inv3FormatError(`gzip stream is corrupt (${message})`);
}

/** Fills `into` from `position` on; a shorter view only at the end of the file. */
export async function readInto(fh: FileHandle, into: Uint8Array, position: number): Promise<Uint8Array> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await fh.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return into.subarray(0, done);
}

/** Up to `length` bytes at `position` in a fresh buffer, fewer only at the end of the file. */
export async function readAt(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  return readInto(fh, Buffer.allocUnsafe(length), position);
}

async function readChunk(fh: FileHandle, position: number, length: number): Promise<Uint8Array> {
  // A fresh buffer per chunk: zlib may still hold the previous one while it works.
  const buf = await readAt(fh, position, length);
  if (buf.length < length) fail('file shrank while being read');
  return buf;
}

export async function gunzipFile(
  fh: FileHandle,
  fileSize: number,
  sink: GunzipSink,
  opts: ReadOptions,
  maxOutput = decompressionCap(fileSize),
): Promise<void> {
  const gunzip = createGunzip({ chunkSize: CHUNK });
  let failure: unknown = null;
  let output = 0;
  let tail = 0;
  let quit = false;
  // Settles on end, error or destroy; `failure` says which.
  const settled = new Promise<void>((resolve) => {
    gunzip.on('end', resolve);
    gunzip.on('close', resolve);
    gunzip.on('error', (e) => {
      failure ??= describeZlibError(e);
      resolve();
    });
  });
  let wake: (() => void) | null = null;
  const stop = (e: unknown) => {
    failure ??= e;
    gunzip.destroy();
    wake?.();
  };
  gunzip.on('data', (chunk: Buffer) => {
    if (failure || quit) return;
    if (sink.done()) {
      // Only padding belongs here; anything bigger is junk we need not inflate (nor verify).
      tail += chunk.length;
      if (tail > TAIL_LIMIT) {
        quit = true;
        gunzip.destroy();
        wake?.();
      }
      return;
    }
    output += chunk.length;
    if (output > maxOutput) {
      stop(new Inv3FormatError(`gzip stream expands beyond ${maxOutput} bytes (refused as a decompression bomb)`));
      return;
    }
    try {
      sink.onData(chunk);
    } catch (e) {
      stop(e);
    }
  });
  gunzip.on('drain', () => wake?.());
  gunzip.on('close', () => wake?.());

  try {
    let position = 0;
    while (position < fileSize && !failure && !quit) {
      throwIfAborted(opts.signal);
      const length = Math.min(CHUNK, fileSize - position);
      const input = await readChunk(fh, position, length);
      position += length;
      if (!gunzip.write(input) && !failure && !quit) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
      opts.onProgress?.({ stage: 'reading', fraction: position / fileSize });
    }
    if (!failure && !quit) {
      gunzip.end();
      await settled;
    }
  } finally {
    gunzip.destroy();
  }
  if (failure) throw failure;
}
