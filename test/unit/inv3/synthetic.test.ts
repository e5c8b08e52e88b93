/**
 * Synthetic projects that exercise what the two real files do not: tar dialects (PAX
 * size/path, global headers, GNU long names, base-256 sizes, ustar prefix), other dtypes,
 * the lazy-mask rule, plist quirks, skipped-with-warning parts, progress and cancellation.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readInv3 } from '../../../src/main/scan/inv3';
import { CancelledError } from '../../../src/main/scan/errors';
import { mainPlist, paxMember, plistBytes, projectTar, tarEnd, tarHeader, tarMember, tempDir, gzip } from './helpers';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const shape: [number, number, number] = [3, 4, 5];
const volume = Int16Array.from({ length: 60 }, (_, i) => i * 10 - 100); // -100 … 490
const volumeBytes = () => new Uint8Array(volume.buffer.slice(0));

describe('tar dialects', () => {
  const members = (main: Uint8Array) => ({ matrix: volumeBytes(), main });

  it('PAX path= and size= override the ustar fields; g headers, directories and GNU long names work', async () => {
    const { matrix, main } = members(plistBytes(mainPlist(shape)));
    const longDir = `${'d'.repeat(120)}/`;
    const tar = Buffer.concat([
      paxMember({ comment: 'global header' }, 'g'),
      tarMember('tmpx/', new Uint8Array(0), { typeflag: '5' }),
      // ustar name is junk; PAX path says what it is. Size field lies (0); PAX size is right.
      paxMember({ path: 'tmpx/matrix.dat', size: String(matrix.length), mtime: '1.5' }),
      tarHeader({ name: 'junk-name', size: 0 }),
      matrix,
      Buffer.alloc((512 - (matrix.length % 512)) % 512),
      // GNU long name (typeflag L) for main.plist in a >100-character folder
      tarMember('././@LongLink', Buffer.from(`${longDir}main.plist\0`), { typeflag: 'L', magic: 'gnu' }),
      tarMember(`${longDir.slice(0, 90)}main.pl`, main, { magic: 'gnu' }),
      tarEnd(),
    ]);
    const v = await readInv3(tmp.file('pax.inv3', tar));
    expect(Array.from(v.data)).toEqual(Array.from(volume));
  });

  it('base-256 sizes, the ustar prefix field, and a missing end marker', async () => {
    const { matrix, main } = members(plistBytes(mainPlist(shape)));
    const prefixed = tarHeader({ name: 'main.plist', size: main.length });
    // put the folder in the ustar prefix field (offset 345) and fix the checksum
    Buffer.from('some/deep/folder').copy(prefixed, 345);
    prefixed.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of prefixed) sum += b;
    Buffer.from(sum.toString(8).padStart(6, '0') + '\0 ').copy(prefixed, 148);
    const tar = Buffer.concat([
      tarMember('tmpx/matrix.dat', matrix, { base256: true }),
      prefixed,
      main,
      Buffer.alloc((512 - (main.length % 512)) % 512),
    ]);
    const v = await readInv3(tmp.file('b256.inv3', tar));
    expect(v.shape).toEqual(shape);
    const gz = await readInv3(tmp.file('b256.gz.inv3', gzip(tar)));
    expect(Array.from(gz.data)).toEqual(Array.from(volume));
  });
});

describe('volume fields', () => {
  it('other dtypes (uint8, float32), name trimming, format 1 integer, newer format warning, nan/inf accepted', async () => {
    const f32 = Float32Array.from({ length: 60 }, (_, i) => i / 4 - 3.5);
    const tar = projectTar({
      shape,
      volume: new Int16Array(f32.buffer),
      main: {
        matrix: { dtype: 'float32', filename: 'matrix.dat', shape },
        scalar_range: [-3, 11], // Python's int() of -3.5 and 11.25
        format_version: 1.2,
        image_fiducials: [
          [NaN, Infinity, -Infinity],
          [0, 0, 0],
          [0, 0, 0],
        ],
      },
      // plist.build writes NaN/Infinity its own way; make them look like Python's plistlib
      editMain: (xml) => xml.replace('<real>NaN</real>', '<real>nan</real>').replace('<real>Infinity</real>', '<real>inf</real>').replace('<real>-Infinity</real>', '<real>-inf</real>'),
    });
    expect(tar.toString('latin1')).toContain('<real>-inf</real>');
    const v = await readInv3(tmp.file('f32.inv3', tar));
    expect(v.dtype).toBe('float32');
    expect(Array.from(v.data)).toEqual(Array.from(f32));
    expect(v.meta.name).toBe('SYNTH');
    expect(v.meta.warnings).toEqual([expect.stringMatching(/format 1\.2 is newer/)]);
    expect(v.scalarRange).toEqual([-3.5, 11.25]);
    expect(v.window).toEqual({ level: 40.5, width: 400.5 });
    expect(v.spacing).toEqual([0.5, 0.75, 2.5]);

    const u8 = Uint8Array.from({ length: 60 }, (_, i) => i * 4);
    const tar8 = projectTar({
      shape,
      volume: new Int16Array(0),
      members: { 'matrix.dat': u8 },
      main: { matrix: { dtype: 'uint8', filename: 'matrix.dat', shape }, format_version: 1, scalar_range: [0, 236] },
    });
    const v8 = await readInv3(tmp.file('u8.inv3', tar8));
    expect(v8.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(v8.data)).toEqual(Array.from(u8));
    expect(v8.meta.warnings).toEqual([]);
    expect(v8.scalarRange).toEqual([0, 236]);
  });

  it('reads the member main.plist names even when a matrix.dat is present (plain and gzip)', async () => {
    const tar = projectTar({
      shape,
      volume: new Int16Array(0),
      members: { 'matrix.dat': new Uint8Array(999), 'matrix_v1.dat': volumeBytes() },
      main: { matrix: { dtype: 'int16', filename: 'matrix_v1.dat', shape }, scalar_range: [-100, 490] },
    });
    const v = await readInv3(tmp.file('v1.inv3', tar));
    expect(Array.from(v.data)).toEqual(Array.from(volume));
    // a gzip stream can only route matrix.dat into shared memory: a clear refusal
    await expect(readInv3(tmp.file('v1.gz.inv3', gzip(tar)))).rejects.toThrow(/'matrix_v1\.dat': in a compressed project only 'matrix\.dat' can be the volume/);
  });

  it('measures the value range and reports a scalar_range that disagrees with the voxels', async () => {
    const v = await readInv3(tmp.file('range.inv3', projectTar({ shape, volume, main: { scalar_range: [0, 1] } })));
    expect(v.scalarRange).toEqual([-100, 490]);
    expect(v.meta.warnings).toEqual(["main.plist scalar_range [0, 1] differs from the voxels' [-100, 490]; using the voxels'"]);
  });
});

describe('masks', () => {
  /** The reader rule, written out plainly with 3-D indices (spec section 4). */
  function expectedMask(raw: Uint8Array, lo: number, hi: number): number[] {
    const [nz, ny, nx] = shape;
    const out: number[] = [];
    const at = (k: number, j: number, i: number) => raw[k * (ny + 1) * (nx + 1) + j * (nx + 1) + i];
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          let value = at(k + 1, j + 1, i + 1);
          if (at(k + 1, 0, 0) === 0 && ![1, 2, 253, 254].includes(value)) {
            const hu = volume[(k * ny + j) * nx + i];
            value = hu >= lo && hu <= hi ? 255 : 0;
          }
          out.push(value >= 253 ? 1 : 0);
        }
    return out;
  }

  it('re-thresholds flag-0 slices keeping hand edits; keeps flagged slices as stored', async () => {
    const [nz, ny, nx] = shape;
    const raw = new Uint8Array((nz + 1) * (ny + 1) * (nx + 1));
    const values = [0, 1, 2, 253, 254, 255, 7];
    for (let n = 0; n < raw.length; n++) raw[n] = values[(n * 7) % values.length];
    // flags: slice 0 not thresholded, slice 1 thresholded, slice 2 edited by hand
    const plane = (ny + 1) * (nx + 1);
    raw[1 * plane] = 0;
    raw[2 * plane] = 1;
    raw[3 * plane] = 2;
    const plist = { name: 'Lazy', colour: [0.33, 1, 0.33], opacity: 0.4, threshold_range: [0, 200], edition_threshold_range: [-100, 490], visible: true, mask_shape: [nz + 1, ny + 1, nx + 1], index: 0, edited: false };
    const expected = expectedMask(raw, 0, 200);
    const v = await readInv3(tmp.file('mask.inv3', projectTar({ shape, volume, masks: [{ raw: raw.slice(), plist }] })));
    expect(v.masks).toHaveLength(1);
    expect(Array.from(v.masks[0].data)).toEqual(expected);
    expect(v.masks[0].voxelsInside).toBe(expected.filter((x) => x === 1).length);
    // the rule matters: the result differs from "stored ≥ 253" alone
    const naive = expectedMask(raw.map((x, n) => (n % plane === 0 ? 1 : x)), 0, 200);
    expect(expected).not.toEqual(naive);
  });

  it('a broken mask, surface or measurement is skipped with a warning; the volume still opens', async () => {
    const [nz, ny, nx] = shape;
    const good = { name: 'Good', colour: [1, 0, 0], opacity: 0.4, threshold_range: [0, 100], visible: true, mask_shape: [nz + 1, ny + 1, nx + 1] };
    const tar = projectTar({
      shape,
      volume,
      masks: [
        { raw: new Uint8Array((nz + 1) * (ny + 1) * (nx + 1)), plist: good },
        { raw: new Uint8Array(10), plist: { ...good, name: 'Short' } },
        { raw: new Uint8Array(10), plist: { ...good, mask_shape: [1, 2, 3] } },
      ],
      members: {
        'surface_0.plist': plistBytes({ name: 'S', colour: [1, 1, 1], transparency: 0, visible: true, polydata: 'surface_0.vtp' }),
        'surface_0.vtp': Buffer.from('<VTKFile type="PolyData"><Piece NumberOfPoints="3"></Piece></VTKFile>'),
        'measurements.plist': plistBytes({ 0: { name: 'bad', type: 42 }, 1: { index: 1, name: 'ok', colour: [1, 0, 0], value: 3, location: 1, type: 6, slice_number: 0, points: [[0, 0, 0], [3, 0, 0]], visible: true } }),
      },
      main: { surfaces: { 0: 'surface_0.plist', 1: 'missing.plist' }, masks: { 0: 'mask_0.plist', 1: 'mask_1.plist', 2: 'mask_2.plist', x: 'mask_0.plist' } },
    });
    const v = await readInv3(tmp.file('broken.inv3', tar));
    expect(v.masks.map((m) => m.name)).toEqual(['Good']);
    expect(v.surfaces).toEqual([]);
    expect(v.measurements.map((m) => m.name)).toEqual(['ok']);
    const w = v.meta.warnings.join('\n');
    expect(w).toMatch(/mask 'mask_1\.plist' skipped: .*10 bytes/);
    expect(w).toMatch(/mask 'mask_2\.plist' skipped: .*mask_shape/);
    expect(w).toMatch(/'masks' entry 'x' is malformed/);
    expect(w).toMatch(/surface 'surface_0\.plist' skipped/);
    expect(w).toMatch(/surface 'missing\.plist' skipped: .*missing/);
    expect(w).toMatch(/measurements\.plist entry '0' skipped: .*type 42/);
  });
});

