import { describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  checkDialogKind,
  checkExistingPath,
  checkExportOptions,
  checkOpenPaths,
  checkPathString,
  checkPng,
  checkSeriesChoice,
  checkViewState,
  InvalidArgument,
  isTrustedSender,
  LIMITS,
} from '../../../src/main/app/validate';
import { DICOM_DIR, INV3_GZ, NIFTI } from '../data';

const hostileValues: unknown[] = [undefined, null, 0, 1, NaN, true, {}, [], () => 1, Symbol('x'), 10n, new Uint8Array(4)];

describe('path checks', () => {
  it('accepts real absolute paths to files and folders', () => {
    expect(checkExistingPath(INV3_GZ)).toBe(INV3_GZ);
    expect(checkExistingPath(DICOM_DIR)).toBe(DICOM_DIR);
    expect(checkOpenPaths([NIFTI, NIFTI])).toEqual([NIFTI]); // duplicates collapse
  });

  it.each(hostileValues)('rejects non-string %s', (v) => {
    expect(() => checkPathString(v)).toThrow(InvalidArgument);
  });

  it('rejects relative, dotted, NUL-bearing, empty and huge paths', () => {
    const bad = [
      'relative/file.inv3',
      './file.inv3',
      `${path.dirname(INV3_GZ)}/../inv3/${path.basename(INV3_GZ)}`,
      `${INV3_GZ}/..`,
      `${path.dirname(INV3_GZ)}/./x`,
      `${INV3_GZ}\0.png`,
      '',
      '/' + 'a'.repeat(LIMITS.maxPathLength),
    ];
    for (const p of bad) expect(() => checkPathString(p), p).toThrow(InvalidArgument);
  });

  it('rejects paths that do not exist, and non-arrays / empty / oversized lists', () => {
    expect(() => checkExistingPath('/definitely/not/here.inv3')).toThrow(/no such file/);
    expect(() => checkOpenPaths(INV3_GZ)).toThrow(InvalidArgument);
    expect(() => checkOpenPaths([])).toThrow(InvalidArgument);
    expect(() => checkOpenPaths([INV3_GZ, 42])).toThrow(InvalidArgument);
    const many = new Array(LIMITS.maxPaths + 1).fill(INV3_GZ);
    expect(() => checkOpenPaths(many)).toThrow(/count/);
  });

  it('uses the injected stat (a stat that throws counts as missing)', () => {
    const throwing = () => {
      throw new Error('EACCES');
    };
    expect(() => checkExistingPath('/x/y', throwing)).toThrow(/no such file/);
    const fifo = () => ({ isFile: () => false, isDirectory: () => false });
    expect(() => checkExistingPath('/x/y', fifo)).toThrow(/no such file/);
  });
});

