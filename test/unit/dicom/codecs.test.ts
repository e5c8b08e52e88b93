/** The hand-written RLE decoder and the JPEG Lossless last-pixel fix, checked directly. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from 'jpeg-lossless-decoder-js';
import { decodeRle } from '../../../src/main/scan/dicom/codecs/rle';
import { decodeJpegLossless, padBeforeEoi } from '../../../src/main/scan/dicom/codecs/jpeg-lossless';
import { parseDataSet } from '../../../src/main/scan/dicom/header';
import { dicomParser } from '../../../src/main/scan/dicom/parser';
import { DICOM_DIR, DICOM_VARIANTS } from '../data';

function rleFrame(segments: number[][]): Uint8Array {
  const head = new Uint8Array(64);
  const dv = new DataView(head.buffer);
  dv.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((s, i) => {
    dv.setUint32(4 + 4 * i, offset, true);
    offset += s.length;
  });
  return Uint8Array.from([...head, ...segments.flat()]);
}

describe('RLE (PS3.5 Annex G)', () => {
  it('decodes literal runs, repeat runs and skips the -128 no-op, high bytes first', () => {
    // 5 pixels: high bytes [1,1,1,2,3] as repeat(3)+literal(2); low bytes [9,8,7,7,7] with a no-op
    const high = [0xfe, 1, 0x01, 2, 3];
    const low = [0x80, 0x02, 9, 8, 7, 0xff, 7];
    const out = decodeRle(rleFrame([high, low]), 5, 2);
    expect(Array.from(new Uint16Array(out.buffer))).toEqual([0x0109, 0x0108, 0x0107, 0x0207, 0x0307]);
  });

  it('refuses short segments and wrong segment counts', () => {
    expect(() => decodeRle(rleFrame([[0x01, 1, 2], [0x01, 3, 4]]), 5, 2)).toThrow(/holds 2 of 5/);
    expect(() => decodeRle(rleFrame([[0x04, 1, 2, 3, 4, 5]]), 5, 2)).toThrow(/1 segments, expected 2/);
    expect(() => decodeRle(new Uint8Array(10), 5, 2)).toThrow(/64-byte header/);
  });
});

describe('JPEG Lossless last-pixel fix', () => {
  it('inserts one 0x00 before the trailing EOI (after an optional pad byte)', () => {
    expect(Array.from(padBeforeEoi(Uint8Array.from([1, 2, 0xff, 0xd9])))).toEqual([1, 2, 0, 0xff, 0xd9]);
    expect(Array.from(padBeforeEoi(Uint8Array.from([1, 0xff, 0xd9, 0])))).toEqual([1, 0, 0xff, 0xd9, 0]);
  });

  it('the raw decoder loses the last pixel on some shared slices; ours matches the original on all', () => {
    const files = readdirSync(DICOM_VARIANTS[0]);
    let brokenWithoutFix = 0;
    for (const name of files) {
      const ds = parseDataSet(new Uint8Array(readFileSync(path.join(DICOM_VARIANTS[0], name))), false);
      const el = ds.elements['x7fe00010'];
      const frame = dicomParser.readEncapsulatedPixelDataFromFragments(ds, el, 0, el.fragments!.length);
      const bytes = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength).slice();
      const plain = parseDataSet(new Uint8Array(readFileSync(path.join(DICOM_DIR, name))), false);
      const pe = plain.elements['x7fe00010'];
      const want = new Uint16Array(plain.byteArray.buffer.slice(plain.byteArray.byteOffset + pe.dataOffset, plain.byteArray.byteOffset + pe.dataOffset + pe.length));
      const raw = new Decoder().decode(bytes.slice().buffer, 0, bytes.length, 2);
      if (raw[raw.length - 1] !== want[want.length - 1]) brokenWithoutFix++;
      const fixed = decodeJpegLossless(bytes, 512, 512, 2);
      expect(Buffer.compare(Buffer.from(fixed.buffer, fixed.byteOffset, fixed.byteLength), Buffer.from(want.buffer))).toBe(0);
    }
    expect(files).toHaveLength(28);
    expect(brokenWithoutFix).toBeGreaterThan(0); // the documented bug (4 of 28 here)
  });
});
