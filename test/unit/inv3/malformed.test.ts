/**
 * Hostile and broken inputs, generated here in a temp dir. Each must end in ONE line of
 * ScanError naming the file and the problem, quickly, without writing anything anywhere.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readInv3 } from '../../../src/main/scan/inv3';
import { ScanError } from '../../../src/main/scan/errors';
import { INV3_GZ, INV3_PLAIN } from '../data';
import { mainPlist, paxMember, plistBytes, projectTar, tarEnd, tarHeader, tarMember, tempDir } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const shape: [number, number, number] = [2, 3, 4];
const volume = Int16Array.from({ length: 24 }, (_, i) => i);

async function rejects(name: string, bytes: Uint8Array, reason: RegExp): Promise<ScanError> {
  const file = tmp.file(name, bytes);
  const before = readdirSync(tmp.dir).sort();
  const err = await readInv3(file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${name} should be refused`).toBeInstanceOf(ScanError);
  const scan = err as ScanError;
  expect(scan.file).toBe(file);
  expect(scan.message.startsWith(`${file}: `)).toBe(true);
  expect(scan.message).not.toMatch(/\n/);
  expect(scan.reason).toMatch(reason);
  expect(readdirSync(tmp.dir).sort()).toEqual(before); // nothing extracted next to the input
  return scan;
}

const withMain = (overrides: Record<string, unknown>) => projectTar({ shape, volume, main: overrides });

describe('containers', () => {
  it('truncated gzip and truncated tar', async () => {
    const gz = readFileSync(INV3_GZ);
    await rejects('trunc.gz.inv3', gz.subarray(0, gz.length >> 1), /gzip stream is truncated/);
    await rejects('trunc-tail.gz.inv3', gz.subarray(0, gz.length - 4), /gzip stream is truncated/);
    const tar = readFileSync(INV3_PLAIN);
    await rejects('trunc.inv3', tar.subarray(0, tar.length >> 1), /truncated/);
    await rejects('trunc-header.inv3', tar.subarray(0, 1024 + 300), /truncated/);
    await rejects('trunc-synthetic.gz.inv3', gzipSync(withMain({}).subarray(0, 2000)), /truncated/);
  });

  it('neither gzip nor tar, corrupt gzip, bad checksum, duplicate members, too many members', async () => {
    await rejects('junk.inv3', Buffer.from('hello'), /neither a gzip nor a tar/);
    const gz = Buffer.from(readFileSync(INV3_GZ));
    gz[5000] ^= 0xff;
    await rejects('flip.gz.inv3', gz, /gzip stream is corrupt|checksum|truncated/);
    const tar = withMain({});
    tar[100] ^= 1; // mode field of the first header
    await rejects('checksum.inv3', tar, /checksum mismatch/);
    const dup = Buffer.concat([tarMember('a/main.plist', Buffer.from('x')), tarMember('b/main.plist', Buffer.from('y')), tarEnd()]);
    await rejects('dup.inv3', dup, /'main\.plist' twice/);
    const longPax = Buffer.concat([tarMember('././@PaxHeader', Buffer.concat([Buffer.alloc(899_999, 0x31), Buffer.from(' ')]), { typeflag: 'x' }), tarMember('a', Buffer.from('x')), tarEnd()]);
    await rejects('pax-junk.inv3', longPax, /malformed PAX extended header/);
    const many = Buffer.concat([...Array.from({ length: 10_001 }, (_, i) => tarHeader({ name: `f${i}`, size: 0 })), tarEnd()]);
    await rejects('many.inv3', many, /more than 10000 members/);
  });

  it('refuses tar-slip names and links, whichever way the name is given', async () => {
    const data = Buffer.from('x');
    await rejects('slip.inv3', Buffer.concat([tarMember('../x', data), tarEnd()]), /'\.\.\/x' points outside/);
    await rejects('slip2.inv3', Buffer.concat([tarMember('tmp/../../main.plist', data), tarEnd()]), /points outside/);
    await rejects('abs.inv3', Buffer.concat([tarMember('/abs', data), tarEnd()]), /'\/abs' has an absolute path/);
    await rejects('pax-abs.inv3', Buffer.concat([paxMember({ path: '/etc/passwd' }), tarMember('ok', data), tarEnd()]), /absolute path/);
    const gnu = Buffer.concat([tarMember('././@LongLink', Buffer.from('../../evil\0'), { typeflag: 'L', magic: 'gnu' }), tarMember('ok', data, { magic: 'gnu' }), tarEnd()]);
    await rejects('gnu-slip.inv3', gnu, /points outside/);
    await rejects('symlink.inv3', Buffer.concat([tarMember('tmp/main.plist', Buffer.alloc(0), { typeflag: '2', linkname: '/etc/passwd' }), tarEnd()]), /symbolic link/);
    await rejects('hardlink.inv3', Buffer.concat([tarMember('tmp/matrix.dat', Buffer.alloc(0), { typeflag: '1', linkname: 'x' }), tarEnd()]), /hard link/);
    await rejects('fifo.inv3', Buffer.concat([tarMember('tmp/fifo', Buffer.alloc(0), { typeflag: '6' }), tarEnd()]), /unsupported tar type/);
    // The same in gzip form goes through the streaming parser.
    await rejects('slip.gz.inv3', gzipSync(Buffer.concat([tarMember('../x', data), tarEnd()])), /points outside/);
    await rejects('symlink.gz.inv3', gzipSync(Buffer.concat([tarMember('t/a', Buffer.alloc(0), { typeflag: '2' }), tarEnd()])), /symbolic link/);
  });

  it('missing main.plist (pre-2012 layout) in both containers', async () => {
    const old = projectTar({ shape, volume, omitMain: true, members: { 'matrix.dat.plist': plistBytes({ name: 'x' }) } });
    await rejects('old.inv3', old, /no main\.plist.*pre-2012/);
    await rejects('old.gz.inv3', gzipSync(old), /no main\.plist/);
  });
});

describe('main.plist validation', () => {
  it('shape/size mismatch, absurd and overflowing shapes, unknown dtype, bad spacing, missing member', async () => {
    await rejects('mismatch.inv3', withMain({ matrix: { dtype: 'int16', filename: 'matrix.dat', shape: [2, 3, 5] } }), /has 48 bytes, but shape \[2, 3, 5\] of int16 needs 60/);
    await rejects('absurd.inv3', withMain({ matrix: { dtype: 'int16', filename: 'matrix.dat', shape: [1e6, 1e6, 1e6] } }), /absurdly large/);
    await rejects('overflow.inv3', withMain({ matrix: { dtype: 'int16', filename: 'matrix.dat', shape: [2 ** 53, 2, 2] } }), /not 3 positive integers|absurdly large/);
    await rejects('negative.inv3', withMain({ matrix: { dtype: 'int16', filename: 'matrix.dat', shape: [-2, 3, 4] } }), /not 3 positive integers/);
    await rejects('fraction.inv3', withMain({ matrix: { dtype: 'int16', filename: 'matrix.dat', shape: [2.5, 3, 4] } }), /not 3 positive integers/);
    await rejects('two.inv3', withMain({ matrix: { dtype: 'int16', filename: 'matrix.dat', shape: [2, 12] } }), /not a list of 3 integers/);
    await rejects('dtype.inv3', withMain({ matrix: { dtype: 'float64', filename: 'matrix.dat', shape } }), /dtype 'float64' is not supported/);
    await rejects('dtype-be.inv3', withMain({ matrix: { dtype: '>i2', filename: 'matrix.dat', shape } }), /dtype '>i2' is not supported/);
    await rejects('spacing.inv3', withMain({ spacing: [1, 0, 1] }), /spacing .* positive/);
    await rejects('spacing-inf.inv3', projectTar({ shape, volume, editMain: (x) => x.replace('<real>2.5</real>', '<real>inf</real>') }), /'spacing' is not a list of 3 finite numbers/);
    await rejects('no-matrix.inv3', withMain({ matrix: { dtype: 'int16', filename: 'matrix_v9.dat', shape } }), /'matrix_v9\.dat', which the archive does not hold/);
    await rejects('path-matrix.inv3', withMain({ matrix: { dtype: 'int16', filename: '../matrix.dat', shape } }), /not a plain file name/);
    await rejects('no-window.inv3', projectTar({ shape, volume, editMain: (x) => x.replace('<key>window_width</key>', '<key>nope</key>') }), /'window_width' is missing/);
    await rejects('old-version.inv3', withMain({ format_version: 0.5 }), /format_version 0\.5/);
  });

  it('binary plists, malformed XML, entity tricks', async () => {
    const binary = projectTar({ shape, volume, editMain: () => 'bplist00\u0000\u0001garbage' });
    await rejects('bplist.inv3', binary, /binary plist/);
    await rejects('xml.inv3', projectTar({ shape, volume, editMain: (x) => x.replace('</dict>', '') }), /not a valid XML plist/);
    await rejects('notplist.inv3', projectTar({ shape, volume, editMain: () => '<html><body/></html>' }), /not a valid XML plist/);
    await rejects('array.inv3', projectTar({ shape, volume, editMain: () => '<plist><array/></plist>' }), /does not hold a dictionary/);
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><plist><string>&d;&d;&d;</string></plist>';
    await rejects('laughs.inv3', projectTar({ shape, volume, editMain: () => laughs }), /declares XML entities/);
    const external = '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><plist><dict><key>name</key><string>&xxe;</string></dict></plist>';
    await rejects('xxe.inv3', projectTar({ shape, volume, editMain: () => external }), /declares XML entities/);
    await rejects('subset.inv3', projectTar({ shape, volume, editMain: (x) => x.replace(/<!DOCTYPE plist[^>]*>/, '<!DOCTYPE plist [ <!ELEMENT plist ANY> ]>') }), /internal subset/);
    await rejects('undeclared.inv3', projectTar({ shape, volume, editMain: (x) => x.replace('SYNTH', '&xxe;') }), /unknown XML entity/);
    const latin1 = Buffer.from(plistBytes(mainPlist(shape)).toString('utf8').replace('SYNTH', 'S\u00ff'), 'latin1');
    await rejects('latin1.inv3', projectTar({ shape, volume, omitMain: true, members: { 'main.plist': latin1 } }), /not valid UTF-8/);
    await rejects('proto.inv3', projectTar({ shape, volume, editMain: (x) => x.replace('<key>name</key>', '<key>__proto__</key>') }), /not a valid XML plist|'name' is missing/);
    // a normal Apple DOCTYPE (external DTD reference, never fetched) is fine
    const ok = projectTar({ shape, volume });
    expect(ok.toString('latin1')).toContain('<!DOCTYPE plist PUBLIC');
    expect((await readInv3(tmp.file('ok.inv3', ok))).shape).toEqual(shape);
  });

  it('an oversized main.plist is refused before it is read', async () => {
    const huge = projectTar({ shape, volume, editMain: (x) => x.replace('<dict>', `<dict><key>pad</key><string>${'x'.repeat(5 * 1024 * 1024)}</string>`) });
    await rejects('bigplist.inv3', huge, /more than the 4194304-byte limit|too large/);
  });
});

/** Peak growth of ArrayBuffer memory (Buffers, typed arrays) while `run` works, sampled every 5 ms. */
async function peakBufferGrowth(run: () => Promise<unknown>): Promise<number> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 5);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().arrayBuffers) - base;
}

