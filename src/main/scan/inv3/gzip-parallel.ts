/**
 * Gunzip on several cores. One gzip stream is one deflate stream, which zlib can only inflate
 * from the start: so we find block boundaries near 1/n, 2/n, … of the compressed bytes
 * (deflate-boundary.ts) and inflate every segment at once on libuv's thread pool.
 *
 *  - Segment 0 is inflated from the start and streams into the sink as usual.
 *  - Every later segment is inflated against a stand-in window of 32 KiB of zeros (a deflate
 *    segment may copy from the 32 KiB before it, which nobody knows yet) and kept in memory.
 *  - When the segment before it has been delivered, the true window is known. We inflate the
 *    segment's first MiBs again against it: once 32 KiB of that true output equal the stand-in
 *    output at the same place, the decoder states are identical, so everything after is exact
 *    too. The sink gets the true head, then the kept output.
 *  - Finally the CRC-32 and length in the gzip trailer must match what the sink got.
 *
 * Anything unexpected (no boundary found, a segment's inflate fails, the head never converges,
 * a CRC or length mismatch, output beyond the trailer's length) returns 'fallback': the caller
 * then reads the file again with the sequential path (gzip-stream.ts), which is authoritative
 * for errors. So this path only ever makes good files faster; it never decides a file is bad.
 */
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { constants, crc32, createInflateRaw, inflateRawSync, type InflateRaw } from 'node:zlib';
import type { ReadOptions } from '../read-options';
import { throwIfAborted } from '../errors';
import { MiB } from './archive';
import { findDynamicBlock, shiftBits } from './deflate-boundary';
import { deflateStart, readTrailer, type GzipTrailer } from './gzip-member';
import { readAt, type GunzipSink } from './gzip-stream';

const WINDOW = 32 * 1024;
const CHUNK = MiB;

export const PARALLEL_GUNZIP = {
  /** Smaller files are not worth a second thread. */
  minFileBytes: 4 * MiB,
  /** Compressed bytes scanned for a block header after each split point. */
  searchBytes: MiB,
  /** Compressed bytes a candidate header must inflate cleanly before we trust it. */
  trialBytes: 64 * 1024,
  /** Compressed bytes re-inflated against the true window, tried in turn until the head converges. */
  fixupBytes: [MiB, 4 * MiB, 16 * MiB],
};

/** One segment per core, at most 4 (beyond that, memory for the kept output grows for little gain). */
export function defaultParts(): number {
  return Math.min(4, availableParallelism());
}

/** Where segment k starts (bit offset in the file); segment k ends where k+1 starts, the last at the end. */
interface Plan {
  start: number;
  splits: number[];
  trailer: GzipTrailer;
}

/** Block boundaries near k/parts of the deflate data, each confirmed by inflating a little from it. */
async function plan(fh: FileHandle, fileSize: number, parts: number): Promise<Plan | null> {
  if (parts < 2 || fileSize < PARALLEL_GUNZIP.minFileBytes) return null;
  const start = deflateStart(await readAt(fh, 0, Math.min(64 * 1024, fileSize)));
  if (start === null) return null;
  const trailer = readTrailer(await readAt(fh, fileSize - 8, 8));
  const deflateBytes = fileSize - 8 - start;
  const splits: number[] = [];
  for (let k = 1; k < parts; k++) {
    const from = start + Math.floor((deflateBytes * k) / parts);
    if (splits.length > 0 && from * 8 <= splits[splits.length - 1]) continue;
    const window = await readAt(fh, from, Math.min(PARALLEL_GUNZIP.searchBytes + PARALLEL_GUNZIP.trialBytes, fileSize - 8 - from));
    const bit = confirmedBlock(window, PARALLEL_GUNZIP.searchBytes * 8);
    if (bit >= 0) splits.push(from * 8 + bit);
  }
  return splits.length > 0 ? { start, splits, trailer } : null;
}

/**
 * First header in bits [0, searchBits) of `bytes` from which a trial inflate succeeds. Byte-aligned
 * ones first: a segment that starts on a byte boundary needs no re-packing of its input.
 */
function confirmedBlock(bytes: Uint8Array, searchBits: number): number {
  const aligned = confirmedBlockFrom(bytes, searchBits, 8);
  return aligned >= 0 ? aligned : confirmedBlockFrom(bytes, searchBits, 1);
}

