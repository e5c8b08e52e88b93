/**
 * The gzip wrapper around a deflate stream (RFC 1952): where the deflate data starts (after the
 * header and its optional fields) and what the 8-byte trailer claims (CRC-32 and length mod 2³²).
 * Only the parallel path needs this; the sequential path lets zlib read the wrapper itself.
 */

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;
const RESERVED = 0xe0;

/**
 * Offset of the first deflate byte, or null when `head` (the file's first bytes) is not a gzip
 * header we can skip with confidence: the caller then takes the sequential path, which reports
 * any real problem.
 */
export function deflateStart(head: Uint8Array): number | null {
  if (head.length < 10 || head[0] !== 0x1f || head[1] !== 0x8b || head[2] !== 8) return null;
  const flags = head[3];
  if (flags & RESERVED) return null;
  let p = 10;
  if (flags & FEXTRA) {
    if (p + 2 > head.length) return null;
    p += 2 + (head[p] | (head[p + 1] << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const zero = head.indexOf(0, p);
    if (zero < 0) return null;
    p = zero + 1;
  }
  if (flags & FHCRC) p += 2;
  return p < head.length ? p : null;
}

export interface GzipTrailer {
  crc: number;
  /** Uncompressed length modulo 2³². */
  isize: number;
}

export function readTrailer(last8: Uint8Array): GzipTrailer {
  const view = new DataView(last8.buffer, last8.byteOffset, 8);
  return { crc: view.getUint32(0, true), isize: view.getUint32(4, true) };
}
