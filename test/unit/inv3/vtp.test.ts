/**
 * VTP decoding beyond the two real surfaces (which real-files.test.ts checks): polygons
 * that need fan triangulation, multi-block arrays, Float64 points, and broken files.
 */
import { describe, expect, it } from 'vitest';
import { parseVtp } from '../../../src/main/scan/inv3/vtp';
import { Inv3FormatError } from '../../../src/main/scan/inv3/format-error';
import { vtpFile } from './helpers';

const square = [
  [0, 0, 0],
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [2, 2, 2],
];

describe('parseVtp', () => {
  it('passes triangles through and fans larger polygons; many small zlib blocks', async () => {
    const poly = await parseVtp(vtpFile({ points: square, polys: [[0, 1, 2, 3], [1, 4, 2], [0, 1, 2, 3, 4]], normals: square, blockSize: 8 }));
    expect(Array.from(poly.positions)).toEqual(square.flat());
    expect(Array.from(poly.normals!)).toEqual(square.flat());
    expect(Array.from(poly.indices)).toEqual([0, 1, 2, 0, 2, 3, 1, 4, 2, 0, 1, 2, 0, 2, 3, 0, 3, 4]);
  });

  it('decodes base64 that another writer broke into lines', async () => {
    const text = vtpFile({ points: square, polys: [[0, 1, 2, 3]] }).toString('latin1');
    const broken = text.replace(/(format="binary">\s*)(\S+)/g, (_m, head: string, b64: string) => head + b64.replace(/(.{20})/g, '$1\n  '));
    expect(broken).not.toBe(text);
    expect(Array.from((await parseVtp(Buffer.from(broken, 'latin1'))).indices)).toEqual([0, 1, 2, 0, 2, 3]);
  });

  it('reads Float64 points as Float32 and works without normals', async () => {
    const poly = await parseVtp(vtpFile({ points: [[0.5, -1.25, 3], [1, 2, 3], [4, 5, 6]], polys: [[0, 1, 2]], pointType: 'Float64' }));
    expect(Array.from(poly.positions)).toEqual([0.5, -1.25, 3, 1, 2, 3, 4, 5, 6]);
    expect(poly.normals).toBeUndefined();
    expect(Array.from(poly.indices)).toEqual([0, 1, 2]);
  });

  it('refuses out-of-range indices, wrong counts, corrupt blocks and other encodings', async () => {
    const refuse = async (bytes: Buffer, reason: RegExp) => {
      let err: unknown;
      try {
        await parseVtp(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(Inv3FormatError);
      expect((err as Error).message).toMatch(reason);
    };
    await refuse(vtpFile({ points: square, polys: [[0, 1, 7]] }), /connectivity value out of range/);
    const good = vtpFile({ points: square, polys: [[0, 1, 2]] }).toString('latin1');
    await refuse(Buffer.from(good.replace('NumberOfPoints="5"', 'NumberOfPoints="6"'), 'latin1'), /points holds 60 bytes, expected 72/);
    await refuse(Buffer.from(good.replace('compressor="vtkZLibDataCompressor"', ''), 'latin1'), /only zlib-compressed/);
    await refuse(Buffer.from(good.replace('format="binary"', 'format="ascii"'), 'latin1'), /not inline binary/);
    await refuse(Buffer.from(good.replace('type="PolyData"', 'type="UnstructuredGrid"'), 'latin1'), /not a VTK PolyData/);
    // flip a character inside the first array's compressed data (after its base64 header)
    const at = good.indexOf('format="binary">') + 40;
    await refuse(Buffer.from(good.slice(0, at) + (good[at] === 'A' ? 'B' : 'A') + good.slice(at + 1), 'latin1'), /corrupt|inflates to|out of range|holds/);
    await refuse(Buffer.from(good.slice(0, good.length / 2), 'latin1'), /not closed|unterminated|no /);
  });
});
