/** NIfTI reader: the shared CT_pitch.nii.gz against its reference, plus synthetic NIfTI-1/-2 files. */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NIFTI, reference } from '../data';
import { readNifti } from '../../../src/main/scan/nifti';
import { openScan } from '../../../src/main/scan/open';
import { isCancelled, isScanError } from '../../../src/main/scan/errors';
import { bytesOf, niftiBytes, type NiftiSpec } from './nifti-writer';
import type { Volume } from '../../../src/shared/volume';

const ref = reference('nifti_CT_pitch.json');
let dir: string;
let n = 0;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'nifti-synth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(spec: NiftiSpec, gzip = false): string {
  const file = path.join(dir, `f${n++}.nii${gzip ? '.gz' : ''}`);
  const bytes = niftiBytes(spec);
  writeFileSync(file, gzip ? gzipSync(bytes) : bytes);
  return file;
}

async function scanError(p: Promise<unknown>): Promise<Error & { file: string; reason: string }> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(isScanError(e)).toBe(true);
  return e as Error & { file: string; reason: string };
}

describe('CT_pitch.nii.gz (shared, oblique, uint8)', () => {
  let v: Volume;
  beforeAll(async () => {
    v = await openScan(NIFTI);
  });

  it('shape, spacing, values and bytes match the file', () => {
    const [nx, ny, nz] = ref.shape;
    expect(v.shape).toEqual([nz, ny, nx]);
    ref.zooms.forEach((z: number, i: number) => expect(v.spacing[i]).toBeCloseTo(z, 6));
    expect(v.dtype).toBe('uint8');
    expect(v.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(v.scalarRange).toEqual(ref.scaled_min_max);
    // independent path: whole-file gunzip, voxels after vox_offset 352, i fastest = [k][j][i]
    const raw = gunzipSync(readFileSync(NIFTI)).subarray(352, 352 + nx * ny * nz);
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(sha(new Uint8Array(v.data.buffer))).toBe(sha(raw));
  });

  it('voxelToPatient is the reference RAS affine in LPS', () => {
    const a: number[][] = ref.affine;
    const want = [...a[0].map((x) => -x), ...a[1].map((x) => -x), ...a[2], 0, 0, 0, 1];
    v.voxelToPatient.forEach((x, i) => expect(x).toBeCloseTo(want[i], 5));
    expect(v.meta.geometryNotes!.join(' ')).toMatch(/oblique sform/);
  });

  it('labels honestly: uint8 0..255 is not HU', () => {
    expect(v.meta.isHU).toBe(false);
    expect(v.meta.orientationUnknown).toBeUndefined(); // its sform states the orientation
    expect(v.meta.sourceFormat).toBe('nifti');
    expect(v.meta.warnings.join(' ')).toMatch(/not Hounsfield units/);
    expect(v.window).toEqual({ level: 127.5, width: 255 });
  });
});

const cube = (f: (i: number) => number, count = 24): number[] => Array.from({ length: count }, (_, i) => f(i));
const dims = [4, 3, 2];

describe('synthetic NIfTI', () => {
  it('int16 with integral scaling → int16 HU, plausibly CT', async () => {
    const stored = cube((i) => i * 100);
    const v = await readNifti(write({ dims, datatype: 4, bitpix: 16, slope: 1, inter: -1024, voxels: bytesOf(stored, 'int16'), pixdim: [0.5, 0.6, 2] }), {});
    expect(v.dtype).toBe('int16');
    expect(Array.from(v.data)).toEqual(stored.map((x) => x - 1024));
    expect(v.shape).toEqual([2, 3, 4]);
    expect(v.meta.isHU).toBe(true);
    expect(v.window).toEqual({ level: 40, width: 400 });
    // no sform/qform: pixdim, RAS → LPS flips x and y
    const want = [-0.5, 0, 0, 0, 0, -0.6, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
    v.voxelToPatient.forEach((x, i) => expect(x).toBeCloseTo(want[i], 6));
    expect(v.meta.geometryNotes!.join(' ')).toMatch(/orientation unknown/);
    expect(v.meta.orientationUnknown).toBe(true); // so no viewer shows R/L, A/P or S/I for it
  });

  it('slope 0.5 → float32; slope 0 or NaN → unscaled', async () => {
    const stored = cube((i) => i - 5);
    let v = await readNifti(write({ dims, datatype: 4, bitpix: 16, slope: 0.5, inter: 0.25, voxels: bytesOf(stored, 'int16') }));
    expect(v.dtype).toBe('float32');
    expect(Array.from(v.data)).toEqual(stored.map((x) => x * 0.5 + 0.25));
    v = await readNifti(write({ dims, datatype: 4, bitpix: 16, slope: NaN, inter: NaN, voxels: bytesOf(stored, 'int16') }));
    expect(Array.from(v.data)).toEqual(stored);
    expect(v.meta.extra!.scaled).toBe(false);
    v = await readNifti(write({ dims, datatype: 4, bitpix: 16, slope: 0, inter: 7, voxels: bytesOf(stored, 'int16') }));
    expect(Array.from(v.data)).toEqual(stored);
  });

  it('every datatype → the right Volume dtype', async () => {
    // int32 narrows to int16 when the values fit (half the memory), stays int32 when they do not
    const cases: [number, number, 'int8' | 'uint16' | 'int32' | 'float32' | 'float64', string, number][] = [
      [256, 8, 'int8', 'int16', 1],
      [512, 16, 'uint16', 'uint16', 3],
      [8, 32, 'int32', 'int16', 3],
      [8, 32, 'int32', 'int32', 100_000],
      [16, 32, 'float32', 'float32', 0.25],
      [64, 64, 'float64', 'float32', 0.5],
    ];
    for (const [code, bitpix, type, dtype, step] of cases) {
      const stored = cube((i) => (type === 'int8' ? i - 12 : i * step));
      const v = await readNifti(write({ dims, datatype: code, bitpix, voxels: bytesOf(stored, type) }));
      expect(v.dtype).toBe(dtype);
      expect(Array.from(v.data)).toEqual(stored);
    }
  });

  it('qform only: quaternion rotation and qfac', async () => {
    // 90° about z: (b, c, d) = (0, 0, sin 45°)
    const s = Math.SQRT1_2;
    const v = await readNifti(write({ dims, datatype: 2, bitpix: 8, voxels: bytesOf(cube((i) => i), 'uint8'), pixdim: [2, 3, 4], qfac: -1, qformCode: 1, quatern: [0, 0, s], qoffset: [10, 20, 30] }));
    // RAS: i → +y·2, j → −x·3, k → −z·4 (qfac −1); LPS negates the x and y rows
    const want = [0, 3, 0, -10, -2, 0, 0, -20, 0, 0, -4, 30, 0, 0, 0, 1];
    v.voxelToPatient.forEach((x, i) => expect(x).toBeCloseTo(want[i], 5));
    expect(v.meta.extra!.affineFrom).toBe('qform');
  });

  it('sform wins over qform', async () => {
    const srow: [number[], number[], number[]] = [[1, 0, 0, 5], [0, 0, 2, 6], [0, 3, 0, 7]];
    const v = await readNifti(write({ dims, datatype: 2, bitpix: 8, voxels: bytesOf(cube((i) => i), 'uint8'), qformCode: 1, sformCode: 1, quatern: [0, 0, Math.SQRT1_2], srow }));
    expect(v.voxelToPatient).toEqual([-1, 0, 0, -5, 0, 0, -2, -6, 0, 3, 0, 7, 0, 0, 0, 1]);
  });

  it('NIfTI-2, big endian, gzip, 4D (first volume)', async () => {
    const stored = cube((i) => -1000 + i * 50);
    let v = await readNifti(write({ version: 2, dims, datatype: 4, bitpix: 16, voxels: bytesOf(stored, 'int16') }, true));
    expect(Array.from(v.data)).toEqual(stored);
    expect(v.meta.extra!.niftiVersion).toBe(2);
    v = await readNifti(write({ dims, datatype: 4, bitpix: 16, bigEndian: true, voxels: bytesOf(stored, 'int16', true) }));
    expect(Array.from(v.data)).toEqual(stored);
    const two = [...stored, ...stored.map((x) => x + 1)];
    v = await readNifti(write({ dims: [...dims, 2], datatype: 4, bitpix: 16, voxels: bytesOf(two, 'int16') }, true));
    expect(Array.from(v.data)).toEqual(stored);
    expect(v.meta.warnings.join(' ')).toMatch(/4D image with 2 volumes/);
  });

  it('bad input: truncated plain and gzip, impossible sizes, unsupported datatype', async () => {
    const good = niftiBytes({ dims, datatype: 4, bitpix: 16, voxels: bytesOf(cube((i) => i), 'int16') });
    let file = path.join(dir, 'short.nii');
    writeFileSync(file, good.subarray(0, good.length - 10));
    let e = await scanError(readNifti(file));
    expect(e.file).toBe(file);
    expect(e.reason).toMatch(/truncated/);
    file = path.join(dir, 'short.nii.gz');
    writeFileSync(file, gzipSync(good.subarray(0, good.length - 10)));
    e = await scanError(readNifti(file));
    expect(e.reason).toMatch(/ends early/);
    file = path.join(dir, 'cut.nii.gz');
    const gz = gzipSync(good);
    writeFileSync(file, gz.subarray(0, gz.length - 12));
    e = await scanError(readNifti(file));
    expect(e.reason).toMatch(/corrupt|ends early/);
    // 512³ int16 declared in a few hundred compressed bytes: refused before allocating
    e = await scanError(readNifti(write({ dims: [512, 512, 512], datatype: 4, bitpix: 16, voxels: new Uint8Array(0) }, true)));
    expect(e.reason).toMatch(/more than .* compressed bytes/);
    e = await scanError(readNifti(write({ dims, datatype: 128, bitpix: 24, voxels: new Uint8Array(72) })));
    expect(e.reason).toMatch(/unsupported NIfTI datatype 128/);
    e = await scanError(readNifti(write({ dims, datatype: 4, bitpix: 8, voxels: new Uint8Array(48) })));
    expect(e.reason).toMatch(/bitpix 8 does not match/);
  });

  it('damaged headers (seeded byte flips) end in a volume or a ScanError, never a crash', async () => {
    const good = niftiBytes({ dims, datatype: 4, bitpix: 16, qformCode: 1, sformCode: 1, srow: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], voxels: bytesOf(cube((i) => i), 'int16') });
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let errors = 0;
    for (let trial = 0; trial < 60; trial++) {
      const bytes = good.slice();
      for (let i = 0; i < 4; i++) bytes[Math.floor(random() * 348)] ^= 1 + Math.floor(random() * 255);
      const file = path.join(dir, `fuzz${trial}.nii`);
      writeFileSync(file, bytes);
      try {
        const v = await readNifti(file);
        expect(v.data.length).toBe(v.shape[0] * v.shape[1] * v.shape[2]);
        expect(v.voxelToPatient.every(Number.isFinite)).toBe(true);
      } catch (e) {
        expect(isScanError(e)).toBe(true);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  });

  it('cancellation stops the read', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(readNifti(NIFTI, { signal: ac.signal })).rejects.toSatisfy(isCancelled);
  });
});