describe('enum and small-value checks', () => {
  it('dialog kind', () => {
    expect(checkDialogKind('file')).toBe('file');
    expect(checkDialogKind('folder')).toBe('folder');
    for (const v of [...hostileValues, 'FILE', 'save', 'file ']) expect(() => checkDialogKind(v)).toThrow(InvalidArgument);
  });

  it('series uid', () => {
    expect(checkSeriesChoice('1.2.840.113619.2.55.3')).toBe('1.2.840.113619.2.55.3');
    expect(checkSeriesChoice(null)).toBeNull();
    for (const v of [undefined, 1, {}, '', 'x'.repeat(200), '1.2;rm -rf', '1.2\0', '../1']) {
      expect(() => checkSeriesChoice(v)).toThrow(InvalidArgument);
    }
  });

  it('export options', () => {
    expect(checkExportOptions({ grid: 256, bits: 8, keepIdentity: false })).toEqual({ grid: 256, bits: 8, keepIdentity: false });
    const bad: unknown[] = [
      ...hostileValues,
      { grid: 256, bits: 12, keepIdentity: false },
      { grid: 256.5, bits: 8, keepIdentity: false },
      { grid: 10, bits: 8, keepIdentity: false },
      { grid: 1e9, bits: 8, keepIdentity: false },
      { grid: '256', bits: 8, keepIdentity: false },
      { grid: 256, bits: 8, keepIdentity: 'yes' },
      { grid: 256, bits: 8, keepIdentity: false, outFile: '/etc/passwd' },
      JSON.parse('{"grid":256,"bits":8,"keepIdentity":false,"__proto__":{"polluted":true}}'),
      Object.assign(Object.create({ inherited: 1 }), { grid: 256, bits: 8, keepIdentity: false }),
    ];
    for (const v of bad) expect(() => checkExportOptions(v)).toThrow(InvalidArgument);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // the view the bundle opens on: checked (and copied) as a view state is
    const view = { mode: 'mip', window: { level: 40, width: 400 }, crop: { min: [0, 0.45, 0], max: [1, 0.55, 1] } };
    const checked = checkExportOptions({ grid: 256, bits: 8, keepIdentity: false, view });
    expect(checked.view).toEqual(view);
    expect(checked.view).not.toBe(view);
    for (const v of [{ mode: 'mip', window: { level: NaN } }, { f: () => 1 }, 'mip', { deep: [[[[[[[[1]]]]]]]] }, { big: 'x'.repeat(LIMITS.maxViewStateBytes) }]) {
      expect(() => checkExportOptions({ grid: 256, bits: 8, keepIdentity: false, view: v }), JSON.stringify(v)).toThrow(InvalidArgument);
    }
  });

  it('PNG bytes', () => {
    const png = new Uint8Array(100);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(checkPng(png)).toBe(png);
    expect(() => checkPng(new Uint8Array(100))).toThrow(/not a PNG/);
    expect(() => checkPng(png.subarray(0, 20))).toThrow(/size/);
    expect(() => checkPng(Array.from(png))).toThrow(InvalidArgument);
    expect(() => checkPng(png.buffer)).toThrow(InvalidArgument);
  });
});

describe('view state', () => {
  it('copies plain JSON', () => {
    const s = { mode: 'dvr', window: { level: 40, width: 80 }, camera: [1, 2, 3], iso: null, on: true };
    const out = checkViewState(s);
    expect(out).toEqual(s);
    expect(out).not.toBe(s);
  });

  it('rejects prototype pollution, exotic objects, non-finite numbers, deep and big values', () => {
    const bad: unknown[] = [
      ...hostileValues.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array))),
      [],
      JSON.parse('{"__proto__":{"polluted":1}}'),
      JSON.parse('{"a":{"constructor":{"prototype":{"polluted":1}}}}'),
      { a: NaN },
      { a: Infinity },
      { a: new Date() },
      { a: new Map() },
      { a: () => 1 },
      { a: 1n },
      { s: 'x'.repeat(LIMITS.maxViewStateBytes + 1) },
      { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } },
    ];
    for (const v of bad) expect(() => checkViewState(v), JSON.stringify(String(v))).toThrow(InvalidArgument);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('sender check', () => {
  const ours = new Set([7]);
  const origin = 'app://hounsfield';
  it('accepts our window top frame on the app origin', () => {
    expect(isTrustedSender({ frameUrl: 'app://hounsfield/index.html', isMainFrame: true, webContentsId: 7 }, ours, origin)).toBe(true);
  });
  it('rejects iframes, other windows, other origins and junk URLs', () => {
    const cases = [
      { frameUrl: 'app://hounsfield/index.html', isMainFrame: false, webContentsId: 7 },
      { frameUrl: 'app://hounsfield/index.html', isMainFrame: true, webContentsId: 8 },
      { frameUrl: 'file:///home/x/index.html', isMainFrame: true, webContentsId: 7 },
      { frameUrl: 'https://evil.example/', isMainFrame: true, webContentsId: 7 },
      { frameUrl: 'app://hounsfield.evil/index.html', isMainFrame: true, webContentsId: 7 },
      { frameUrl: 'app://evil@hounsfield/', isMainFrame: true, webContentsId: 7 },
      { frameUrl: '', isMainFrame: true, webContentsId: 7 },
      { frameUrl: 'about:blank', isMainFrame: true, webContentsId: 7 },
    ];
    for (const c of cases) expect(isTrustedSender(c, ours, origin), c.frameUrl).toBe(false);
  });
});
