/**
 * JPEG Lossless, Process 14 (1.2.840.10008.1.2.4.57 and .70) via jpeg-lossless-decoder-js.
 * Known bug (docs/dicom-codecs.md): its bit reader can stop at the final FF D9 one pixel early,
 * leaving the last pixel 0. One 0x00 byte inserted before the trailing EOI marker fixes it.
 */
import { Decoder } from 'jpeg-lossless-decoder-js';

/** A copy of `frame` with a 0x00 inserted before its trailing FF D9 (EOI), if it has one. */
export function padBeforeEoi(frame: Uint8Array): Uint8Array {
  // Fragments are padded to even length, so the EOI may be followed by a 0x00 pad byte.
  let eoi = -1;
  for (let i = frame.length - 2; i >= Math.max(0, frame.length - 8); i--) {
    if (frame[i] === 0xff && frame[i + 1] === 0xd9) {
      eoi = i;
      break;
    }
  }
  if (eoi < 0) return frame.slice();
  const out = new Uint8Array(frame.length + 1);
  out.set(frame.subarray(0, eoi), 0);
  out[eoi] = 0x00;
  out.set(frame.subarray(eoi), eoi + 1);
  return out;
}

export function decodeJpegLossless(frame: Uint8Array, width: number, height: number, bytesPerSample: number): Uint8Array | Uint16Array {
  const fixed = padBeforeEoi(frame);
  const decoder = new Decoder();
  const samples = decoder.decode(fixed.buffer as ArrayBuffer, fixed.byteOffset, fixed.byteLength, bytesPerSample);
  if (decoder.xDim !== width || decoder.yDim !== height || decoder.numComp !== 1) {
    throw new Error(`JPEG frame is ${decoder.xDim}×${decoder.yDim}×${decoder.numComp}, expected ${width}×${height}×1`);
  }
  return samples;
}
