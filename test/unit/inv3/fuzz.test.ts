/**
 * Seeded fuzzing of the REAL archives: bit flips, byte runs, truncations, tar header-field
 * edits (with and without a fixed-up checksum) and plist value edits. The reader must either
 * return a sane Volume or throw ScanError — any other exception, or a hang, is a bug.
 * Deterministic: the same seed gives the same cases, and a failure names its case.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Parser } from 'tar';
import { readInv3 } from '../../../src/main/scan/inv3';
import { ScanError } from '../../../src/main/scan/errors';
import type { Volume } from '../../../src/shared/volume';
import { INV3_GZ, INV3_PLAIN } from '../data';
import { paxMember, tarEnd, tarMember, tempDir } from './helpers';

const FUZZ_SEED = 20261124;

/** mulberry32: tiny, seedable, good enough to pick mutations. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
  };
}
type Rng = ReturnType<typeof rng>;

/** Extract members with the npm `tar` parser (independent of the reader under test). */
function members(tar: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const p = new Parser({
    onReadEntry: (e) => {
      const parts: Buffer[] = [];
      e.on('data', (d: Buffer) => parts.push(d));
      e.on('end', () => out.set(e.path.split('/').pop() as string, Buffer.concat(parts)));
    },
  });
  p.end(tar);
  return out;
}

/** Offsets of tar header blocks and of small (plist / vtp) member data in a plain archive. */
interface Layout {
  headers: number[];
  metaRanges: [number, number][];
}

