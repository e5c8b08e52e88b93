/**
 * The VTK XML PolyData that InVesalius writes (vtkXMLPolyDataWriter, binary mode):
 * inline base64, vtkZLibDataCompressor blocks, UInt32 (or UInt64) block headers, Float32
 * points/normals and Int64 connectivity/offsets (offsets are END indices). We locate the
 * few elements we need in the raw bytes (the file can be hundreds of MB, too big for one
 * JS string) and decode only those arrays.
 */
import { inflateSync } from 'node:zlib';
import { allocate, fail } from './format-error';

export interface PolyData {
  positions: Float32Array;
  normals?: Float32Array;
  /** Triangles, 3 indices each. */
  indices: Uint32Array;
}

interface Element {
  attrs: Map<string, string>;
  /** Byte range of the content between the start and end tags. */
  start: number;
  end: number;
}

/** First `<tag …>` … `</tag>` inside [from, to); self-closing elements have empty content. */
function findElement(buf: Buffer, tag: string, from: number, to: number, where?: (e: Element) => boolean): Element | null {
  let pos = from;
  for (;;) {
    const open = buf.indexOf(`<${tag}`, pos, 'latin1');
    if (open < 0 || open >= to) return null;
    const after = buf[open + tag.length + 1];
    const close = buf.indexOf('>', open, 'latin1');
    if (close < 0 || close >= to) fail(`unterminated <${tag}> tag`);
    pos = close + 1;
    if (after !== 0x20 && after !== 0x3e && after !== 0x2f && after !== 0x0a && after !== 0x09 && after !== 0x0d) continue;
    const head = buf.toString('latin1', open, close + 1);
    const attrs = new Map<string, string>();
    for (const m of head.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) attrs.set(m[1], m[2]);
    let element: Element;
    if (head.endsWith('/>')) {
      element = { attrs, start: close + 1, end: close + 1 };
    } else {
      const endTag = buf.indexOf(`</${tag}>`, close + 1, 'latin1');
      if (endTag < 0 || endTag > to) fail(`<${tag}> is not closed`);
      element = { attrs, start: close + 1, end: endTag };
    }
    if (!where || where(element)) return element;
  }
}

function need(e: Element | null, what: string): Element {
  return e ?? fail(`no ${what}`);
}

function count(e: Element, attr: string): number {
  const text = e.attrs.get(attr) ?? '0';
  const n = Number(text);
  if (!/^\d{1,12}$/.test(text) || !Number.isSafeInteger(n)) fail(`${attr}="${text.slice(0, 20)}" is not a count`);
  return n;
}

const TYPE_BYTES: Record<string, number> = { Float32: 4, Float64: 8, Int32: 4, UInt32: 4, Int64: 8, UInt64: 8 };

interface Encoding {
  /** Bytes per header word: 4 (UInt32) or 8 (UInt64). */
  word: number;
}

function headerWord(bytes: Buffer, index: number, word: number): number {
  const v = word === 4 ? bytes.readUInt32LE(index * 4) : Number(bytes.readBigUInt64LE(index * 8));
  if (!Number.isSafeInteger(v)) fail('compressed block header value is too large');
  return v;
}

/**
 * Decode one `format="binary"` DataArray: a separately base64-encoded header
 * [nblocks, blockSize, lastBlockSize, csize…] then the base64 of the zlib blocks.
 * Sizes are checked against the real compressed bytes before anything is allocated.
 */
