/**
 * Synthetic series written byte by byte (part10-writer.ts): ordering, orientation, spacing,
 * tilt, several series, pixel formats, rescale, padding and every kind of bad input.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDicomSeries, readDicom } from '../../../src/main/scan/dicom';
import { WorkerPool } from '../../../src/main/workers/pool';
import { isCancelled, isScanError } from '../../../src/main/scan/errors';
import { ctSlice, type SliceSpec } from './part10-writer';

let pool: WorkerPool;
let root: string;
let n = 0;
/** Every written instance gets its own SOPInstanceUID (identical ones count as duplicates). */
let uid = 0;
beforeAll(() => {
  pool = new WorkerPool(2);
  root = mkdtempSync(path.join(tmpdir(), 'dicom-synth-'));
});
afterAll(async () => {
  await pool.close();
  rmSync(root, { recursive: true, force: true });
});

const ROWS = 3;
const COLS = 4;
/** Distinct stored values per slice/pixel so ordering errors show. */
const values = (k: number): number[] => Array.from({ length: ROWS * COLS }, (_, i) => 100 * k + i);

type Partial = Omit<SliceSpec, 'rows' | 'columns' | 'stored' | 'sopUid' | 'seriesUid'> & Partial2;
interface Partial2 {
  stored?: number[];
  seriesUid?: string;
  rows?: number;
  columns?: number;
}

/** Writes one file per spec into a fresh folder; names are in the given order. */
function series(specs: (Partial & { name?: string })[], dir = path.join(root, `s${n++}`)): string {
  mkdirSync(dir, { recursive: true });
  specs.forEach((s, k) => {
    const bytes = ctSlice({ rows: ROWS, columns: COLS, stored: values(k), seriesUid: '1.2.3.100', sopUid: `1.2.3.100.${uid++}`, ...s });
    writeFileSync(path.join(dir, s.name ?? `f${k}`), bytes);
  });
  return dir;
}

function slice(vol: { data: ArrayLike<number> }, k: number): number[] {
  return Array.from(vol.data as ArrayLike<number>).slice(k * ROWS * COLS, (k + 1) * ROWS * COLS);
}

async function scanError(p: Promise<unknown>): Promise<Error & { file: string; reason: string }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isScanError(e)).toBe(true);
  return e as Error & { file: string; reason: string };
}

