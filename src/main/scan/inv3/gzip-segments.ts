/**
 * The pieces of the parallel gunzip (gzip-parallel.ts): reading a segment of the deflate stream
 * re-aligned to bytes, inflating it on libuv's thread pool, keeping its output until its turn,
 * and finding where output inflated against a stand-in window becomes exact.
 */
import type { FileHandle } from 'node:fs/promises';
import { constants, createInflateRaw, inflateRawSync, type InflateRaw } from 'node:zlib';
import { throwIfAborted } from '../errors';
import { MiB } from './archive';
import { shiftBits } from './deflate-boundary';
import { readAt, readInto } from './gzip-stream';

/** How far back deflate may copy from: the window a segment needs from the one before. */
export const WINDOW = 32 * 1024;
/**
 * Input read and output inflated per step. Larger than the sequential path's 1 MiB: each output
 * chunk costs a round trip through the main thread, which here serves several segments at once
 * (measured on the 508×516×516 phantom: 4 MiB ~5 % faster and ~4 % less CPU than 1 or 2 MiB).
 */
const CHUNK = 4 * MiB;

/**
 * `length` bytes of the stream starting at bit `fromBit`, re-aligned to a byte boundary for zlib.
 * Reads one byte more where there is one: a shifted byte takes its top bits from the next.
 */
export async function alignedBytes(fh: FileHandle, fileSize: number, fromBit: number, length: number): Promise<Uint8Array> {
  const pos = fromBit >>> 3;
  const shift = fromBit & 7;
  const raw = await readAt(fh, pos, shift && pos + length < fileSize ? length + 1 : length);
  return shift ? shiftBits(raw, shift).subarray(0, length) : raw;
}

/**
 * Input buffers handed back once zlib has consumed them: a fresh buffer for every chunk would
 * cost a page fault per 4 KiB, which on a VM adds up to tens of ms per file.
 */
class InputBuffers {
  private readonly free: Buffer[] = [];
  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(CHUNK + 1);
  }
  give(buffer: Buffer): void {
    this.free.push(buffer);
  }
}

interface InputChunk {
  bytes: Uint8Array;
  /** Call once zlib is done with `bytes`. */
  done(): void;
}

/**
 * Where a segment ends: a bit offset, null for the end of the stream, or not known yet — then
 * only that it is at or after byte `notBefore` (segment 0 starts while the split is searched for).
 */
export type SegmentEnd = number | null | { notBefore: number; bit: Promise<number | null> };

/** Bytes of one segment, byte-aligned for zlib: [fromBit, its end), or to the end of the file. */
async function* segmentInput(fh: FileHandle, fileSize: number, fromBit: number, to: SegmentEnd): AsyncGenerator<InputChunk> {
  const buffers = new InputBuffers();
  const shift = fromBit & 7;
  const endByte = (bit: number | null) => (bit === null ? fileSize : Math.ceil(bit / 8));
  let end = typeof to === 'object' && to !== null ? to.notBefore : endByte(to);
  let known = !(typeof to === 'object' && to !== null);
  for (let pos = fromBit >>> 3; ; pos += CHUNK) {
    if (!known && pos + CHUNK > end) {
      end = endByte(await (to as { bit: Promise<number | null> }).bit);
      known = true;
    }
    if (pos >= end) break;
    const length = Math.min(CHUNK, end - pos);
    const raw = buffers.take();
    // one byte more than we hand on when shifting: a shifted byte takes its top bits from the next
    const got = await readInto(fh, raw.subarray(0, shift && pos + length < fileSize ? length + 1 : length), pos);
    if (!shift) {
      yield { bytes: got, done: () => buffers.give(raw) };
      continue;
    }
    const out = buffers.take();
    const bytes = shiftBits(got, shift, out).subarray(0, length);
    buffers.give(raw);
    yield { bytes, done: () => buffers.give(out) };
  }
}

/**
 * Inflates one segment, handing each output chunk to `onData` in order. A segment that is not
 * the last must stop at its end bit with no stream end; the last must reach the stream end.
 */
export async function inflateSegment(
  fh: FileHandle,
  fileSize: number,
  fromBit: number,
  to: SegmentEnd,
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
  // Output is handed on from a later turn of the event loop: Node asks zlib for the next chunk
  // only after the 'data' handler returns, so copying and checksumming here would leave zlib's
  // thread idle meanwhile; deferred, the two overlap.
  const pending: Uint8Array[] = [];
  let scheduled = false;
  const handOn = () => {
    scheduled = false;
    try {
      while (pending.length > 0 && !failure) onData(pending.shift()!);
    } catch (e) {
      failure = e;
      z.destroy();
      wake?.();
    }
  };
  z.on('data', (chunk: Buffer) => {
    if (failure) return;
    pending.push(chunk);
    if (!scheduled) {
      scheduled = true;
      setImmediate(handOn);
    }
  });
  z.on('drain', () => wake?.());
  try {
    for await (const input of segmentInput(fh, fileSize, fromBit, to)) {
      if (failure || ended) break;
      throwIfAborted(signal);
      onInput(input.bytes.length);
      if (!z.write(input.bytes, input.done) && !failure) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          void settled.then(resolve);
        });
        wake = null;
      }
    }
    const toBit = typeof to === 'object' && to !== null ? await to.bit : to;
    if (toBit === null) {
      if (!failure && !ended) z.end();
      await settled;
      if (!failure && !ended) failure = new Error('stream did not end');
    } else {
      // zlib has all the segment's bits; a sync flush makes it emit every symbol they hold
      if (!failure && !ended) await Promise.race([new Promise<void>((resolve) => z.flush(constants.Z_SYNC_FLUSH, () => resolve())), settled]);
      if (ended) failure ??= new Error('a deflate stream ends inside a segment'); // e.g. a multi-member gzip
    }
    handOn(); // what is still waiting for its turn
  } finally {
    z.destroy();
  }
  if (failure) throw failure;
}

/** Output of a segment inflated against the stand-in window, kept until its turn. */
export class KeptOutput {
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
  /** Bytes [from, from + length) as views of the kept chunks, each at most `slice` long. */
  *pieces(from: number, length = Infinity, slice = Infinity): Generator<Uint8Array> {
    const end = Math.min(this.bytes, from + length);
    let base = 0;
    for (const c of this.chunks) {
      const lo = Math.max(from, base);
      const hi = Math.min(end, base + c.length);
      for (let at = lo; at < hi; at += slice) yield c.subarray(at - base, Math.min(hi, at + slice) - base);
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
 * The head of a segment inflated against `window`, long enough that its last 32 KiB equal the
 * kept output there (from then on both decoders are in the same state, so the kept output is
 * what this window gives too); null when none of the tried input lengths gets there.
 */
export async function convergedHead(
  fh: FileHandle,
  fileSize: number,
  fromBit: number,
  toBit: number | null,
  window: Uint8Array,
  kept: KeptOutput,
  tryBytes: readonly number[],
): Promise<Uint8Array | null> {
  const endByte = toBit === null ? fileSize : Math.ceil(toBit / 8);
  for (const bytes of tryBytes) {
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
export class Tail {
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