function decodeArray(buf: Buffer, e: Element, enc: Encoding, expectedBytes: number | null, what: string): Uint8Array {
  if (e.attrs.get('format') !== 'binary') fail(`${what} is not inline binary (format="${e.attrs.get('format') ?? ''}")`);
  // VTK writes each array on one line: trim the ends on the bytes, and only if some other
  // writer broke the lines (memchr-fast checks) strip whitespace from the whole string.
  let start = e.start;
  let end = e.end;
  while (start < end && buf[start] <= 0x20) start++;
  while (end > start && buf[end - 1] <= 0x20) end--;
  let text = buf.toString('latin1', start, end);
  const inner = [0x0a, 0x0d, 0x20, 0x09].some((c) => {
    const at = buf.indexOf(c, start);
    return at >= 0 && at < end;
  });
  if (inner) text = text.replace(/\s+/g, '');
  const firstChars = Math.ceil(enc.word / 3) * 4;
  const first = Buffer.from(text.slice(0, firstChars + 4), 'base64');
  if (first.length < enc.word) fail(`${what} is empty or truncated`);
  const nblocks = headerWord(first, 0, enc.word);
  if (nblocks > 1e7) fail(`${what} claims ${nblocks} compressed blocks`);
  const headerChars = Math.ceil(((3 + nblocks) * enc.word) / 3) * 4;
  const header = Buffer.from(text.slice(0, headerChars), 'base64');
  if (header.length < (3 + nblocks) * enc.word) fail(`${what} block header is truncated`);
  const blockSize = headerWord(header, 1, enc.word);
  const lastSize = headerWord(header, 2, enc.word) || blockSize;
  const data = Buffer.from(text.slice(headerChars), 'base64');
  let compressed = 0;
  for (let b = 0; b < nblocks; b++) compressed += headerWord(header, 3 + b, enc.word);
  if (compressed > data.length) fail(`${what} is truncated (${data.length} of ${compressed} compressed bytes)`);
  const total = nblocks === 0 ? 0 : (nblocks - 1) * blockSize + lastSize;
  if (expectedBytes !== null && total !== expectedBytes) fail(`${what} holds ${total} bytes, expected ${expectedBytes}`);
  // Deflate cannot expand more than ~1032:1, so this bounds the allocation by real input.
  if (total > 1100 * compressed + 1024) fail(`${what} declares more data than its compressed blocks can hold`);
  const out = allocate(what, total, () => new Uint8Array(total));
  let inAt = 0;
  let outAt = 0;
  for (let b = 0; b < nblocks; b++) {
    const csize = headerWord(header, 3 + b, enc.word);
    const size = b === nblocks - 1 ? lastSize : blockSize;
    let block: Buffer;
    try {
      // One output chunk of the block's size: Node's 16 KiB default costs ~4× more per block.
      block = inflateSync(data.subarray(inAt, inAt + csize), { chunkSize: Math.max(64, size), maxOutputLength: Math.max(size, 1) });
    } catch {
      fail(`${what}: compressed block ${b} is corrupt`);
    }
    if (block.length !== size) fail(`${what}: block ${b} inflates to ${block.length} bytes, expected ${size}`);
    out.set(block, outAt);
    inAt += csize;
    outAt += size;
  }
  return out;
}

function float32s(bytes: Uint8Array, type: string): Float32Array {
  if (type === 'Float32') return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  return Float32Array.from(new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8));
}

/** Int64/UInt64/Int32/UInt32 → non-negative integers below `limit`, as Uint32Array. */
function indices32(bytes: Uint8Array, type: string, limit: number, what: string): Uint32Array {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const wide = TYPE_BYTES[type] === 8;
  const n = wide ? words.length / 2 : words.length;
  const out = wide ? new Uint32Array(n) : words;
  for (let i = 0; i < n; i++) {
    const v = wide ? words[2 * i] : words[i];
    if ((wide && words[2 * i + 1] !== 0) || (type === 'Int32' && v > 0x7fffffff) || v >= limit) fail(`${what} value out of range`);
    out[i] = v;
  }
  return out;
}

function arrayType(e: Element, allowed: string[], what: string): string {
  const type = e.attrs.get('type') ?? '';
  if (!allowed.includes(type)) fail(`${what} has unsupported type '${type.slice(0, 20)}'`);
  return type;
}