function layout(tar: Buffer): Layout {
  const headers: number[] = [];
  const metaRanges: [number, number][] = [];
  let pos = 0;
  while (pos + 512 <= tar.length && tar[pos] !== 0) {
    headers.push(pos);
    const size = parseInt(tar.toString('latin1', pos + 124, pos + 135), 8);
    const name = tar.toString('latin1', pos, pos + 100).replace(/\0.*$/s, '');
    if (!name.endsWith('.dat')) metaRanges.push([pos + 512, pos + 512 + size]);
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return { headers, metaRanges };
}

function fixChecksum(buf: Buffer, at: number): void {
  buf.fill(0x20, at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + 512; i++) sum += buf[i];
  buf.write(sum.toString(8).padStart(6, '0') + '\0 ', at + 148, 'latin1');
}

const NUMBERS = ['-1', '0', '1e308', 'nan', 'inf', '99999999999999999999', '2.5', '', 'x', '65536', '-32769'];
const TYPEFLAGS = ['0', '1', '2', '5', '6', 'x', 'g', 'L', 'K', '7', 'S', '\0'];
const NAMES = ['../x', '/abs/main.plist', 'a/../../main.plist', 'tmp/main.plist', 'tmp/matrix.dat', 'C:\\x', '', 'tmp/mask_0.dat'];

/** One mutation of a plain tar; returns the mutated copy and a description. */
function mutatePlain(base: Buffer, lay: Layout, r: Rng): [Buffer, string] {
  const buf = Buffer.from(base);
  const inMeta = () => {
    const [a, b] = r.pick(lay.metaRanges);
    return a + r.int(Math.max(1, b - a));
  };
  const anywhere = () => r.int(buf.length);
  const where = () => (r.next() < 0.6 ? inMeta() : r.next() < 0.5 ? r.pick(lay.headers) + r.int(512) : anywhere());
  switch (r.int(6)) {
    case 0: {
      const flips = 1 + r.int(8);
      const at: number[] = [];
      for (let i = 0; i < flips; i++) {
        const p = where();
        buf[p] ^= 1 << r.int(8);
        at.push(p);
      }
      return [buf, `bitflips at ${at.join(',')}`];
    }
    case 1: {
      const p = where();
      const len = 1 + r.int(64);
      const value = r.int(256);
      for (let i = p; i < Math.min(buf.length, p + len); i++) buf[i] = r.next() < 0.5 ? value : r.int(256);
      return [buf, `byte run at ${p} len ${len}`];
    }
    case 2: {
      const cut = r.next() < 0.5 ? where() : anywhere();
      return [buf.subarray(0, cut), `truncated at ${cut}`];
    }
    case 3: {
      const h = r.pick(lay.headers);
      const field = r.int(4);
      if (field === 0) buf.write(r.int(2) ? r.int(2 ** 33).toString(8).padStart(11, '0') : r.pick(NUMBERS).padEnd(11, ' '), h + 124, 11, 'latin1');
      else if (field === 1) buf.write(r.pick(TYPEFLAGS), h + 156, 1, 'latin1');
      else if (field === 2) {
        buf.fill(0, h, h + 100);
        buf.write(r.pick(NAMES), h, 100, 'utf8');
      } else {
        buf[h + 124] = 0x80; // base-256 size
        for (let i = 125; i < 136; i++) buf[h + i] = r.int(4) === 0 ? r.int(256) : 0;
      }
      const fixed = r.next() < 0.8;
      if (fixed) fixChecksum(buf, h);
      return [buf, `header ${h} field ${field}${fixed ? ' (checksum fixed)' : ''}`];
    }
    default: {
      // plist edit: replace the text of a random <integer>/<real>/<string> with junk of the same length
      const [a, b] = r.pick(lay.metaRanges);
      const text = buf.toString('latin1', a, b);
      const tags = [...text.matchAll(/<(integer|real|string)>([^<]*)<\//g)];
      if (!tags.length) return [buf, 'no-op'];
      const m = r.pick(tags);
      const start = a + (m.index as number) + m[1].length + 2;
      const junk = r.pick(NUMBERS).padEnd(m[2].length, ' ').slice(0, Math.max(m[2].length, 1));
      buf.write(junk.slice(0, m[2].length), start, 'latin1');
      return [buf, `plist value at ${start} → '${junk}'`];
    }
  }
}

/** Flip, overwrite or cut compressed bytes. */
function mutateCompressed(base: Buffer, r: Rng, focus: number): [Buffer, string] {
  const buf = Buffer.from(base);
  const p = r.next() < 0.7 ? r.int(Math.min(focus, buf.length)) : r.int(buf.length);
  switch (r.int(3)) {
    case 0:
      buf[p] ^= 1 << r.int(8);
      return [buf, `gz bitflip at ${p}`];
    case 1:
      for (let i = p; i < Math.min(buf.length, p + 1 + r.int(16)); i++) buf[i] = r.int(256);
      return [buf, `gz byte run at ${p}`];
    default:
      return [buf.subarray(0, p), `gz truncated at ${p}`];
  }
}

function checkVolume(v: Volume): void {
  const [z, y, x] = v.shape;
  expect(v.data.length).toBe(z * y * x);
  expect(v.data.buffer).toBeInstanceOf(SharedArrayBuffer);
  expect(v.spacing.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
  expect(v.voxelToPatient.every(Number.isFinite)).toBe(true);
  for (const m of v.masks) expect(m.data.length).toBe(v.data.length);
  for (const s of v.surfaces) {
    expect(s.indices.length % 3).toBe(0);
    const points = s.positions.length / 3;
    let max = -1;
    for (const i of s.indices) if (i > max) max = i;
    expect(max).toBeLessThan(points);
  }
  for (const m of v.measurements) expect(Number.isFinite(m.value)).toBe(true);
}

describe('seeded fuzzing of the real archives', () => {
  const tmp = tempDir();
  const failures: string[] = [];
  let cases = 0;
  let opened = 0;

  beforeAll(() => {
    // xmldom reports recoverable XML problems on the console; thousands of them are noise here
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterAll(() => {
    vi.restoreAllMocks();
    tmp.cleanup();
  });

  async function run(label: string, bytes: Uint8Array): Promise<void> {
    cases++;
    const file = tmp.file('case.inv3', bytes);
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('HANG (no result in 20 s)')), 20_000);
    });
    try {
      const v = await Promise.race([readInv3(file), hang]);
      checkVolume(v);
      opened++;
    } catch (e) {
      if (!(e instanceof ScanError)) failures.push(`${label}: ${e instanceof Error ? e.stack?.split('\n').slice(0, 3).join(' | ') : String(e)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A smaller project made of the gz file's real members: 2 slices, 2 masks, the Bone surface, measurements. */
  function reducedProject(): Buffer {
    const m = members(gunzipSync(readFileSync(INV3_GZ)));
    const slices = 2;
    const plane = 513 * 513;
    const matrix = m.get('matrix.dat')!.subarray(0, slices * 512 * 512 * 2);
    const voxels = new Int16Array(matrix.buffer.slice(matrix.byteOffset, matrix.byteOffset + matrix.length));
    const [lo, hi] = voxels.reduce(([a, b], v) => [Math.min(a, v), Math.max(b, v)], [Infinity, -Infinity]);
    const main = m
      .get('main.plist')!
      .toString('utf8')
      .replace(/(<key>shape<\/key>\s*<array>\s*<integer>)28(<\/integer>)/, `$1${slices}$2`)
      .replace(/(<key>scalar_range<\/key>\s*<array>\s*<integer>)-1024(<\/integer>\s*<integer>)782(<\/integer>)/, `$1${lo}$2${hi}$3`)
      .replace(/<key>1<\/key>\s*<string>surface_1\.plist<\/string>/, '');
    const maskPlist = (name: string) => Buffer.from(m.get(name)!.toString('utf8').replace(/(<key>mask_shape<\/key>\s*<array>\s*<integer>)29(<\/integer>)/, `$1${slices + 1}$2`));
    const parts: Buffer[] = [];
    const add = (name: string, data: Uint8Array) => parts.push(paxMember({ mtime: '1795475597.8' }), tarMember(`tmpfuzz/${name}`, data));
    add('matrix.dat', matrix);
    for (const n of [0, 1]) {
      add(`mask_${n}.dat`, m.get(`mask_${n}.dat`)!.subarray(0, (slices + 1) * plane));
      add(`mask_${n}.plist`, maskPlist(`mask_${n}.plist`));
    }
    add('surface_0.vtp', m.get('surface_0.vtp')!);
    add('surface_0.plist', m.get('surface_0.plist')!);
    add('measurements.plist', m.get('measurements.plist')!);
    add('main.plist', Buffer.from(main));
    parts.push(tarEnd());
    return Buffer.concat(parts);
  }

  it('the reduced project built from real members opens cleanly (fuzz baseline)', async () => {
    const v = await readInv3(tmp.file('reduced.inv3', reducedProject()));
    expect(v.shape).toEqual([2, 512, 512]);
    expect(v.masks).toHaveLength(2);
    expect(v.surfaces.map((s) => s.positions.length / 3)).toEqual([38_377]);
    expect(v.measurements).toHaveLength(2);
    expect(v.meta.warnings).toEqual([]);
  });

  it('≥ 1,000 mutated archives: only ScanError, never a crash or a hang', async () => {
    const r = rng(FUZZ_SEED);
    const plainPitch = readFileSync(INV3_PLAIN);
    const pitchLayout = layout(plainPitch);
    const reduced = reducedProject();
    const reducedLayout = layout(reduced);
    const reducedGz = gzipSync(reduced, { level: 6 });
    const realGz = readFileSync(INV3_GZ);

    for (let i = 0; i < 400; i++) {
      const [bytes, what] = mutatePlain(plainPitch, pitchLayout, r);
      await run(`pitch #${i} ${what}`, bytes);
    }
    for (let i = 0; i < 330; i++) {
      const [bytes, what] = mutatePlain(reduced, reducedLayout, r);
      await run(`reduced #${i} ${what}`, bytes);
    }
    for (let i = 0; i < 60; i++) {
      const [bytes, what] = mutatePlain(reduced, reducedLayout, r);
      await run(`reduced→gz #${i} ${what}`, gzipSync(bytes, { level: 1 }));
    }
    for (let i = 0; i < 180; i++) {
      const [bytes, what] = mutateCompressed(reducedGz, r, 4096);
      await run(`reduced.gz #${i} ${what}`, bytes);
    }
    for (let i = 0; i < 30; i++) {
      const [bytes, what] = mutateCompressed(realGz, r, 2048);
      await run(`real.gz #${i} ${what}`, bytes);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(1000);
    // The mutations must not all be trivially fatal: a good share still opens.
    expect(opened).toBeGreaterThan(50);
    expect(opened).toBeLessThan(cases);
  }, 240_000);
});
