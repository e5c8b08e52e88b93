/**
 * The bundle codec on its own: predictor, text embedding, container — round trips on real
 * CT voxels (the Philips DICOM series through the real prepare pipeline) and on synthetic
 * edge cases.
 */
import { describe, expect, test, beforeAll } from 'vitest';
import { encodeResiduals, decodeResiduals } from '../../../src/bundle/codec/predictor';
import { escapeBytes, unescapeText, asciiJson } from '../../../src/bundle/codec/text-safe';
import { replaceTypedArrays, restoreTypedArrays } from '../../../src/bundle/codec/container';
import { prepareVolume } from '../../../src/main/prepare';
import type { PreparedVolume } from '../../../src/shared/prepared';
import { DICOM_DIR } from '../data';
import { loadDicomFolder } from './dicom-fixture';

/** Node's 'windows-1252' decoder is really ISO-8859-1; the browser test covers the true windows-1252 path. */
const asBrowserText = (bytes: Uint8Array) => new TextDecoder('windows-1252').decode(bytes);

describe('predictor', () => {
  test('round-trips random and extreme codes, u8 and u16, odd shapes', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / (1 << 24);
    for (const shape of [[1, 1, 1], [3, 5, 7], [2, 1, 9], [4, 6, 1], [3, 40, 50]] as [number, number, number][]) {
      const n = shape[0] * shape[1] * shape[2];
      const u8 = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 255 : i % 5 === 0 ? 0 : Math.floor(rnd() * 256)));
      const u16 = Uint16Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 65535 : Math.floor(rnd() * 65536)));
      // mostly 0/1 "air" with rare outliers: exercises 1- and 2-bit packing and their escapes
      const air = Uint8Array.from({ length: n }, () => (rnd() < 0.02 ? Math.floor(rnd() * 256) : rnd() < 0.8 ? 0 : 1));
      for (const codes of [u8, u16, air]) {
        const { bytes, layout } = encodeResiduals(codes, shape);
        expect(Array.from(decodeResiduals(bytes, layout, shape))).toEqual(Array.from(codes));
        if (shape[1] === 40 && codes === air) expect(layout.bits!.some((b) => b < 8)).toBe(true);
      }
    }
  });

  test('rejects a layout that does not fit the grid', () => {
    const { bytes, layout } = encodeResiduals(new Uint8Array(24), [2, 3, 4]);
    expect(() => decodeResiduals(bytes, layout, [2, 3, 5])).toThrow(/does not match/);
  });
});

describe('text embedding', () => {
  test('every byte value survives, and the escaped text has no NUL, CR or <', () => {
    const all = new Uint8Array(4096).map((_, i) => (i * 37 + (i >> 8)) & 255);
    const escaped = escapeBytes(all);
    for (const bad of [0x00, 0x0d, 0x3c]) expect(escaped.includes(bad)).toBe(false);
    expect(Array.from(unescapeText(asBrowserText(escaped)))).toEqual(Array.from(all));
  });

  test('header JSON is ASCII and cannot close its script element', () => {
    const s = asciiJson({ name: 'Müller </script><!-- \u2028 😀' });
    expect(/^[\x20-\x7e]*$/.test(s)).toBe(true);
    expect(s.includes('<')).toBe(false);
    expect(JSON.parse(s).name).toBe('Müller </script><!-- \u2028 😀');
  });
});

describe('real CT through prepare', () => {
  let u8: PreparedVolume;
  let u16: PreparedVolume;
  beforeAll(async () => {
    const { volume } = loadDicomFolder(DICOM_DIR);
    u8 = await prepareVolume(volume, { format: 'u8', maxGrid: 300, u8Mapping: { huMin: -1000, huMax: 782 } });
    u16 = await prepareVolume(volume, { format: 'u16', maxGrid: 300 });
  });

  test('u8 and u16 codes round-trip exactly', () => {
    expect(u8.shape).toEqual([28, 300, 300]);
    for (const p of [u8, u16]) {
      const { bytes, layout } = encodeResiduals(p.data as Uint8Array | Uint16Array, p.shape);
      const back = decodeResiduals(bytes, layout, p.shape);
      expect(Buffer.from(back.buffer, back.byteOffset, back.byteLength).equals(Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength))).toBe(true);
    }
    // The u16 codes are exact HU offsets: code + huMin = HU.
    expect(u16.mapping!.huMax - u16.mapping!.huMin).toBe(65535);
  });

  test('container keeps every plain field and typed array', () => {
    const sections: Uint8Array[] = [];
    const { data: _d, ...rest } = u8;
    const json = JSON.parse(JSON.stringify(replaceTypedArrays(rest, (b) => sections.push(b.slice()) - 1)));
    const back = restoreTypedArrays(json, sections) as PreparedVolume;
    expect(back.histogram.counts).toBeInstanceOf(Uint32Array);
    expect(Array.from(back.histogram.counts)).toEqual(Array.from(u8.histogram.counts));
    expect(back.voxelToPatient).toEqual(u8.voxelToPatient);
    expect(back.mapping).toEqual(u8.mapping);
  });
});