function confirmedBlockFrom(bytes: Uint8Array, searchBits: number, step: 1 | 8): number {
  for (let bit = 0; ; bit += step) {
    bit = findDynamicBlock(bytes, bit, searchBits, step);
    if (bit < 0) return -1;
    const trial = shiftBits(bytes.subarray(bit >>> 3, (bit >>> 3) + PARALLEL_GUNZIP.trialBytes + 1), bit & 7);
    try {
      if (inflateRawSync(trial, { dictionary: new Uint8Array(WINDOW), finishFlush: constants.Z_SYNC_FLUSH }).length > 0) return bit;
    } catch {
      // not a block after all: keep looking
    }
  }
}

/**
 * `length` bytes of the stream starting at bit `fromBit`, re-aligned to a byte boundary for zlib.
 * Reads one byte more where there is one: a shifted byte takes its top bits from the next.
 */
async function alignedBytes(fh: FileHandle, fileSize: number, fromBit: number, length: number): Promise<Uint8Array> {
  const pos = fromBit >>> 3;
  const shift = fromBit & 7;
  const raw = await readAt(fh, pos, shift && pos + length < fileSize ? length + 1 : length);
  return shift ? shiftBits(raw, shift).subarray(0, length) : raw;
}

/** Bytes of one segment, byte-aligned for zlib: [fromBit, toBit), or to the end of the file. */
async function* segmentInput(fh: FileHandle, fileSize: number, fromBit: number, toBit: number | null): AsyncGenerator<Uint8Array> {
  const end = toBit === null ? fileSize : Math.ceil(toBit / 8);
  for (let pos = fromBit >>> 3; pos < end; pos += CHUNK) {
    yield alignedBytes(fh, fileSize, pos * 8 + (fromBit & 7), Math.min(CHUNK, end - pos));
  }
}

/**
 * Inflates one segment, handing each output chunk to `onData` in order. A segment that is not
 * the last must stop at its end bit with no stream end; the last must reach the stream end.
 */
async function inflateSegment(
  fh: FileHandle,
  fileSize: number,
  fromBit: number,
  toBit: number | null,
  dictionary: Uint8Array | undefined,
  onData: (chunk: Uint8Array) => void,
  signal: AbortSignal | undefined,
  onInput: (bytes: number) => void,
): Promise<void> {
  const z: InflateRaw = createInflateRaw({ chunkSize: CHUNK, ...(dictionary ? { dictionary } : {}) });
  let failure: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const settled = new Promise<void>((resolve) => {
    z.on('end', () => {
      ended = true;
      resolve();
    });
    z.on('error', (e) => {
      failure ??= e;
      resolve();
    });
    z.on('close', resolve);
  });
  z.on('data', (chunk: Buffer) => {
    if (failure) return;
    try {
      onData(chunk);
    } catch (e) {
      failure = e;
      z.destroy();
    }
  });
  z.on('drain', () => wake?.());
  try {
    for await (const input of segmentInput(fh, fileSize, fromBit, toBit)) {
      if (failure || ended) break;
      throwIfAborted(signal);
      onInput(input.length);
      if (!z.write(input) && !failure) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          void settled.then(resolve);
        });
        wake = null;
      }
    }
    if (toBit === null) {
      if (!failure && !ended) z.end();
      await settled;
      if (!failure && !ended) failure = new Error('stream did not end');
    } else {
      // zlib has all the segment's bits; a sync flush makes it emit every symbol they hold
      if (!failure && !ended) await Promise.race([new Promise<void>((resolve) => z.flush(constants.Z_SYNC_FLUSH, () => resolve())), settled]);
      if (ended) failure ??= new Error('a deflate stream ends inside a segment'); // e.g. a multi-member gzip
    }
  } finally {
    z.destroy();
  }
  if (failure) throw failure;
}

/** Output of a segment inflated against the stand-in window, kept until its turn. */
class KeptOutput {
  readonly chunks: Uint8Array[] = [];
  bytes = 0;
  /** `budget.left`: bytes all kept segments may still hold together (the trailer's length). */
  constructor(private readonly budget: { left: number }) {}
  add(chunk: Uint8Array): void {
    this.bytes += chunk.length;
    this.budget.left -= chunk.length;
    if (this.budget.left < 0) throw new Error('kept output exceeds the length the trailer declares');
    this.chunks.push(chunk);
  }
  /** Calls `emit` with every byte from `offset` on. */
  emitFrom(offset: number, emit: (chunk: Uint8Array) => void): void {
    let base = 0;
    for (const c of this.chunks) {
      if (base + c.length > offset) emit(offset > base ? c.subarray(offset - base) : c);
      base += c.length;
    }
  }
  /** bytes [from, from + length) as one array (copied when they span chunks). */
  slice(from: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let base = 0;
    for (const c of this.chunks) {
      const lo = Math.max(from, base);
      const hi = Math.min(from + length, base + c.length);
      if (hi > lo) out.set(c.subarray(lo - base, hi - base), lo - from);
      base += c.length;
    }
    return out;
  }
}

