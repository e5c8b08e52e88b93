/**
 * PreparedVolume ⇄ one binary blob, for test hosts, the exported web bundle and possibly the
 * Electron transport. Runs in Node and in the browser (no Node APIs here).
 *
 * Layout (all integers little-endian):
 *   0   4 bytes  magic "HFPV"
 *   4   u32      format version (1)
 *   8   u32      header length in bytes (UTF-8 JSON)
 *   12  …        header JSON, then zero padding to a multiple of 8
 *   …   payloads, each starting on an 8-byte boundary, in header order
 * The header is the PreparedVolume with every typed array replaced by a descriptor
 * {"$typed": "<Ctor>", "offset": <byte offset from the payload start>, "length": <elements>},
 * where the payload section starts at the first multiple of 8 after the header.
 * and non-finite numbers written as {"$num": "NaN" | "Infinity" | "-Infinity"}.
 * Typed arrays are stored in the host's byte order, which is little-endian everywhere we run.
 * Decoding returns views into the given bytes when they are aligned (no copy), else copies.
 */
import type { PreparedVolume } from './prepared';

const MAGIC = [0x48, 0x46, 0x50, 0x56]; // "HFPV"
export const SERIALIZE_VERSION = 1;

type Typed = Uint8Array | Uint16Array | Uint32Array | Int16Array | Int32Array | Float32Array | Float64Array;
type TypedCtor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): Typed; new (length: number): Typed; BYTES_PER_ELEMENT: number };

const CTORS: Record<string, TypedCtor> = { Uint8Array, Uint16Array, Uint32Array, Int16Array, Int32Array, Float32Array, Float64Array };

interface Descriptor {
  $typed: string;
  offset: number;
  length: number;
}

const align8 = (n: number) => (n + 7) & ~7;

function ctorName(a: ArrayBufferView): string {
  const name = a.constructor.name;
  if (!(name in CTORS)) throw new Error(`cannot serialise a ${name}`);
  return name;
}

export function encodePrepared(p: PreparedVolume): Uint8Array {
  const arrays: Typed[] = [];
  let payloadBytes = 0;
  const header = new TextEncoder().encode(
    JSON.stringify(p, (_key, value: unknown) => {
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        const a = value as Typed;
        const d: Descriptor = { $typed: ctorName(a), offset: payloadBytes, length: a.length };
        arrays.push(a);
        payloadBytes = align8(payloadBytes + a.byteLength);
        return d;
      }
      if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
      return value;
    }),
  );
  const payloadStart = align8(12 + header.length);
  const out = new Uint8Array(payloadStart + payloadBytes);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, SERIALIZE_VERSION, true);
  view.setUint32(8, header.length, true);
  out.set(header, 12);
  let at = payloadStart;
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align8(at + a.byteLength);
  }
  return out;
}

export function decodePrepared(bytes: Uint8Array): PreparedVolume {
  if (bytes.length < 12 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a Hounsfield prepared-volume blob');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== SERIALIZE_VERSION) throw new Error(`prepared-volume blob version ${version} is not supported (expected ${SERIALIZE_VERSION})`);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) throw new Error('prepared-volume blob is truncated (header)');
  const text = new TextDecoder().decode(bytes.subarray(12, 12 + headerLength));
  const payloadStart = align8(12 + headerLength);
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object') {
      const o = value as Partial<Descriptor> & { $num?: string };
      if (typeof o.$num === 'string' && Object.keys(o).length === 1) return Number(o.$num);
      if (typeof o.$typed === 'string') return typedAt(bytes, payloadStart, o as Descriptor);
    }
    return value;
  }) as PreparedVolume;
}

function typedAt(bytes: Uint8Array, payloadStart: number, desc: Descriptor): Typed {
  const d = { ...desc, offset: payloadStart + desc.offset };
  const ctor = CTORS[d.$typed];
  if (!ctor) throw new Error(`prepared-volume blob holds an unknown array type ${d.$typed}`);
  const byteLength = d.length * ctor.BYTES_PER_ELEMENT;
  if (!(d.offset >= 0 && d.offset + byteLength <= bytes.length)) throw new Error('prepared-volume blob is truncated (payload)');
  const start = bytes.byteOffset + d.offset;
  if (start % ctor.BYTES_PER_ELEMENT === 0) return new ctor(bytes.buffer, start, d.length);
  const copy = new ctor(d.length);
  new Uint8Array(copy.buffer).set(bytes.subarray(d.offset, d.offset + byteLength));
  return copy;
}