describe('ordering and geometry', () => {
  it('sorts shuffled files along the normal, whatever their names', async () => {
    // file f0 holds the slice at z=6, f1 at z=0, …: names and positions disagree
    const zs = [6, 0, 4, 2];
    const dir = series(zs.map((z) => ({ position: [-10, 20, z] as [number, number, number], intercept: -1024, slope: 1 })));
    const v = await readDicom([dir], { pool });
    expect(v.shape).toEqual([4, ROWS, COLS]);
    // slice k of the volume is the file whose z is 2k; file index = zs.indexOf(2k), stored values 100*index + i
    for (let k = 0; k < 4; k++) expect(slice(v, k)).toEqual(values(zs.indexOf(2 * k)).map((x) => x - 1024));
    expect(v.spacing).toEqual([0.5, 0.5, 2]);
    expect(v.voxelToPatient).toEqual([0.5, 0, 0, -10, 0, 0.5, 0, 20, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(v.dtype).toBe('int16');
    expect(v.meta.isHU).toBe(true);
  });

  it('oblique orientation: voxelToPatient follows IOP and sorting follows the normal, not z', async () => {
    const a = (120 * Math.PI) / 180; // column direction tilted past vertical: normal has negative z
    const row: [number, number, number] = [1, 0, 0];
    const col: [number, number, number] = [0, Math.cos(a), Math.sin(a)];
    const normal = [0, -Math.sin(a), Math.cos(a)];
    const origin = [5, 6, 7];
    const pos = (k: number): [number, number, number] => origin.map((o, i) => o + 3 * k * normal[i]) as [number, number, number];
    const dir = series([2, 0, 1].map((k) => ({ position: pos(k), orientation: [...row, ...col] as SliceSpec['orientation'], pixelSpacing: [0.8, 0.6] as [number, number] })));
    const v = await readDicom([dir], { pool });
    expect(slice(v, 0)).toEqual(values(1)); // file 1 is k=0
    expect(slice(v, 2)).toEqual(values(0));
    const m = v.voxelToPatient;
    const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 4));
    close([m[0], m[4], m[8]], row.map((x) => x * 0.6)); // column index → row direction × column spacing (0.6)
    close([m[1], m[5], m[9]], col.map((x) => x * 0.8)); // row index → column direction × row spacing (0.8)
    close([m[2], m[6], m[10]], normal.map((x) => x * 3));
    close([m[3], m[7], m[11]], pos(0));
    expect(v.spacing[0]).toBeCloseTo(0.6, 6);
    expect(v.spacing[1]).toBeCloseTo(0.8, 6);
    expect(v.spacing[2]).toBeCloseTo(3, 4);
    expect(v.meta.geometryNotes).toEqual([]);
  });

  it('uneven spacing → slicePositions and a geometry note', async () => {
    const zs = [0, 1, 2, 4, 5];
    const v = await readDicom([series(zs.map((z) => ({ position: [0, 0, z] as [number, number, number] })))], { pool });
    expect(v.slicePositions).toEqual([0, 1, 2, 4, 5]);
    expect(v.spacing[2]).toBeCloseTo(1.25, 6);
    expect(v.meta.geometryNotes!.join(' ')).toMatch(/uneven slice spacing/);
  });

  it('gantry tilt → the slice column is the real step vector (a shear), noted', async () => {
    const t = (20 * Math.PI) / 180;
    const zs = [0, 1, 2, 3];
    const v = await readDicom([series(zs.map((k) => ({ position: [0, 2 * k * Math.tan(t), 2 * k] as [number, number, number], gantryTilt: 20 })))], { pool });
    const m = v.voxelToPatient;
    expect(m[2]).toBeCloseTo(0, 6);
    expect(m[6]).toBeCloseTo(2 * Math.tan(t), 4);
    expect(m[10]).toBeCloseTo(2, 4);
    expect(v.spacing[2]).toBeCloseTo(2, 4); // distance between slice planes
    expect(v.slicePositions).toBeUndefined();
    expect(Number(v.meta.extra!.gantryTiltDegrees)).toBeCloseTo(20, 2);
    expect(v.meta.geometryNotes!.join(' ')).toMatch(/gantry tilt 20\.00°.*shear/);
  });

  it('tilt recorded in (0018,1120) but slices along their normal: no shear, a note', async () => {
    const a = (15 * Math.PI) / 180; // the image plane itself is tilted; positions follow its normal
    const col: [number, number, number] = [0, Math.cos(a), Math.sin(a)];
    const normal = [0, -Math.sin(a), Math.cos(a)];
    const v = await readDicom([series([0, 1, 2].map((k) => ({ position: normal.map((x) => 2 * k * x) as [number, number, number], orientation: [1, 0, 0, ...col] as SliceSpec['orientation'], gantryTilt: 15 })))], { pool });
    [v.voxelToPatient[2], v.voxelToPatient[6], v.voxelToPatient[10]].forEach((x, i) => expect(x).toBeCloseTo(2 * normal[i], 4));
    expect(v.meta.extra!.gantryTiltDegrees).toBe(0);
    expect(v.meta.geometryNotes!.join(' ')).toMatch(/GantryDetectorTilt 15° recorded.*no shear/);
  });

  it('a single slice gets a slice spacing from SliceThickness or 1 mm', async () => {
    const v = await readDicom([series([{ position: [1, 2, 3] }])], { pool });
    expect(v.shape).toEqual([1, ROWS, COLS]);
    expect(v.spacing[2]).toBe(1);
  });
});