describe('measurements', () => {
  it('gives 2-D measurements patient coordinates through the volume matrix, and leaves 3-D ones raw', async () => {
    const entry = (name: string, extra: Record<string, unknown>) => ({ name, colour: [0, 1, 0], value: 1.5, type: 6, slice_number: 1, points: [[1, 1.5, 5], [2, 1.5, 5]], visible: true, ...extra });
    const tar = projectTar({
      shape,
      volume,
      members: {
        'measurements.plist': plistBytes({
          0: entry('axial', { location: 1 }),
          1: entry('coronal', { location: 2 }),
          2: entry('surface', { location: 5 }),
          3: entry('unknown', {}),
        }),
      },
    });
    const v = await readInv3(tmp.file('measures.inv3', tar));
    // spacing [0.5, 0.75, 2.5], rows flipped: (1, 1.5, 5) mm = voxel (2, 2, 2) → LPS (1, −1.5, 5)
    expect(v.voxelToPatient).toEqual([0.5, 0, 0, 0, 0, -0.75, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 1]);
    const byName = Object.fromEntries(v.measurements.map((m) => [m.name, m]));
    expect(byName.axial.patientPoints).toEqual([[1, -1.5, 5], [2, -1.5, 5]]);
    expect(byName.coronal.patientPoints).toEqual([[1, -1.5, 5], [2, -1.5, 5]]);
    expect(byName.surface.patientPoints).toBeUndefined();
    expect(byName.unknown.patientPoints).toBeUndefined();
    expect(byName.surface.points).toEqual([[1, 1.5, 5], [2, 1.5, 5]]);
  });
});

