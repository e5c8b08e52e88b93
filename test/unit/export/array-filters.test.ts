/**
 * Typed-array filters and the full pack → decode round trip of a real InVesalius project
 * (gzip .inv3 with 2 masks and 2 surfaces): every mask, surface and histogram array comes
 * back bit-identical, and the filters make the mesh data smaller.
 */
import { describe, expect, test } from 'vitest';
import { deflateRawSync } from 'node:zlib';
import { applyFilter, undoFilter, filterCandidates } from '../../../src/bundle/codec/array-filters';
import type { TypedArrayName } from '../../../src/bundle/codec/container';
import { decodeBundle } from '../../../src/bundle/codec/decode';
import { inflateFallback } from '../../../src/bundle/codec/inflate';
import { pack } from '../../../src/main/export/pack';
import { openScan } from '../../../src/main/scan/open';
import { prepareVolume } from '../../../src/main/prepare';
import { INV3_GZ } from '../data';

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('array filters', () => {
  test('undo(apply(x)) = x for every type, including wrap-around deltas', () => {
    const cases: [TypedArrayName, ArrayBufferView][] = [
      ['Float32Array', Float32Array.from([0, -1.5, 3.25e7, NaN, -0, Infinity, 1e-40])],
      ['Uint32Array', Uint32Array.from([0, 4294967295, 1, 7, 7, 3, 4294967290])],
      ['Int32Array', Int32Array.from([-2147483648, 2147483647, 0, -1, 5])],
      ['Int16Array', Int16Array.from([-32768, 32767, 0, 12])],
      ['Float64Array', Float64Array.from([Math.PI, -1e300])],
      ['Uint8Array', Uint8Array.from([1, 2, 3])],
    ];
    for (const [type, arr] of cases) {
      const raw = bytesOf(arr).slice();
      for (const f of [...filterCandidates(type), 'shuffle' as const]) {
        expect(Array.from(undoFilter(applyFilter(raw, type, f), type, f)), `${type} ${f}`).toEqual(Array.from(raw));
      }
    }
  });
});

describe('real .inv3 through pack and decode', () => {
  test('masks, surfaces, histogram identical; filtered mesh data < 0.85 x plain deflate', async () => {
    const volume = await openScan(INV3_GZ);
    const prepared = await prepareVolume(volume, { format: 'u8', maxGrid: 128 });
    expect(prepared.surfaces.length).toBe(2);
    expect(prepared.masks.length).toBe(2);
    const { header, payload } = await pack(prepared, { anonymised: false, notes: [] });
    const { prepared: back } = await decodeBundle(JSON.parse(JSON.stringify(header)), payload, async (d, n) => inflateFallback(d, n));
    expect(Buffer.from(bytesOf(back.data)).equals(Buffer.from(bytesOf(prepared.data)))).toBe(true);
    prepared.masks.forEach((m, i) => {
      expect(back.masks[i].name).toBe(m.name);
      expect(Buffer.from(bytesOf(back.masks[i].data!)).equals(Buffer.from(bytesOf(m.data!)))).toBe(true);
    });
    let plain = 0;
    prepared.surfaces.forEach((s, i) => {
      const b = back.surfaces[i];
      expect(b.name).toBe(s.name);
      expect(b.positions).toBeInstanceOf(Float32Array);
      for (const key of ['positions', 'normals', 'indices'] as const) {
        const want = s[key];
        if (!want) continue;
        expect(Buffer.from(bytesOf(b[key]!)).equals(Buffer.from(bytesOf(want))), `${s.name}.${key}`).toBe(true);
        plain += deflateRawSync(bytesOf(want), { level: 9 }).length;
      }
    });
    // mesh sections as written (a filter where it paid off) vs plain deflate of the same arrays
    const meshSections = new Set<number>();
    JSON.stringify((header.prepared as { surfaces: unknown }).surfaces, (k, v) => (k === '$section' ? (meshSections.add(v as number), v) : v));
    const written = [...meshSections].reduce((s, i) => s + header.sections[i].length, 0);
    expect(header.sections.some((s) => s.filter === 'delta-shuffle')).toBe(true);
    expect(written).toBeLessThan(0.85 * plain);
    expect(Array.from(back.histogram.counts)).toEqual(Array.from(prepared.histogram.counts));
    expect(back.measurements).toEqual(prepared.measurements);
  });
});
