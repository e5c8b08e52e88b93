/**
 * Gets the (single) frame's pixel samples out of a parsed data set, whatever the transfer
 * syntax: native little/big endian, RLE, JPEG Lossless, JPEG-LS or JPEG 2000.
 */
import { dicomParser, errorText, type DataSet, type Element } from './parser';
import type { SliceHeader } from './header';
import type { Samples } from './pixels';
import type { PixelEncoding } from './transfer-syntax';
import { decodeRle } from './codecs/rle';
import { decodeJpegLossless } from './codecs/jpeg-lossless';
import { decodeJpegLs } from './codecs/jpegls';
import { decodeJ2k } from './codecs/j2k';

const PIXEL_DATA = 'x7fe00010';

/** Thrown for bad pixel data; the job turns it into a ScanError naming the file. */
export class FrameError extends Error {}

export async function decodeFrame(ds: DataSet, h: SliceHeader, encoding: PixelEncoding): Promise<Samples> {
  const el = ds.elements[PIXEL_DATA];
  if (!el) throw new FrameError('no PixelData (7FE0,0010)');
  if (![8, 16, 32].includes(h.bitsAllocated)) throw new FrameError(`BitsAllocated ${h.bitsAllocated} is not supported`);
  const pixels = h.rows * h.columns;
  const bytesPerSample = h.bitsAllocated / 8;
  if (encoding === 'native' || encoding === 'native-be') {
    if (el.encapsulatedPixelData) throw new FrameError('PixelData is encapsulated but the transfer syntax is uncompressed');
    const bytes = nativeFrame(ds, el, pixels * bytesPerSample);
    if (encoding === 'native-be') swapInPlace(bytes, bytesPerSample);
    return view(bytes, h);
  }
  const frame = encapsulatedFrame(ds, el);
  try {
    switch (encoding) {
      case 'rle':
        return view(decodeRle(frame, pixels, bytesPerSample), h);
      case 'jpeg-lossless':
        return decodeJpegLossless(frame, h.columns, h.rows, bytesPerSample);
      case 'jpegls':
        return await decodeJpegLs(frame, h.columns, h.rows);
      case 'j2k':
        return await decodeJ2k(frame, h.columns, h.rows);
    }
  } catch (e) {
    if (e instanceof FrameError) throw e;
    throw new FrameError(`cannot decode ${encoding} pixel data: ${errorText(e)}`);
  }
}

/** A fresh, aligned copy of the first frame's bytes; short data is an error, never zero-filled. */
function nativeFrame(ds: DataSet, el: Element, frameBytes: number): Uint8Array {
  const available = Math.min(el.length, ds.byteArray.length - el.dataOffset);
  if (available < frameBytes) throw new FrameError(`pixel data truncated: ${Math.max(0, available)} of ${frameBytes} bytes`);
  return new Uint8Array(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, frameBytes).slice();
}

/** Single-frame files: the frame is all fragments together (the offset table may be empty). */
function encapsulatedFrame(ds: DataSet, el: Element): Uint8Array {
  if (!el.encapsulatedPixelData || !el.fragments || el.fragments.length === 0) {
    throw new FrameError('compressed transfer syntax but PixelData holds no fragments');
  }
  const last = el.fragments[el.fragments.length - 1];
  if (last.position + last.length > ds.byteArray.length) throw new FrameError('compressed pixel data truncated');
  const frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments.length);
  return new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
}

function swapInPlace(bytes: Uint8Array, bytesPerSample: number): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytesPerSample === 2) buf.swap16();
  else if (bytesPerSample === 4) buf.swap32();
}

/** Little-endian bytes (offset 0 of their own buffer) viewed as samples of the stored width. */
function view(bytes: Uint8Array, h: SliceHeader): Samples {
  const n = h.rows * h.columns;
  const aligned = bytes.byteOffset === 0 ? bytes : bytes.slice();
  const signed = h.pixelRepresentation === 1;
  if (h.bitsAllocated === 8) return aligned.subarray(0, n);
  if (h.bitsAllocated === 16) return signed ? new Int16Array(aligned.buffer, 0, n) : new Uint16Array(aligned.buffer, 0, n);
  return signed ? new Int32Array(aligned.buffer, 0, n) : new Uint32Array(aligned.buffer, 0, n);
}
