import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
// js-yaml ships with electron-builder (the tool that reads this file); it has no bundled types.
// @ts-expect-error untyped module
import yaml from 'js-yaml';
import { DIALOG_FILTERS } from '../../../src/main/app/file-types';
import { scanPathsFromArgv } from '../../../src/main/app/argv';
import { sniff } from '../../../src/main/scan/sniff';
import { INV3_GZ, INV3_PLAIN, NIFTI, DICOM_DIR } from '../data';

const repo = path.resolve(__dirname, '../../..');
const read = (p: string) => readFileSync(path.join(repo, p), 'utf8');

interface Assoc {
  ext: string | string[];
  mimeType: string;
  role: string;
}

describe('file associations (double-click)', () => {
  const cfg = (yaml as { load(text: string): unknown }).load(read('electron-builder.yml')) as {
    fileAssociations: Assoc[];
    linux: { mimeTypes: string[]; desktop: { entry: Record<string, string> } };
    deb: { fpm: string[] };
    asar: boolean;
  };
  const exts = cfg.fileAssociations.flatMap((a) => (Array.isArray(a.ext) ? a.ext : [a.ext]));
  const mimes = cfg.fileAssociations.map((a) => a.mimeType);

  it('declares .inv3, .dcm, .nii and .nii.gz as viewer associations with MIME types', () => {
    expect(exts.sort()).toEqual(['dcm', 'inv3', 'nii', 'nii.gz']);
    expect(mimes).toEqual(['application/x-invesalius-project', 'application/dicom', 'application/x-nifti']);
    expect(cfg.fileAssociations.every((a) => a.role === 'Viewer')).toBe(true);
  });

  it('the Linux desktop entry, the packaged desktop entry and the MIME XML agree with it', () => {
    expect(cfg.linux.mimeTypes).toEqual(mimes);
    expect(cfg.linux.desktop.entry.MimeType).toBe(`${mimes.join(';')};`);
    expect(cfg.linux.desktop.entry.Exec).toMatch(/ %U$/); // URIs; argv.ts decodes file:// ones
    const desktop = read('resources/linux/hounsfield.desktop');
    expect(/^MimeType=(.*)$/m.exec(desktop)?.[1]).toBe(`${mimes.join(';')};`);
    expect(desktop).toMatch(/^Exec=hounsfield %U$/m);
    const xml = read('resources/linux/hounsfield-mime.xml');
    const declared = [...xml.matchAll(/<mime-type type="([^"]+)"/g)].map((m) => m[1]);
    // application/dicom comes with shared-mime-info; the other two are ours
    expect(declared).toEqual(mimes.filter((m) => m !== 'application/dicom'));
    for (const e of exts.filter((x) => x !== 'dcm')) expect(xml).toContain(`<glob pattern="*.${e}"`);
    expect(cfg.deb.fpm[0]).toMatch(/^resources\/linux\/hounsfield-mime\.xml=\/usr\/share\/mime\/packages\//);
  });

  it('the open dialog offers the same extensions', () => {
    const offered = new Set(DIALOG_FILTERS.flatMap((f) => f.extensions));
    for (const e of exts) expect(offered.has(e.split('.').pop()!)).toBe(true);
  });

  it('what a double-click delivers (argv with file:// URIs) reaches real, sniffable scans', async () => {
    const uris = [INV3_GZ, INV3_PLAIN, NIFTI, DICOM_DIR].map((p) => `file://${encodeURI(p)}`);
    const paths = scanPathsFromArgv(['/opt/Hounsfield/hounsfield', '--no-sandbox', ...uris], { defaultApp: false, cwd: '/' });
    expect(paths).toEqual([INV3_GZ, INV3_PLAIN, NIFTI, DICOM_DIR]);
    const kinds = await Promise.all(paths.map(async (p) => (await sniff(p)).kind));
    expect(kinds).toEqual(['inv3', 'inv3', 'nifti', 'dicom-folder']);
  });
});
