/**
 * Multi-core gunzip (gzip-parallel.ts, deflate-boundary.ts): on the REAL InVesalius gzip project
 * and on synthetic streams. What must hold: the bytes are exactly zlib's, split anywhere and into
 * any number of parts; whatever the parallel path cannot do (stored blocks, several gzip members,
 * corruption) comes out through the sequential path, with its results and its errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { constants, crc32, deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { crc32Combine } from '../../../src/main/scan/inv3/crc32-combine';
import { findDynamicBlock, kraft, shiftBits } from '../../../src/main/scan/inv3/deflate-boundary';
import { deflateStart, readTrailer } from '../../../src/main/scan/inv3/gzip-member';
import { gunzipParallel, PARALLEL_GUNZIP } from '../../../src/main/scan/inv3/gzip-parallel';
import { collectMembers, openGzipTar } from '../../../src/main/scan/inv3/gzip-tar';
import { readInv3 } from '../../../src/main/scan/inv3';
import { CancelledError, ScanError } from '../../../src/main/scan/errors';
import { INV3_GZ, INV3_PLAIN, reference } from '../data';
import { sha256, tempDir } from './helpers';

const refGz = reference('inv3_philips-std-brain-5mm_bone-skin-surfaces-measures_gz.json');
const realGz = readFileSync(INV3_GZ);
const realTar = gunzipSync(realGz);
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Runs the parallel path over a file; returns its outcome and everything the sink received. */
async function parallel(file: string, parts: number, signal?: AbortSignal) {
  const fh = await open(file);
  try {
    const chunks: Uint8Array[] = [];
    const { size } = await fh.stat();
    const outcome = await gunzipParallel(fh, size, { onData: (c) => chunks.push(Uint8Array.from(c)), done: () => false }, { signal }, 1e12, parts);
    return { outcome, bytes: Buffer.concat(chunks) };
  } finally {
    await fh.close();
  }
}