describe('several series', () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(root, 'two');
    series([0, 1, 2].map((z) => ({ position: [0, 0, z] as [number, number, number], seriesUid: '1.2.3.A', description: 'SMALL', name: `a${z}` })), dir);
    series([0, 1, 2, 3, 4].map((z) => ({ position: [0, 0, z] as [number, number, number], seriesUid: '1.2.3.B', description: 'BIG', name: `b${z}` })), dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'not dicom at all');
  });

  it('picks the largest, lists both', async () => {
    const v = await readDicom([dir], { pool });
    expect(v.shape[0]).toBe(5);
    expect(v.meta.name).toBe('BIG');
    expect(v.meta.series).toEqual([
      { uid: '1.2.3.B', description: 'BIG', count: 5 },
      { uid: '1.2.3.A', description: 'SMALL', count: 3 },
    ]);
    expect(v.meta.extra!.skippedFiles).toBe(1);
  });

  it('seriesUid picks the other; listDicomSeries lists both cheaply', async () => {
    const v = await readDicom([dir], { pool, seriesUid: '1.2.3.A' });
    expect(v.shape[0]).toBe(3);
    expect(v.meta.name).toBe('SMALL');
    expect((await listDicomSeries([dir], { pool })).map((s) => s.uid)).toEqual(['1.2.3.B', '1.2.3.A']);
    const e = await scanError(readDicom([dir], { pool, seriesUid: '9.9' }));
    expect(e.reason).toMatch(/series 9\.9 not found/);
  });

  it('one file given opens that file\'s series', async () => {
    const v = await readDicom([path.join(dir, 'a1')], { pool });
    expect(v.meta.name).toBe('SMALL');
    expect(v.shape[0]).toBe(3);
  });

  it('identity stays in meta.identity, never in the name', async () => {
    const v = await readDicom([dir], { pool });
    expect(v.meta.identity).toEqual({ patientName: 'Doe Jane', patientId: 'ID123' });
    expect(JSON.stringify({ ...v.meta, identity: undefined })).not.toMatch(/Doe|ID123/);
  });
});

describe('pixel formats and rescale', () => {
  it('signed pixels', async () => {
    const stored = Array.from({ length: ROWS * COLS }, (_, i) => -1000 + 150 * i);
    const v = await readDicom([series([{ position: [0, 0, 0], stored, pixelRepresentation: 1, slope: 1, intercept: 0 }])], { pool });
    expect(Array.from(v.data)).toEqual(stored);
  });

  it('BitsStored 12 with garbage in the high bits, unsigned and signed', async () => {
    const real = [0, 1, 2047, 4095, 100, 200, 300, 400, 500, 600, 700, 800];
    const dirty = real.map((x) => x | 0xa000);
    const u = await readDicom([series([{ position: [0, 0, 0], stored: dirty, bitsStored: 12, intercept: -1024, slope: 1 }])], { pool });
    expect(Array.from(u.data)).toEqual(real.map((x) => x - 1024));
    const signedReal = [-2048, -1, 0, 2047, -100, 5, 6, 7, 8, 9, 10, -11];
    const signedDirty = signedReal.map((x) => (x & 0xfff) | 0x5000);
    const s = await readDicom([series([{ position: [0, 0, 0], stored: signedDirty, bitsStored: 12, pixelRepresentation: 1 }])], { pool });
    expect(Array.from(s.data)).toEqual(signedReal);
  });

  it('slope 0.5 → float32 with exact values; per-slice rescale', async () => {
    const dir = series([
      { position: [0, 0, 0], slope: 0.5, intercept: -1000.25 },
      { position: [0, 0, 1], slope: 2, intercept: -1024 },
    ]);
    const v = await readDicom([dir], { pool });
    expect(v.dtype).toBe('float32');
    expect(slice(v, 0)).toEqual(values(0).map((x) => x * 0.5 - 1000.25));
    expect(slice(v, 1)).toEqual(values(1).map((x) => x * 2 - 1024));
    const all = Array.from(v.data);
    expect(v.scalarRange).toEqual([Math.min(...all), Math.max(...all)]);
  });

  it('16-bit unsigned values that overflow int16 → int32', async () => {
    const stored = values(0).map((x) => 40000 + x);
    const v = await readDicom([series([{ position: [0, 0, 0], stored, intercept: -1024, slope: 1 }])], { pool });
    expect(v.dtype).toBe('int32');
    expect(Array.from(v.data)).toEqual(stored.map((x) => x - 1024));
    // the same storage with values that fit stays int16
    const w = await readDicom([series([{ position: [0, 0, 0], intercept: -1024, slope: 1 }])], { pool });
    expect(w.dtype).toBe('int16');
  });

  it('padding: CT → air (−1024 HU); other modalities → the lowest rescaled value', async () => {
    const stored = values(0).map((x, i) => (i % 3 === 0 ? -2000 : x));
    const ct = await readDicom([series([{ position: [0, 0, 0], stored, pixelRepresentation: 1, paddingValue: -2000, slope: 1, intercept: -1024 }])], { pool });
    expect(Array.from(ct.data)).toEqual(stored.map((x) => (x === -2000 ? -1024 : x - 1024)));
    const mr = await readDicom([series([{ position: [0, 0, 0], stored, pixelRepresentation: 1, paddingValue: -2000, modality: 'MR' }])], { pool });
    expect(Array.from(mr.data)).toEqual(stored.map((x) => (x === -2000 ? -32768 : x)));
    expect(mr.meta.isHU).toBe(false);
  });
});