/**
 * The true head of a segment, inflated against the true window, long enough that its last
 * 32 KiB equal the kept output there; null when no tried length converges.
 */
async function trueHead(fh: FileHandle, fileSize: number, fromBit: number, toBit: number | null, window: Uint8Array, kept: KeptOutput): Promise<Uint8Array | null> {
  const endByte = toBit === null ? fileSize : Math.ceil(toBit / 8);
  for (const bytes of PARALLEL_GUNZIP.fixupBytes) {
    const whole = (fromBit >>> 3) + bytes >= endByte;
    const input = await alignedBytes(fh, fileSize, fromBit, Math.min(bytes, endByte - (fromBit >>> 3)));
    const head = inflateRawSync(input, { dictionary: window, finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: kept.bytes + 1 });
    if (head.length > kept.bytes) return null;
    if (whole && head.length === kept.bytes) return head; // the whole segment, re-inflated
    if (head.length >= WINDOW && Buffer.compare(head.subarray(head.length - WINDOW), kept.slice(head.length - WINDOW, WINDOW)) === 0) return head;
    if (whole) return null;
  }
  return null;
}

/** Last `n` bytes of what was emitted so far, from the recent chunks. */
class Tail {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  constructor(private readonly n: number) {}
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.chunks.length > 1 && this.bytes - this.chunks[0].length >= this.n) this.bytes -= this.chunks.shift()!.length;
  }
  get(): Uint8Array {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.n));
  }
}

/**
 * Inflates the whole file into `sink` on `parts` threads. 'done' when the sink got every byte
 * and the trailer's CRC-32 and length match; 'fallback' when the caller must start over with
 * the sequential path (the sink may have received data: the caller discards it). Errors the
 * sink throws also mean 'fallback', so the sequential path reports them as it always has; the
 * only throw is CancelledError when the open is cancelled.
 */
export async function gunzipParallel(fh: FileHandle, fileSize: number, sink: GunzipSink, opts: ReadOptions, maxOutput: number, parts: number): Promise<'done' | 'fallback'> {
  const p = await plan(fh, fileSize, parts).catch(() => null); // a read error: the sequential path reports it
  if (!p || p.trailer.isize > maxOutput) return 'fallback';
  const starts = [p.start * 8, ...p.splits];
  const ends = [...p.splits, null];
  let consumed = 0;
  const onInput = (bytes: number) => {
    consumed += bytes;
    opts.onProgress?.({ stage: 'reading', fraction: Math.min(1, consumed / fileSize) });
  };

  let crc = 0;
  let total = 0;
  const tail = new Tail(WINDOW);
  const emit = (chunk: Uint8Array) => {
    crc = crc32(chunk, crc);
    total += chunk.length;
    if (total > p.trailer.isize) throw new Error('output exceeds the length the trailer declares');
    tail.push(chunk);
    if (!sink.done()) sink.onData(chunk);
  };

  // Everything runs at once; later segments keep their output until it is their turn.
  const budget = { left: p.trailer.isize };
  const kept = starts.slice(1).map(() => new KeptOutput(budget));
  const controller = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
  const later = kept.map((k, i) =>
    inflateSegment(fh, fileSize, starts[i + 1], ends[i + 1], new Uint8Array(WINDOW), (c) => k.add(c), signal, onInput),
  );
  later.forEach((job) => job.catch(() => controller.abort())); // one failure stops the others
  try {
    await inflateSegment(fh, fileSize, starts[0], ends[0], undefined, emit, signal, onInput);
    for (let i = 0; i < kept.length; i++) {
      await later[i];
      const head = await trueHead(fh, fileSize, starts[i + 1], ends[i + 1], tail.get(), kept[i]);
      if (!head) return 'fallback';
      emit(head);
      kept[i].emitFrom(head.length, emit);
      kept[i].chunks.length = 0; // delivered: let it go
    }
    return total === p.trailer.isize && crc === p.trailer.crc ? 'done' : 'fallback';
  } catch (e) {
    if (opts.signal?.aborted) throw e; // cancelled by the user, not by a failing segment
    return 'fallback';
  } finally {
    controller.abort();
    await Promise.allSettled(later);
  }
}