describe('gzip bombs (built by streaming zeros through deflate, never materialised)', () => {
  const MiB = 1024 * 1024;
  // One gzip member holding 64 MiB of zeros (~65 KB); concatenated members are one valid gzip stream.
  const zeros64 = gzipSync(Buffer.alloc(64 * MiB), { level: 9 });
  const gzHeader = (name: string, size: number) => gzipSync(tarHeader({ name, size }));

  it('a member declaring 4 GiB in a ~4 MB file fails at its header', async () => {
    const bomb = Buffer.concat([gzHeader('tmp/matrix.dat', 4 * 1024 * MiB), ...Array(64).fill(zeros64)]);
    expect(bomb.length).toBeLessThan(5 * MiB);
    await rejects('bomb-declared.inv3', bomb, /decompression bomb/);
  });

  it('many honest-looking 64 MiB members of zeros fail once the cap is reached', async () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < 32; i++) parts.push(gzHeader(`tmp/junk_${i}.bin`, 64 * MiB), zeros64); // 2 GiB in ~2 MB
    const growth = await peakBufferGrowth(() => rejects('bomb-members.inv3', Buffer.concat(parts), /decompression bomb/));
    expect(growth).toBeLessThan(128 * MiB); // streamed, not kept (~30 MiB here): far below the ~450 MB inflated
  });

  it('zeros after the end of a valid archive are not inflated: the project opens', async () => {
    const project = gzipSync(projectTar({ shape, volume }));
    const file = tmp.file('bomb-tail.inv3', Buffer.concat([project, ...Array(32).fill(zeros64)]));
    expect((await readInv3(file)).shape).toEqual(shape);
  });

  it('junk appended after the gzip stream is refused clearly (Python tarfile would not notice it)', async () => {
    const project = gzipSync(projectTar({ shape, volume }));
    await rejects('junk-tail.inv3', Buffer.concat([project, Buffer.from('trailing junk, not gzip')]), /gzip stream is corrupt \(incorrect header check\)/);
  });

  it('pure zeros: an empty archive, no main.plist', async () => {
    await rejects('bomb-zeros.inv3', Buffer.concat(Array(64).fill(zeros64)), /no main\.plist/);
  });
});