describe('bad input: one-line ScanError naming the file', () => {
  it('truncated pixel data', async () => {
    const dir = series([{ position: [0, 0, 0] }, { position: [0, 0, 1], truncate: 6, name: 'short' }]);
    const e = await scanError(readDicom([dir], { pool }));
    expect(e.file).toBe(path.join(dir, 'short'));
    expect(e.reason).toMatch(/truncated/);
    expect(e.message.split('\n')).toHaveLength(1);
  });

  it('missing PixelSpacing / ImagePositionPatient / Rows', async () => {
    let e = await scanError(readDicom([series([{ position: [0, 0, 0], omit: [0x00280030] }])], { pool }));
    expect(e.reason).toMatch(/PixelSpacing/);
    const dir = series([{ position: [0, 0, 0] }, { name: 'nopos' }]);
    e = await scanError(readDicom([dir], { pool }));
    expect(e.file).toBe(path.join(dir, 'nopos'));
    expect(e.reason).toMatch(/ImagePositionPatient/);
    e = await scanError(readDicom([series([{ position: [0, 0, 0], omit: [0x00280010] }])], { pool }));
    expect(e.reason).toMatch(/Rows/);
  });

  it('unknown transfer syntax is named', async () => {
    const dir = series([{ position: [0, 0, 0], transferSyntax: '1.2.840.10008.1.2.4.50', name: 'jpeg' }]);
    const e = await scanError(readDicom([dir], { pool }));
    expect(e.file).toBe(path.join(dir, 'jpeg'));
    expect(e.reason).toBe('unsupported transfer syntax 1.2.840.10008.1.2.4.50 (JPEG Baseline (lossy 8-bit))');
  });

  it('duplicate positions and size mismatches are refused', async () => {
    let e = await scanError(readDicom([series([{ position: [0, 0, 0] }, { position: [0, 0, 0] }])], { pool }));
    expect(e.reason).toMatch(/same slice position/);
    const stored = Array.from({ length: 4 * COLS }, (_, i) => i);
    e = await scanError(readDicom([series([{ position: [0, 0, 0] }, { position: [0, 0, 1], rows: 4, stored }])], { pool }));
    expect(e.reason).toMatch(/rows 4 differs from 3/);
    e = await scanError(readDicom([series([{ position: [0, 0, 0] }, { position: [0, 0, 1], bitsStored: 12 }])], { pool }));
    expect(e.reason).toMatch(/bitsStored 12 differs/);
  });

  it('a folder without DICOM images, a file that is not DICOM', async () => {
    const dir = path.join(root, 'empty');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'readme'), 'hello');
    let e = await scanError(readDicom([dir], { pool }));
    expect(e.reason).toMatch(/no DICOM images/);
    e = await scanError(readDicom([path.join(dir, 'readme')], { pool }));
    expect(e.file).toBe(path.join(dir, 'readme'));
    e = await scanError(readDicom([path.join(dir, 'nope')], { pool }));
    expect(e.reason).toMatch(/no such file/);
  });

  it('a DICM file that does not parse', async () => {
    const dir = path.join(root, 'junk');
    mkdirSync(dir);
    const junk = new Uint8Array(300).fill(0xff);
    junk.set([0x44, 0x49, 0x43, 0x4d], 128);
    writeFileSync(path.join(dir, 'junk'), junk);
    const e = await scanError(readDicom([dir], { pool }));
    expect(e.file).toBe(path.join(dir, 'junk'));
    expect(e.reason).toMatch(/not a readable DICOM file/);
  });
});