describe('progress and cancellation', () => {
  const big: [number, number, number] = [64, 256, 256]; // 8 MiB of int16
  const bigVolume = new Int16Array(64 * 256 * 256).map((_, i) => (i * 2654435761) % 4000 - 1000);

  it('reports reading progress up to 1, plain and gzip', async () => {
    const tar = projectTar({ shape: big, volume: bigVolume });
    for (const [name, bytes] of [['p.inv3', tar], ['g.inv3', gzip(tar)]] as const) {
      const seen: number[] = [];
      await readInv3(tmp.file(name, bytes), { onProgress: (p) => seen.push(p.fraction) });
      expect(seen.length).toBeGreaterThan(1);
      expect(seen[seen.length - 1]).toBe(1);
      expect(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]))).toBe(true);
    }
  });

  it('stops with CancelledError when the signal fires (between chunks)', async () => {
    const tar = projectTar({ shape: big, volume: bigVolume });
    for (const [name, bytes] of [['pc.inv3', tar], ['gc.inv3', gzip(tar)]] as const) {
      const abort = new AbortController();
      const p = readInv3(tmp.file(name, bytes), { signal: abort.signal, onProgress: () => abort.abort() });
      await expect(p).rejects.toBeInstanceOf(CancelledError);
    }
  });
});
