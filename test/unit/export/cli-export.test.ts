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
import { writeFileSync } from 'node:fs';
import { exportBundle, TemplateMissingError } from '../../../src/main/export';
import { extractParts } from '../../../src/bundle/codec/html-parts';
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

  test('--view: the bundle opens on that viewer state; a bad view file is bad input', async () => {
    const view = { mode: 'minip', window: { level: -600, width: 1200 }, crop: { min: [0, 0.4, 0], max: [1, 0.6, 1] } };
    const viewFile = path.join(out, 'view.json');
    // Free text never reaches the file: unknown fields, and surface names this scan does not have.
    writeFileSync(viewFile, JSON.stringify({ ...view, note: '</script><script>alert(1)</script>', patientName: 'HEAD', visibleSurfaces: ['PLASTIC'] }));
    const file = path.join(out, 'viewed.html');
    const r = await cli(['export', NIFTI, '-o', file, '--grid', '64', '--view', viewFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'latin1');
    expect(JSON.parse(extractParts(html).headerJson).view).toEqual({ ...view, visibleSurfaces: [] });
    expect(html).not.toContain('alert(1)');
    expect(html).not.toContain('PLASTIC');
    const bad: Record<string, string> = { 'not-json.json': '{mode', 'array.json': '[1, 2]', 'deep.json': JSON.stringify({ a: [[[[[[[[1]]]]]]]] }) };
    for (const [name, text] of Object.entries(bad)) writeFileSync(path.join(out, name), text);
    for (const name of [...Object.keys(bad), 'missing.json']) {
      const e = await cli(['export', NIFTI, '-o', path.join(out, 'bad.html'), '--view', path.join(out, name)]);
      expect(e.code, name).toBe(2);
      expect(e.stderr, name).toMatch(new RegExp(`^hounsfield: --view .*${name.replace('.', '\\.')}: .+\n$`));
    }
    expect(readdirSync(out).filter((f) => f.endsWith('.html')).sort()).toEqual(['scan.html', 'viewed.html']);
  });

  test('a missing viewer template fails before reading, with a clear message', async () => {
    await expect(exportBundle(NIFTI, { output: path.join(out, 'y.html'), templatePath: path.join(out, 'none.html') })).rejects.toThrow(TemplateMissingError);
  });
});