const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('parallel gunzip of the real InVesalius project', () => {
  for (const parts of [2, 3, 4]) {
    it(`${parts} parts give exactly zlib's bytes`, async () => {
      const r = await parallel(INV3_GZ, parts);
      expect(r.outcome).toBe('done');
      expect(r.bytes.length).toBe(realTar.length);
      expect(digest(r.bytes)).toBe(digest(realTar));
    });
  }

  it('the volume read through it matches the reference sha256 and the sequential read', async () => {
    const fh = await open(INV3_GZ);
    try {
      const size = realGz.length;
      const bytes = refGz.member_sizes['matrix.dat'] as number;
      const par = await (await openGzipTar(fh, size, {}, undefined, { parts: 2 })).readVolume('matrix.dat', bytes);
      const seq = await (await openGzipTar(fh, size, {}, undefined, { parts: 1 })).readVolume('matrix.dat', bytes);
      expect(sha256(new Uint8Array(par))).toBe(sha256(new Uint8Array(seq)));
      const v = await readInv3(INV3_GZ);
      expect(sha256(new Uint8Array(par))).toBe(sha256(v.data));
      expect(sha256(v.data)).toBe(refGz.matrix.sha256_as_stored);
    } finally {
      await fh.close();
    }
  });

  it('segment heads that converge only late are re-inflated at growing lengths; never converging means fallback', async () => {
    const saved = { ...PARALLEL_GUNZIP };
    try {
      // 4 equal parts of this file: one segment's stand-in output differs from the truth for ~7 MB
      PARALLEL_GUNZIP.firstShare = 0.25;
      PARALLEL_GUNZIP.fixupBytes = [64 * 1024, 512 * 1024, 13 << 20];
      const grown = await parallel(INV3_GZ, 4);
      expect(grown.outcome).toBe('done');
      expect(digest(grown.bytes)).toBe(digest(realTar));
      PARALLEL_GUNZIP.fixupBytes = [64 * 1024];
      expect((await parallel(INV3_GZ, 4)).outcome).toBe('fallback');
    } finally {
      Object.assign(PARALLEL_GUNZIP, saved);
    }
  });

  it('bytes handed over early are exact and cover most of the later segment (segment 0 slowed down)', async () => {
    const fh = await open(INV3_GZ);
    try {
      const pieces: Array<{ offset: number; bytes: Uint8Array }> = [];
      const chunks: Uint8Array[] = [];
      const sink = {
        onData: (c: Uint8Array) => {
          chunks.push(Uint8Array.from(c));
          const until = performance.now() + 3; // a slow consumer: the later segment finishes first
          while (performance.now() < until);
        },
        done: () => false,
        early: (offset: number, bytes: Uint8Array) => pieces.push({ offset, bytes: Uint8Array.from(bytes) }),
      };
      expect(await gunzipParallel(fh, realGz.length, sink, {}, 1e12, 2)).toBe('done');
      expect(digest(Buffer.concat(chunks))).toBe(digest(realTar));
      const early = pieces.reduce((n, p) => n + p.bytes.length, 0);
      expect(early).toBeGreaterThan(realTar.length / 8); // the later half of the compressed bytes holds ~9 of 40 MB
      for (const p of pieces) expect(Buffer.compare(p.bytes, realTar.subarray(p.offset, p.offset + p.bytes.length))).toBe(0);
    } finally {
      await fh.close();
    }
  });

  it('a cancelled open stops with CancelledError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(parallel(INV3_GZ, 2, controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('the tar sink takes volume bytes early', () => {
  it('each volume byte is reported to prepare exactly once, and the volume is exact', async () => {
    const reports: Array<[number, number]> = [];
    const { sink, finish } = collectMembers(realGz.length, 1e12, (_buf, start, end) => reports.push([start, end]));
    const cut = Math.floor(realTar.length * 0.3);
    sink.onData(realTar.subarray(0, cut));
    // the rest arrives early in two overlapping-free pieces (as the parallel path sends it), then in order
    sink.early!(cut + 1000, realTar.subarray(cut + 1000, cut + 5_000_000));
    sink.early!(cut + 5_000_000, realTar.subarray(cut + 5_000_000));
    for (let at = cut; at < realTar.length; at += 1 << 20) sink.onData(realTar.subarray(at, Math.min(realTar.length, at + (1 << 20))));
    const volume = new Uint8Array(await finish().readVolume('matrix.dat', refGz.member_sizes['matrix.dat']));
    expect(sha256(volume)).toBe(refGz.matrix.sha256_as_stored);
    const count = new Uint8Array(volume.length);
    for (const [a, b] of reports) for (let i = a; i < b; i++) count[i]++;
    expect(count.every((c) => c === 1)).toBe(true);
  });
});

describe('what the parallel path cannot split, or leaves to the sequential one', () => {
  it('stored blocks only (gzip -0): no block header to split at, so segment 0 inflates it all (checked) ', async () => {
    const file = tmp.file('stored.inv3', gzipSync(realTar, { level: 0 }));
    const r = await parallel(file, 2);
    expect(r.outcome).toBe('done');
    expect(digest(r.bytes)).toBe(digest(realTar));
    const v = await readInv3(file);
    expect(sha256(v.data)).toBe(refGz.matrix.sha256_as_stored);
  });

  it('two gzip members back to back: the split lands in one of them, the sequential path reads both', async () => {
    const half = 512 * Math.floor(realTar.length / 1024);
    const file = tmp.file('members.inv3', Buffer.concat([gzipSync(realTar.subarray(0, half)), gzipSync(realTar.subarray(half))]));
    expect((await parallel(file, 2)).outcome).toBe('fallback');
    const v = await readInv3(file);
    expect(sha256(v.data)).toBe(refGz.matrix.sha256_as_stored);
  });

  it('a flipped byte in the second half: the sequential path reports the corrupt stream', async () => {
    const bad = Buffer.from(realGz);
    bad[Math.floor(bad.length * 0.8)] ^= 0x55;
    const file = tmp.file('flipped.inv3', bad);
    expect((await parallel(file, 2)).outcome).toBe('fallback');
    await expect(readInv3(file)).rejects.toThrow(ScanError);
    await expect(readInv3(file)).rejects.toThrow(/gzip stream is corrupt|corrupt|truncated/);
  });

  it('a wrong CRC in the trailer is caught (the same error as the sequential path)', async () => {
    const bad = Buffer.from(realGz);
    bad[bad.length - 6] ^= 0x01;
    const file = tmp.file('crc.inv3', bad);
    expect((await parallel(file, 2)).outcome).toBe('fallback');
    await expect(readInv3(file)).rejects.toThrow(/incorrect data check/);
  });

  it('a trailer that understates the length stops the kept output early (bounded memory)', async () => {
    const bad = Buffer.from(realGz);
    bad.writeUInt32LE(realTar.length >>> 4, bad.length - 4);
    const file = tmp.file('isize.inv3', bad);
    expect((await parallel(file, 2)).outcome).toBe('fallback');
  });
});

describe('deflate block boundaries', () => {
  const data = realTar.subarray(0, 8 << 20);
  const raw = deflateRawSync(data, { level: 9 });

  it('a found header is a real block start: inflating from it with the true window gives the true suffix', () => {
    for (const at of [0.3, 0.5, 0.7]) {
      const from = Math.floor(raw.length * at) * 8;
      const bit = findDynamicBlock(raw, from, from + 2 ** 20 * 8);
      expect(bit).toBeGreaterThanOrEqual(from);
      const head = inflateRawSync(raw.subarray(0, (bit + 7) >> 3), { finishFlush: constants.Z_SYNC_FLUSH });
      const tail = inflateRawSync(shiftBits(raw.subarray(bit >> 3), bit & 7), { dictionary: head.subarray(head.length - 32768) });
      expect(head.length + tail.length).toBe(data.length);
      expect(Buffer.compare(tail, data.subarray(head.length))).toBe(0);
    }
  });

  it('byte-aligned search only returns offsets on byte boundaries', () => {
    const bit = findDynamicBlock(raw, 8 * 1000, raw.length * 8, 8);
    expect(bit).toBeGreaterThan(0);
    expect(bit % 8).toBe(0);
  });

  it('random bytes hold (almost) no valid dynamic header', () => {
    const noise = randomBytes(64 * 1024);
    let hits = 0;
    for (let bit = 0; bit >= 0 && bit < noise.length * 8; bit++) {
      bit = findDynamicBlock(noise, bit, noise.length * 8);
      if (bit >= 0) hits++;
      else break;
    }
    expect(hits).toBeLessThan(3); // ~0.5 M offsets tried; real data has a header every ~20 KB
  });

  it('kraft tells complete, incomplete and over-subscribed codes apart', () => {
    expect(kraft([1, 1], 15)).toBe('complete');
    expect(kraft([1, 2, 2], 15)).toBe('complete');
    expect(kraft([2, 2, 2], 15)).toBe('incomplete');
    expect(kraft([1, 1, 1], 15)).toBe('over');
  });

  it('shiftBits moves every bit by exactly the shift, at any offset and length', () => {
    const src = randomBytes(4099);
    const bit = (b: Uint8Array, i: number) => (i >> 3 < b.length ? (b[i >> 3] >> (i & 7)) & 1 : 0);
    for (let shift = 0; shift < 8; shift++) {
      for (const [from, to] of [[0, 4099], [1, 4098], [3, 17], [5, 6]]) {
        const part = src.subarray(from, to);
        const expected = new Uint8Array(part.length);
        for (let i = 0; i < expected.length * 8; i++) expected[i >> 3] |= bit(part, i + shift) << (i & 7);
        expect(shiftBits(part, shift)).toEqual(expected);
        expect(shiftBits(part, shift, new Uint8Array(5000))).toEqual(expected); // into a reused buffer
      }
    }
  });
});

describe('crc32Combine', () => {
  it('gives the CRC of a concatenation from the parts, for any lengths', () => {
    for (const [a, b] of [[0, 0], [1, 0], [0, 1], [7, 5], [1000, 70_001], [1 << 20, (1 << 20) + 3], [3, 5_000_000]]) {
      const x = realTar.subarray(0, a);
      const y = realTar.subarray(a, a + b);
      expect(crc32Combine(crc32(x), crc32(y), b)).toBe(crc32(realTar.subarray(0, a + b)));
    }
  });
});

describe('gzip wrapper', () => {
  it('finds the deflate data after the optional header fields, and reads the trailer', () => {
    const start = deflateStart(realGz.subarray(0, 65536));
    expect(start).not.toBeNull();
    const body = inflateRawSync(realGz.subarray(start!, realGz.length - 8));
    expect(body.length).toBe(realTar.length);
    const t = readTrailer(realGz.subarray(realGz.length - 8));
    expect(t.isize).toBe(realTar.length);
    // header with FEXTRA, FNAME and FCOMMENT set
    const fancy = Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3, 0x61, 0, 0x62, 0x63, 0, 0xab]);
    expect(deflateStart(fancy)).toBe(fancy.length - 1);
    expect(deflateStart(Buffer.from([0x1f, 0x8b, 8, 0x20, 0, 0, 0, 0, 0, 3, 0]))).toBeNull(); // reserved flag
    expect(deflateStart(Buffer.from('not gzip at all'))).toBeNull();
  });

  it('small files skip the parallel path', async () => {
    expect(PARALLEL_GUNZIP.minFileBytes).toBeGreaterThan(1024);
    const file = tmp.file('small.inv3', gzipSync(readFileSync(INV3_PLAIN).subarray(0, 1 << 20)));
    expect((await parallel(file, 2)).outcome).toBe('fallback');
  });
});