/** Polygons (offsets = end indices) → triangles; triangles pass through, larger polygons become fans. */
function triangulate(connectivity: Uint32Array, ends: Uint32Array): Uint32Array {
  let triangles = 0;
  let start = 0;
  let allTriangles = true;
  for (let p = 0; p < ends.length; p++) {
    const n = ends[p] - start;
    if (n < 0) fail('polygon offsets are not ascending');
    if (n !== 3) allTriangles = false;
    if (n >= 3) triangles += n - 2;
    start = ends[p];
  }
  if (start !== connectivity.length) fail('polygon offsets do not match the connectivity length');
  if (allTriangles) return connectivity;
  const out = new Uint32Array(triangles * 3);
  let w = 0;
  start = 0;
  for (let p = 0; p < ends.length; p++) {
    for (let v = start + 1; v + 1 < ends[p]; v++) {
      out[w++] = connectivity[start];
      out[w++] = connectivity[v];
      out[w++] = connectivity[v + 1];
    }
    start = ends[p];
  }
  return out;
}

/**
 * Async for callers' sake, synchronous inside: inflating 32 KiB blocks inline measured
 * faster than dispatching each to the thread pool.
 */
export async function parseVtp(bytes: Uint8Array): Promise<PolyData> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const file = need(findElement(buf, 'VTKFile', 0, buf.length), '<VTKFile> element');
  if (file.attrs.get('type') !== 'PolyData') fail('not a VTK PolyData file');
  if ((file.attrs.get('byte_order') ?? 'LittleEndian') !== 'LittleEndian') fail('big-endian VTK files are not supported');
  const headerType = file.attrs.get('header_type') ?? 'UInt32';
  if (headerType !== 'UInt32' && headerType !== 'UInt64') fail(`header_type '${headerType.slice(0, 20)}' is not supported`);
  if (file.attrs.get('compressor') !== 'vtkZLibDataCompressor') fail('only zlib-compressed VTK files are supported');
  const enc: Encoding = { word: headerType === 'UInt32' ? 4 : 8 };

  const piece = need(findElement(buf, 'Piece', file.start, file.end), '<Piece> element');
  const nPoints = count(piece, 'NumberOfPoints');
  const nPolys = count(piece, 'NumberOfPolys');
  if (count(piece, 'NumberOfStrips') > 0) fail('triangle strips are not supported');

  const pointsSection = need(findElement(buf, 'Points', piece.start, piece.end), '<Points> element');
  const pointsArray = need(findElement(buf, 'DataArray', pointsSection.start, pointsSection.end), 'points array');
  const pointType = arrayType(pointsArray, ['Float32', 'Float64'], 'points');
  const positions = float32s(decodeArray(buf, pointsArray, enc, nPoints * 3 * TYPE_BYTES[pointType], 'points'), pointType);

  let normals: Float32Array | undefined;
  const pointData = findElement(buf, 'PointData', piece.start, piece.end);
  const normalsArray = pointData && findElement(buf, 'DataArray', pointData.start, pointData.end, (e) => e.attrs.get('Name') === 'Normals');
  if (normalsArray) {
    const type = arrayType(normalsArray, ['Float32', 'Float64'], 'normals');
    normals = float32s(decodeArray(buf, normalsArray, enc, nPoints * 3 * TYPE_BYTES[type], 'normals'), type);
  }

  let indices: Uint32Array = new Uint32Array(0);
  const polys = findElement(buf, 'Polys', piece.start, piece.end);
  if (polys && nPolys > 0) {
    const named = (name: string) => need(findElement(buf, 'DataArray', polys.start, polys.end, (e) => e.attrs.get('Name') === name), `${name} array`);
    const offsetsArray = named('offsets');
    const connArray = named('connectivity');
    const intTypes = ['Int64', 'UInt64', 'Int32', 'UInt32'];
    const offType = arrayType(offsetsArray, intTypes, 'offsets');
    const connType = arrayType(connArray, intTypes, 'connectivity');
    const ends = indices32(decodeArray(buf, offsetsArray, enc, nPolys * TYPE_BYTES[offType], 'offsets'), offType, 2 ** 32, 'offsets');
    const connBytes = ends[ends.length - 1] * TYPE_BYTES[connType];
    const connectivity = indices32(decodeArray(buf, connArray, enc, connBytes, 'connectivity'), connType, nPoints, 'connectivity');
    indices = triangulate(connectivity, ends);
  }
  return { positions, normals, indices };
}