describe('duplicates', () => {
  it('the same instance in two sub-folders counts once, with a warning', async () => {
    const dir = path.join(root, 'dups');
    for (const sub of ['a', 'b']) {
      mkdirSync(path.join(dir, sub), { recursive: true });
      for (let k = 0; k < 3; k++) {
        const bytes = ctSlice({ rows: ROWS, columns: COLS, stored: values(k), seriesUid: '1.2.3.D', sopUid: `1.2.3.D.${k}`, position: [0, 0, k] });
        writeFileSync(path.join(dir, sub, `f${k}`), bytes);
      }
    }
    const v = await readDicom([dir], { pool });
    expect(v.shape[0]).toBe(3);
    for (let k = 0; k < 3; k++) expect(slice(v, k)).toEqual(values(k));
    expect(v.meta.warnings.join(' ')).toMatch(/3 duplicate instance/);
  });
});

describe('transfer syntaxes and the pool', () => {
  it('Implicit VR Little Endian, signed, with padding as SS/US-less implicit value', async () => {
    const stored = values(0).map((x, i) => (i === 5 ? -2000 : x - 500));
    const dir = series([
      { position: [0, 0, 0], stored, pixelRepresentation: 1, paddingValue: -2000, slope: 1, intercept: -24, transferSyntax: '1.2.840.10008.1.2' },
      { position: [0, 0, 1], stored, pixelRepresentation: 1, paddingValue: -2000, slope: 1, intercept: -24, transferSyntax: '1.2.840.10008.1.2' },
    ]);
    const v = await readDicom([dir], { pool });
    expect(slice(v, 1)).toEqual(stored.map((x) => (x === -2000 ? -1024 : x - 24)));
    expect(v.meta.extra!.transferSyntax).toBe('1.2.840.10008.1.2');
  });

  it('header scan and every slice decode go through the worker pool', async () => {
    const dir = series([0, 1, 2, 3].map((z) => ({ position: [0, 0, z] as [number, number, number] })));
    const kinds: string[] = [];
    const spy = { run: (kind: string, input: unknown, o: unknown) => (kinds.push(kind), (pool.run as (...a: unknown[]) => unknown)(kind, input, o)) } as unknown as WorkerPool;
    await readDicom([dir], { pool: spy });
    expect(kinds.filter((k) => k === 'dicomDecode')).toHaveLength(4);
    expect(kinds).toContain('dicomHeaders');
  });
});

describe('cancellation', () => {
  it('aborting during decoding rejects with CancelledError; the pool keeps working', async () => {
    const dir = series([0, 1, 2, 3, 4, 5].map((z) => ({ position: [0, 0, z] as [number, number, number] })));
    const ac = new AbortController();
    const read = readDicom([dir], { pool, signal: ac.signal, onProgress: (p) => p.stage === 'decoding' && ac.abort() });
    await expect(read).rejects.toSatisfy(isCancelled);
    expect((await readDicom([dir], { pool })).shape[0]).toBe(6);
  });

  it('an aborted signal stops the read with CancelledError', async () => {
    const dir = series([0, 1, 2].map((z) => ({ position: [0, 0, z] as [number, number, number] })));
    const ac = new AbortController();
    ac.abort();
    await expect(readDicom([dir], { pool, signal: ac.signal })).rejects.toSatisfy(isCancelled);
  });
});
