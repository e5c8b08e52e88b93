/**
 * Finding where a deflate block starts in the middle of a stream, so a second thread can start
 * inflating there. A deflate stream has no sync markers, but a dynamic-Huffman block header
 * (RFC 1951 §3.2.7) is very constrained: three prefix codes that must each be complete. We test
 * every bit offset and accept the first whose header passes all the checks zlib's inflate makes.
 * Random bits pass about once in many millions of offsets; callers confirm a hit by inflating from
 * it, and the whole-stream CRC-32 decides in the end (gzip-parallel.ts).
 */

/** Order in which the code-length code's lengths are stored (RFC 1951). */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Little-endian bit reader over bytes: bit i is bit (i & 7) of byte i >> 3, as deflate packs them. */
function bitsAt(bytes: Uint8Array, bit: number, count: number): number {
  const i = bit >>> 3;
  const word = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
  return (word >>> (bit & 7)) & ((1 << count) - 1);
}

/**
 * How a set of code lengths fills the prefix-code space: 'over' (more codes than fit: never
 * valid), 'complete', or 'incomplete'. lengths[i] = 0 means symbol i is unused.
 */
export function kraft(lengths: ArrayLike<number>, maxBits: number): 'over' | 'complete' | 'incomplete' {
  const count = new Array<number>(maxBits + 1).fill(0);
  for (let i = 0; i < lengths.length; i++) count[lengths[i]]++;
  let left = 1;
  for (let len = 1; len <= maxBits; len++) {
    left = left * 2 - count[len];
    if (left < 0) return 'over';
  }
  return left === 0 ? 'complete' : 'incomplete';
}

/** zlib accepts an incomplete literal or distance code only when it is one code of length 1. */
function acceptable(lengths: ArrayLike<number>): boolean {
  const fill = kraft(lengths, 15);
  if (fill === 'complete') return true;
  if (fill === 'over') return false;
  let used = 0;
  let longest = 0;
  for (let i = 0; i < lengths.length; i++) {
    if (lengths[i] > 0) used++;
    longest = Math.max(longest, lengths[i]);
  }
  return longest <= 1 && used <= 1;
}

/** Decoding table for the code-length code: index = next 7 stream bits, value = symbol | length << 8. */
function codeLengthTable(clens: Uint8Array): Uint16Array {
  const table = new Uint16Array(128);
  let code = 0;
  for (let len = 1; len <= 7; len++) {
    for (let sym = 0; sym < 19; sym++) {
      if (clens[sym] !== len) continue;
      // canonical codes are sent most significant bit first: reverse them for an LSB-first reader
      let reversed = 0;
      for (let b = 0; b < len; b++) reversed |= ((code >>> b) & 1) << (len - 1 - b);
      for (let fill = reversed; fill < 128; fill += 1 << len) table[fill] = sym | (len << 8);
      code++;
    }
    code <<= 1;
  }
  return table;
}

/**
 * If a non-final dynamic-Huffman block header starts at `bit`, the bit offset where its first
 * symbol starts; otherwise -1. Needs at most ~1 KiB of bytes after `bit` (a header is ≤ 8 kbit).
 */
export function dynamicHeaderEnd(bytes: Uint8Array, bit: number): number {
  const end = bytes.length * 8 - 32; // bitsAt reads up to 32 bits at a time
  if (bit + 17 > end) return -1;
  if (bitsAt(bytes, bit, 3) !== 0b100) return -1; // BFINAL = 0, BTYPE = 2 (dynamic)
  const hlit = bitsAt(bytes, bit + 3, 5) + 257;
  const hdist = bitsAt(bytes, bit + 8, 5) + 1;
  if (hlit > 286 || hdist > 30) return -1;
  const hclen = bitsAt(bytes, bit + 13, 4) + 4;
  let p = bit + 17;
  if (p + 3 * hclen > end) return -1;
  // The code-length code must fill the code space exactly: checked before anything is allocated,
  // since almost every offset that gets this far fails here.
  let space = 0;
  for (let i = 0; i < hclen; i++) {
    const len = bitsAt(bytes, p + 3 * i, 3);
    if (len) space += 128 >>> len;
  }
  if (space !== 128) return -1;
  const clens = new Uint8Array(19);
  for (let i = 0; i < hclen; i++, p += 3) clens[CL_ORDER[i]] = bitsAt(bytes, p, 3);
  const table = codeLengthTable(clens);
  const lengths = new Uint8Array(hlit + hdist);
  for (let i = 0; i < lengths.length; ) {
    if (p + 7 + 7 > end) return -1;
    const entry = table[bitsAt(bytes, p, 7)];
    p += entry >>> 8;
    const sym = entry & 0xff;
    if (sym < 16) {
      lengths[i++] = sym;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (sym === 16) {
      if (i === 0) return -1; // nothing to repeat
      value = lengths[i - 1];
      repeat = 3 + bitsAt(bytes, p, 2);
      p += 2;
    } else if (sym === 17) {
      repeat = 3 + bitsAt(bytes, p, 3);
      p += 3;
    } else {
      repeat = 11 + bitsAt(bytes, p, 7);
      p += 7;
    }
    if (i + repeat > lengths.length) return -1;
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  if (lengths[256] === 0) return -1; // no end-of-block code
  if (!acceptable(lengths.subarray(0, hlit)) || !acceptable(lengths.subarray(hlit))) return -1;
  return p;
}

/**
 * The first bit offset in [fromBit, toBit) where a dynamic block header validates, or -1.
 * `step` 8 tries byte-aligned offsets only (one block in eight starts on a byte boundary).
 */
export function findDynamicBlock(bytes: Uint8Array, fromBit: number, toBit: number, step: 1 | 8 = 1): number {
  const last = Math.min(toBit, bytes.length * 8 - 64);
  for (let bit = fromBit; bit < last; bit += step) {
    // the 3 header bits (BFINAL 0, BTYPE 2) inline: 7 offsets in 8 go no further
    const i = bit >>> 3;
    if ((((bytes[i] | (bytes[i + 1] << 8)) >>> (bit & 7)) & 7) !== 0b100) continue;
    if (dynamicHeaderEnd(bytes, bit) >= 0) return bit;
  }
  return -1;
}

/**
 * Bytes re-packed so that stream bit `shift` (0–7) of src[0] becomes bit 0 of out[0]: zlib can
 * only start at a byte boundary. Same length as src; the last byte's top `shift` bits are zero.
 * Works a 32-bit word at a time (the bit order is little-endian).
 */
export function shiftBits(src: Uint8Array, shift: number, into?: Uint8Array): Uint8Array {
  const out = into && into.byteOffset % 4 === 0 && into.length >= src.length ? into.subarray(0, src.length) : new Uint8Array(src.length);
  if (shift === 0) {
    out.set(src);
    return out;
  }
  const copy = src.byteOffset % 4 === 0 ? src : new Uint8Array(src); // a copy (Buffer#slice would be a view)
  const w = new Uint32Array(copy.buffer, copy.byteOffset, copy.length >>> 2);
  const o = new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2);
  const back = 32 - shift;
  // word i takes its top bits from the first byte after it, so the last word is done bytewise
  const words = Math.max(0, w.length - 1);
  for (let i = 0; i < words; i++) o[i] = (w[i] >>> shift) | (w[i + 1] << back);
  for (let i = words * 4; i < out.length; i++) out[i] = (copy[i] >>> shift) | (i + 1 < copy.length ? copy[i + 1] << (8 - shift) : 0);
  return out;
}
