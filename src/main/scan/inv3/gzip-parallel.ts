/**
 * Gunzip on several cores. One gzip stream is one deflate stream, which zlib can only inflate
 * from the start: so we find block boundaries in the compressed bytes (deflate-boundary.ts) and
 * inflate every segment at once on libuv's thread pool.
 *
 *  - Segment 0 is inflated from the start and streams into the sink as usual; it starts at once,
 *    while its end is searched for (with none found, it is the whole stream).
 *  - Every later segment is inflated against a stand-in window of 32 KiB of zeros (a deflate
 *    segment may copy from the 32 KiB before it, which nobody knows yet) and kept in memory.
 *  - A later segment that is done before segment 0 hands its exact part to the sink early (see
 *    settle below), so the work on its bytes overlaps segment 0.
 *  - When the segment before it has been delivered, the true window is known. We inflate the
 *    segment's first MiBs again against it: once 32 KiB of that true output equal the stand-in
 *    output at the same place, the decoder states are identical, so everything after is exact
 *    too. The sink gets the true head, then the kept output.
 *  - Finally the CRC-32 and length in the gzip trailer must match what the sink got.
 *
 * Anything unexpected (a segment's inflate fails, a head never converges, a CRC or length
 * mismatch, output beyond the trailer's length) returns 'fallback': the caller then reads the
 * file again with the sequential path (gzip-stream.ts), which is authoritative for errors. So
 * this path only ever makes good files faster; it never decides a file is bad.
 */
import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { constants, crc32, inflateRawSync } from 'node:zlib';
import type { ReadOptions } from '../read-options';
import { MiB } from './archive';
import { crc32Combine } from './crc32-combine';
import { findDynamicBlock, shiftBits } from './deflate-boundary';
import { deflateStart, readTrailer } from './gzip-member';
import { convergedHead, inflateSegment, KeptOutput, Tail, WINDOW } from './gzip-segments';
import { readAt, type GunzipSink } from './gzip-stream';

/** Early delivery goes in slices of this size, each followed by a turn of the event loop. */
const EARLY_SLICE = MiB;

export const PARALLEL_GUNZIP = {
  /** Smaller files are not worth a second thread. */
  minFileBytes: 4 * MiB,
  /** Compressed bytes scanned for a block header after each split point. */
  searchBytes: MiB,
  /** Compressed bytes a candidate header must inflate cleanly before we trust it. */
  trialBytes: 64 * 1024,
  /** Compressed bytes re-inflated against the true window, tried in turn until the head converges. */
  fixupBytes: [MiB, 4 * MiB, 16 * MiB],
  /**
   * Share of the compressed bytes given to segment 0. More than 1/parts: the others must finish
   * first, so that handing their output over early overlaps segment 0's last stretch.
   */
  firstShare: 0.55,
};

/** One segment per core, at most 4 (beyond that, memory for the kept output grows for little gain). */
export function defaultParts(): number {
  return Math.min(4, availableParallelism());
}

/** Byte offsets after which the split points are searched: segment 0 gets firstShare, the rest equal parts. */
function searchStarts(start: number, fileSize: number, parts: number): number[] {
  const deflateBytes = fileSize - 8 - start;
  const first = Math.max(1 / parts, PARALLEL_GUNZIP.firstShare);
  const starts: number[] = [];
  for (let k = 1; k < parts; k++) starts.push(start + Math.floor(deflateBytes * (first + ((1 - first) * (k - 1)) / (parts - 1))));
  return starts;
}

/** Block boundaries (bit offsets, increasing) found after each search start, each confirmed by inflating a little from it. */
async function findSplits(fh: FileHandle, fileSize: number, from: number[]): Promise<number[]> {
  const splits: number[] = [];
  for (const byte of from) {
    if (splits.length > 0 && byte * 8 <= splits[splits.length - 1]) continue;
    const window = await readAt(fh, byte, Math.min(PARALLEL_GUNZIP.searchBytes + PARALLEL_GUNZIP.trialBytes, fileSize - 8 - byte));
    const bit = await confirmedBlock(window, PARALLEL_GUNZIP.searchBytes * 8);
    if (bit >= 0) splits.push(byte * 8 + bit);
  }
  return splits;
}

/**
 * First header in bits [0, searchBits) of `bytes` from which a trial inflate succeeds. Byte-aligned
 * ones first: a segment that starts on a byte boundary needs no re-packing of its input.
 */
async function confirmedBlock(bytes: Uint8Array, searchBits: number): Promise<number> {
  const aligned = await confirmedBlockFrom(bytes, searchBits, 8);
  return aligned >= 0 ? aligned : confirmedBlockFrom(bytes, searchBits, 1);
}

