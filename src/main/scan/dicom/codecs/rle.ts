/**
 * DICOM RLE Lossless (PS3.5 Annex G). A frame is a 64-byte header (segment count + 15
 * offsets) followed by PackBits segments; for 16-bit data segment 0 holds the high bytes
 * and segment 1 the low bytes of every pixel (most significant byte first).
 */
export function decodeRle(frame: Uint8Array, pixels: number, bytesPerSample: number): Uint8Array {
  if (frame.length < 64) throw new Error(`RLE frame is ${frame.length} bytes, shorter than its 64-byte header`);
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = dv.getUint32(0, true);
  if (segments !== bytesPerSample) {
    throw new Error(`RLE frame has ${segments} segments, expected ${bytesPerSample} (one per byte of a grey sample)`);
  }
  // Output little endian: segment s (MSB first) fills byte (bytesPerSample-1-s) of each sample.
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = dv.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? dv.getUint32(8 + 4 * s, true) : frame.length;
    if (start < 64 || end > frame.length || end < start) throw new Error(`RLE segment ${s} offsets ${start}..${end} are out of range`);
    const got = unpackBits(frame, start, end, out, bytesPerSample - 1 - s, bytesPerSample, pixels);
    if (got < pixels) throw new Error(`RLE segment ${s} holds ${got} of ${pixels} bytes`);
  }
  return out;
}

/** PackBits into every `stride`-th byte of `out` from `first`; returns bytes produced (max `count`). */
function unpackBits(src: Uint8Array, pos: number, end: number, out: Uint8Array, first: number, stride: number, count: number): number {
  let n = 0;
  let o = first;
  while (pos < end && n < count) {
    const header = (src[pos++] << 24) >> 24; // signed byte
    if (header >= 0) {
      // header+1 literal bytes
      const len = Math.min(header + 1, count - n, end - pos);
      for (let i = 0; i < len; i++, o += stride) out[o] = src[pos + i];
      pos += header + 1;
      n += len;
    } else if (header !== -128) {
      // next byte repeated 1-header times
      if (pos >= end) break;
      const value = src[pos++];
      const len = Math.min(1 - header, count - n);
      for (let i = 0; i < len; i++, o += stride) out[o] = value;
      n += len;
    }
  }
  return n;
}
