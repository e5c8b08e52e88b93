/**
 * `hounsfield export` in-process (runCli): writes a bundle of the real DICOM series without
 * touching the source files, reports bad options and unwritable places as bad input (exit 2).
 * Needs the viewer template (npm run build); a missing one is its own clear error.
 */
import { describe, expect, test } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli as runCliWith } from '../cli/run';
import { exportBundle, TemplateMissingError } from '../../../src/main/export';
import { DICOM_DIR, NIFTI } from '../data';

const cli = (argv: string[]) => runCliWith(...argv);

const snapshot = (dir: string) => readdirSync(dir).map((f) => [f, statSync(path.join(dir, f)).mtimeMs, statSync(path.join(dir, f)).size]);

describe('hounsfield export', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'hf-cli-export-'));

  test('writes the bundle, leaves the DICOM folder untouched, no temp files left', async () => {
    const before = snapshot(DICOM_DIR);
    const file = path.join(out, 'scan.html');
    const r = await cli(['export', DICOM_DIR, '-o', file, '--grid', '128', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.shape).toEqual([28, 128, 128]);
    expect(report.anonymised).toBe(true);
    const html = readFileSync(file, 'latin1');
    expect(html.length).toBe(report.bytes);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta charset="windows-1252">');
    expect(html).not.toContain('PLASTIC');
    expect(snapshot(DICOM_DIR)).toEqual(before);
    expect(readdirSync(out)).toEqual(['scan.html']);
  });

  test('bad options and places are usage / input errors (exit 2, one line)', async () => {
    for (const argv of [
      ['export', NIFTI],
      ['export', NIFTI, '--output', path.join(out, 'x.html'), '--bits', '12'],
      ['export', NIFTI, '--output', path.join(out, 'x.html'), '--grid', '0'],
      ['export', NIFTI, '--output', path.join(out, 'no-such-dir', 'x.html')],
      ['export', path.join(out, 'missing.nii'), '--output', path.join(out, 'x.html')],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readdirSync(out).filter((f) => f !== 'scan.html')).toEqual([]);
  });

  test('a missing viewer template fails before reading, with a clear message', async () => {
    await expect(exportBundle(NIFTI, { output: path.join(out, 'y.html'), templatePath: path.join(out, 'none.html') })).rejects.toThrow(TemplateMissingError);
  });
});