async function confirmedBlockFrom(bytes: Uint8Array, searchBits: number, step: 1 | 8): Promise<number> {
  for (let bit = 0; ; bit += step) {
    bit = await findBlockInSlices(bytes, bit, searchBits, step);
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
 * The search runs on this thread while segment 0 inflates: findDynamicBlock over SEARCH_SLICE_BITS
 * at a time, with a turn of the event loop in between, so segment 0's next input is not held up
 * (a search takes ~10–30 ms, ~100 ms when it must try every bit offset).
 */
const SEARCH_SLICE_BITS = 64 * 1024 * 8;

async function findBlockInSlices(bytes: Uint8Array, fromBit: number, toBit: number, step: 1 | 8): Promise<number> {
  for (let from = fromBit; from < toBit; from += SEARCH_SLICE_BITS) {
    if (from > fromBit) await nextTurn();
    const found = findDynamicBlock(bytes, from, Math.min(toBit, from + SEARCH_SLICE_BITS), step);
    if (found >= 0) return found;
  }
  return -1;
}

/** What is known about a later segment before its turn: its output is exact from `exactFrom` on. */
interface Settled {
  exactFrom: number;
  /** CRC-32 of the kept output from exactFrom to the end. */
  crc: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Inflates the whole file into `sink` on `parts` threads. 'done' when the sink got every byte
 * and the trailer's CRC-32 and length match; 'fallback' when the caller must start over with
 * the sequential path (the sink may have received data: the caller discards it). Errors the
 * sink throws also mean 'fallback', so the sequential path reports them as it always has; the
 * only throw is CancelledError when the open is cancelled.
 */
export async function gunzipParallel(fh: FileHandle, fileSize: number, sink: GunzipSink, opts: ReadOptions, maxOutput: number, parts: number): Promise<'done' | 'fallback'> {
  if (parts < 2 || fileSize < PARALLEL_GUNZIP.minFileBytes) return 'fallback';
  const wrapper = await Promise.all([readAt(fh, 0, Math.min(64 * 1024, fileSize)), readAt(fh, fileSize - 8, 8)]).catch(() => null);
  const start = wrapper && deflateStart(wrapper[0]);
  if (!wrapper || start === null) return 'fallback'; // the sequential path reports what is wrong
  const trailer = readTrailer(wrapper[1]);
  const isize = trailer.isize;
  if (isize > maxOutput) return 'fallback';
  let consumed = 0;
  const onInput = (bytes: number) => {
    consumed += bytes;
    opts.onProgress?.({ stage: 'reading', fraction: Math.min(1, consumed / fileSize) });
  };

  let crc = 0;
  let total = 0;
  const tail = new Tail(WINDOW);
  const deliver = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > isize) throw new Error('output exceeds the length the trailer declares');
    tail.push(chunk);
    if (!sink.done()) sink.onData(chunk);
  };
  const emit = (chunk: Uint8Array) => {
    crc = crc32(chunk, crc);
    deliver(chunk);
  };

  // Segment 0 starts at once; its end (the first split) is searched for meanwhile. With no split
  // found it simply runs to the end: a sequential inflate, still checked against the trailer.
  const controller = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
  const searchFrom = searchStarts(start, fileSize, parts);
  const found = findSplits(fh, fileSize, searchFrom).catch(() => []); // a read error: no split
  const first = inflateSegment(fh, fileSize, start * 8, { notBefore: searchFrom[0], bit: found.then((s) => s[0] ?? null) }, undefined, emit, signal, onInput);
  first.catch(() => controller.abort());
  const splits = await found;
  const segments = [start * 8, ...splits].map((from, i) => ({ from, to: splits[i] ?? null }));

  // Later segments run at the same time and keep their output until it is their turn.
  const budget = { left: isize };
  const kept = segments.slice(1).map(() => new KeptOutput(budget));
  const later = kept.map((k, i) => inflateSegment(fh, fileSize, segments[i + 1].from, segments[i + 1].to, new Uint8Array(WINDOW), (c) => k.add(c), signal, onInput));
  later.forEach((job) => job.catch(() => controller.abort())); // one failure stops the others

  /**
   * While segment 0 still inflates: once segments i+1… have all finished, where segment i+1's
   * output goes is known from the trailer's length (checked at the end with the CRC), and the part
   * of it that is exact whatever the true window (it converges for two different stand-ins) can
   * go to the sink early and be checksummed now. In slices, so segment 0 keeps being served.
   */
  const settle = async (i: number): Promise<Settled | null> => {
    const k = kept[i];
    const seg = segments[i + 1];
    const head = await convergedHead(fh, fileSize, seg.from, seg.to, new Uint8Array(WINDOW).fill(0xff), k, PARALLEL_GUNZIP.fixupBytes);
    if (!head) return null;
    const offset = isize - kept.slice(i).reduce((sum, segment) => sum + segment.bytes, 0);
    if (offset < 0) return null;
    let tailCrc = 0;
    let at = head.length;
    for (const piece of k.pieces(head.length, Infinity, EARLY_SLICE)) {
      if (signal.aborted) return null;
      tailCrc = crc32(piece, tailCrc);
      sink.early?.(offset + at, piece);
      at += piece.length;
      await nextTurn();
    }
    return { exactFrom: head.length, crc: tailCrc };
  };
  const settled = kept.map((_, i) =>
    Promise.all(later.slice(i)).then(
      () => settle(i).catch(() => null),
      () => null,
    ),
  );

  try {
    await first;
    for (let i = 0; i < kept.length; i++) {
      await later[i];
      const k = kept[i];
      const head = await convergedHead(fh, fileSize, segments[i + 1].from, segments[i + 1].to, tail.get(), k, PARALLEL_GUNZIP.fixupBytes);
      if (!head) return 'fallback';
      const known = await settled[i];
      if (known) {
        // true output = its first exactFrom bytes (the true head, then kept bytes up to there) + the exact rest
        const q = known.exactFrom;
        if (head.length >= q) emit(head.subarray(0, q));
        else {
          emit(head);
          for (const piece of k.pieces(head.length, q - head.length)) emit(piece);
        }
        for (const piece of k.pieces(q)) deliver(piece);
        crc = crc32Combine(crc, known.crc, k.bytes - q);
      } else {
        emit(head);
        for (const piece of k.pieces(head.length)) emit(piece);
      }
      k.chunks.length = 0; // delivered: let it go
    }
    return total === isize && crc === trailer.crc ? 'done' : 'fallback';
  } catch (e) {
    if (opts.signal?.aborted) throw e; // cancelled by the user, not by a failing segment
    return 'fallback';
  } finally {
    controller.abort();
    await Promise.allSettled([first, ...later, ...settled]);
  }
}
