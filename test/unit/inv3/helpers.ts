/**
 * Test helpers: a tiny tar WRITER (so tests can build archives with exactly the headers
 * they want, hostile ones included), a synthetic-project builder, and a temp-dir helper.
 * Independent of the reader under test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { build } from 'plist';

export interface HeaderOptions {
  name: string;
  size: number;
  typeflag?: string;
  linkname?: string;
  /** 'ustar' (POSIX) or 'gnu' ("ustar  \0"). */
  magic?: 'ustar' | 'gnu';
  /** Write the size in GNU base-256 instead of octal. */
  base256?: boolean;
  /** Override the computed checksum. */
  checksum?: number;
}

function putString(block: Buffer, offset: number, length: number, text: string): void {
  Buffer.from(text, 'utf8').copy(block, offset, 0, length);
}

function putOctal(block: Buffer, offset: number, length: number, value: number): void {
  putString(block, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

export function tarHeader(o: HeaderOptions): Buffer {
  const block = Buffer.alloc(512);
  putString(block, 0, 100, o.name);
  putOctal(block, 100, 8, 0o644);
  putOctal(block, 108, 8, 1000);
  putOctal(block, 116, 8, 1000);
  if (o.base256) {
    block[124] = 0x80;
    let v = o.size;
    for (let i = 135; i > 124; i--) {
      block[i] = v % 256;
      v = Math.floor(v / 256);
    }
  } else {
    putOctal(block, 124, 12, o.size);
  }
  putOctal(block, 136, 12, 1_700_000_000);
  block[156] = (o.typeflag ?? '0').charCodeAt(0);
  putString(block, 157, 100, o.linkname ?? '');
  if (o.magic === 'gnu') putString(block, 257, 8, 'ustar  \0');
  else {
    putString(block, 257, 6, 'ustar\0');
    putString(block, 263, 2, '00');
  }
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  putString(block, 148, 8, (o.checksum ?? sum).toString(8).padStart(6, '0') + '\0 ');
  return block;
}

const pad = (n: number) => Buffer.alloc((512 - (n % 512)) % 512);

export function tarMember(name: string, data: Uint8Array, extra: Partial<HeaderOptions> = {}): Buffer {
  return Buffer.concat([tarHeader({ name, size: data.length, ...extra }), data, pad(data.length)]);
}

/** A PAX record set as an `x` (or `g`) member. */
export function paxMember(records: Record<string, string>, typeflag: 'x' | 'g' = 'x'): Buffer {
  const lines = Object.entries(records).map(([k, v]) => {
    const body = ` ${k}=${v}\n`;
    let len = body.length + 1;
    while (`${len}${body}`.length !== len) len = `${len}${body}`.length;
    return `${len}${body}`;
  });
  return tarMember('././@PaxHeader', Buffer.from(lines.join(''), 'utf8'), { typeflag });
}

export const tarEnd = () => Buffer.alloc(1024);

export function sha256(a: ArrayBufferView): string {
  return createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');
}

export function tempDir(): { dir: string; file: (name: string, data: Uint8Array) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hf-inv3-'));
  return {
    dir,
    file: (name, data) => {
      const p = path.join(dir, name);
      writeFileSync(p, data);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface SyntheticProject {
  shape: [number, number, number];
  volume: Int16Array;
  masks?: { raw: Uint8Array; plist: Record<string, unknown> }[];
  main?: Record<string, unknown>;
  /** Extra or replacement members (name → bytes), added before main.plist. */
  members?: Record<string, Uint8Array>;
  omitMain?: boolean;
  /** Edit main.plist's XML text before it is stored. */
  editMain?: (xml: string) => string;
}

/** main.plist as InVesalius writes it (mixed integer/real numbers are fine for the reader). */
export function mainPlist(shape: [number, number, number], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    affine: '',
    annotations: {},
    compress: false,
    format_version: 1.1,
    invesalius_version: '3.1.99998',
    masks: {},
    matrix: { dtype: 'int16', filename: 'matrix.dat', shape },
    measurements: 'measurements.plist',
    modality: 'CT',
    name: 'SYNTH ',
    orientation: 1,
    scalar_range: [-1000, 1000],
    spacing: [0.5, 0.75, 2.5],
    surfaces: {},
    window_level: 40.5,
    window_width: 400.5,
    date: '2026-11-23T23:15:12.998860',
    ...overrides,
  };
}

export function plistBytes(value: unknown): Buffer {
  return Buffer.from(build(value as Parameters<typeof build>[0]), 'utf8');
}

/** A plain tar of a synthetic project: members under a random-looking folder, main.plist last. */
export function projectTar(p: SyntheticProject): Buffer {
  const dir = 'tmpab12cd34/';
  const parts: Buffer[] = [];
  const add = (name: string, data: Uint8Array) => {
    parts.push(paxMember({ mtime: '1795475597.822511' }));
    parts.push(tarMember(dir + name, data));
  };
  const members: Record<string, Uint8Array> = {
    'matrix.dat': new Uint8Array(p.volume.buffer, p.volume.byteOffset, p.volume.byteLength),
  };
  const masks: Record<string, string> = {};
  (p.masks ?? []).forEach((m, n) => {
    members[`mask_${n}.dat`] = m.raw;
    members[`mask_${n}.plist`] = plistBytes({ mask_file: `mask_${n}.dat`, ...m.plist });
    masks[String(n)] = `mask_${n}.plist`;
  });
  Object.assign(members, p.members ?? {});
  for (const [name, data] of Object.entries(members)) add(name, data);
  if (!p.omitMain) {
    // scalar_range as InVesalius computes it, so that only tests that want a mismatch get one
    const range = p.volume.reduce(([lo, hi], v) => [Math.min(lo, v), Math.max(hi, v)], [Infinity, -Infinity]);
    if (!p.volume.length) range.splice(0, 2, 0, 0);
    const xml = plistBytes(mainPlist(p.shape, { masks, scalar_range: range, ...p.main })).toString('utf8');
    add('main.plist', Buffer.from(p.editMain ? p.editMain(xml) : xml, 'utf8'));
  }
  parts.push(tarEnd());
  return Buffer.concat(parts);
}

export const gzip = (b: Uint8Array) => gzipSync(b, { level: 1 });

export interface VtpOptions {
  points: number[][];
  polys: number[][];
  normals?: number[][];
  pointType?: 'Float32' | 'Float64';
  /** Uncompressed bytes per zlib block (VTK uses 32 KiB); small values force many blocks. */
  blockSize?: number;
}

/** A VTK XML PolyData file the way vtkXMLPolyDataWriter writes it (binary, zlib, UInt32 headers). */
export function vtpFile(o: VtpOptions): Buffer {
  const block = o.blockSize ?? 32768;
  const encode = (raw: Buffer) => {
    const blocks: Buffer[] = [];
    for (let at = 0; at < raw.length; at += block) blocks.push(deflateSync(raw.subarray(at, at + block)));
    const last = raw.length % block;
    const header = Buffer.alloc(4 * (3 + blocks.length));
    header.writeUInt32LE(blocks.length, 0);
    header.writeUInt32LE(block, 4);
    header.writeUInt32LE(last, 8);
    blocks.forEach((b, i) => header.writeUInt32LE(b.length, 12 + 4 * i));
    return header.toString('base64') + Buffer.concat(blocks).toString('base64');
  };
  const floats = (values: number[], type: string) =>
    Buffer.from((type === 'Float64' ? Float64Array.from(values) : Float32Array.from(values)).buffer);
  const int64 = (values: number[]) => Buffer.from(BigInt64Array.from(values.map(BigInt)).buffer);
  const pointType = o.pointType ?? 'Float32';
  const offsets: number[] = [];
  let end = 0;
  for (const p of o.polys) offsets.push((end += p.length));
  const array = (type: string, name: string, comps: number, raw: Buffer) =>
    `<DataArray type="${type}" Name="${name}" NumberOfComponents="${comps}" format="binary">\n          ${encode(raw)}\n        </DataArray>`;
  return Buffer.from(`<?xml version="1.0"?>
<VTKFile type="PolyData" version="0.1" byte_order="LittleEndian" header_type="UInt32" compressor="vtkZLibDataCompressor">
  <PolyData>
    <Piece NumberOfPoints="${o.points.length}" NumberOfVerts="0" NumberOfLines="0" NumberOfStrips="0" NumberOfPolys="${o.polys.length}">
      <PointData Normals="Normals">
        ${o.normals ? array('Float32', 'Normals', 3, floats(o.normals.flat(), 'Float32')) : ''}
      </PointData>
      <Points>
        ${array(pointType, 'Points', 3, floats(o.points.flat(), pointType))}
      </Points>
      <Polys>
        ${array('Int64', 'connectivity', 1, int64(o.polys.flat()))}
        ${array('Int64', 'offsets', 1, int64(offsets))}
      </Polys>
    </Piece>
  </PolyData>
</VTKFile>
`);
}
