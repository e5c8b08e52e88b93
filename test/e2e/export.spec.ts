/**
 * The exported web bundle, opened the way a user opens it: file:// in Chromium, with every
 * network request blocked and recorded. Real scans from ../shared/data through the real
 * pipeline (openScan → prepare → exportBundle). Needs the viewer template: `npm run build`
 * (or `npx vite build --config vite.bundle.config.ts`).
 */
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exportBundle, type ExportOptions } from '../../src/main/export';
import { exportMapping } from '../../src/main/export/mapping';
import { openScan } from '../../src/main/scan/open';
import { prepareVolume } from '../../src/main/prepare';
import { getPool } from '../../src/main/workers/pool';
import type { Volume } from '../../src/shared/volume';
import { extractParts } from '../../src/bundle/codec/html-parts';
import { unescapeText } from '../../src/bundle/codec/text-safe';
import { decodeBundle } from '../../src/bundle/codec/decode';
import { inflateFallback } from '../../src/bundle/codec/inflate';
import { DICOM_DIR, INV3_GZ } from '../unit/data';
import { linearIndex, voxelValue } from '../../src/renderer/viewer/slice-image';

test.use({ viewport: { width: 480, height: 320 } });
test.describe.configure({ mode: 'serial' });

const dir = mkdtempSync(path.join(tmpdir(), 'hf-bundle-'));
const volumes = new Map<string, Promise<Volume>>();
const openOnce = (p: string) => volumes.get(p) ?? volumes.set(p, openScan(p)).get(p)!;

async function exportTo(scan: string, name: string, opts: Omit<ExportOptions, 'output'> = {}) {
  const output = path.join(dir, name);
  const result = await exportBundle(await openOnce(scan), { output, ...opts });
  return { output, result, html: readFileSync(output) };
}

/** What prepare produces for these options, computed independently of the export. */
async function expectedCodes(scan: string, bits: 8 | 16): Promise<string> {
  const volume = await openOnce(scan);
  const p = await prepareVolume(volume, { format: bits === 8 ? 'u8' : 'u16', maxGrid: 300, u8Mapping: exportMapping(volume, bits).mapping });
  return sha256(p.data);
}

const sha256 = (a: ArrayBufferView) => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

/** Opens the bundle with the network cut off; returns the list of requests that were attempted. */
async function openBundle(context: BrowserContext, page: Page, file: string): Promise<string[]> {
  const url = pathToFileURL(file).href;
  const attempted: string[] = [];
  await context.route('**', (route) => {
    if (route.request().url() === url) return route.continue(); // the bundle itself
    attempted.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  page.on('request', (r) => {
    if (r.url() !== url) attempted.push(r.url());
  });
  await page.goto(url);
  await page.waitForFunction(() => !!window.hounsfield);
  await page.evaluate(() => window.hounsfield!.volume);
  return attempted;
}

/** Grey values of a 64×40 off-screen render, plus how many are not background. */
async function render(page: Page): Promise<{ grey: number[]; lit: number }> {
  return page.evaluate(async () => {
    const blob = await window.hounsfield!.viewer.screenshot({ width: 64, height: 40 });
    const bmp = await createImageBitmap(blob);
    const ctx = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d')!;
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
    const grey: number[] = [];
    for (let i = 0; i < d.length; i += 4) grey.push(Math.round((d[i] + d[i + 1] + d[i + 2]) / 3));
    const bg = grey[0];
    return { grey, lit: grey.filter((g) => Math.abs(g - bg) > 8).length };
  });
}

/** PatientName and PatientID as the DICOM files state them (every image of the series). */
function dicomIdentity(dir: string): { name: string; id: string } {
  const values = new Set<string>();
  let out = { name: '', id: '' };
  for (const f of readdirSync(dir)) {
    const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(path.join(dir, f))));
    if (!ds.elements.x7fe00010) continue; // DIRFILE
    out = { name: ds.string('x00100010') ?? '', id: ds.string('x00100020') ?? '' };
    values.add(`${out.name}|${out.id}`);
  }
  expect(values.size).toBe(1);
  expect(out.name.length).toBeGreaterThan(2);
  expect(out.id.length).toBeGreaterThan(2);
  return out;
}

const meanAbsDiff = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length;

test.afterAll(async () => {
  await getPool().close();
});

test('DICOM bundle: offline, renders, W/L and presets work, codes exact, identity left out', async ({ context, page }) => {
  const { output, result, html } = await exportTo(DICOM_DIR, 'dicom.html');
  expect(result.shape).toEqual([28, 300, 300]);
  const text = html.toString('latin1');
  // Identity values read from the DICOM files (PatientName "HEAD", PatientID "PLASTIC").
  // The name is also an English word that the page's own code could contain, so it is
  // searched for in the header (all of the page's data in the clear) and as a JSON value.
  const who = dicomIdentity(DICOM_DIR);
  expect(text).not.toContain(who.id);
  expect(extractParts(text).headerJson).not.toContain(who.name);
  expect(text).not.toContain(`"${who.name}"`);

  const attempted = await openBundle(context, page, output);

  // Codes in the page = prepare's codes (browser decoder) and = the Node decoder's.
  const inPage = await page.evaluate(async () => {
    const v = await window.hounsfield!.volume;
    const digest = await crypto.subtle.digest('SHA-256', v.data as Uint8Array<ArrayBuffer>);
    return { hash: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''), format: v.format };
  });
  const parts = extractParts(text);
  const inNode = await decodeBundle(JSON.parse(parts.headerJson), unescapeText(parts.payloadText), async (d, n) => inflateFallback(d, n));
  const expected = await expectedCodes(DICOM_DIR, 8);
  expect(inPage.format).toBe('u8');
  expect(inPage.hash).toBe(expected);
  expect(sha256(inNode.prepared.data)).toBe(expected);

  // MIP with the bone window vs the lung window, chosen in the panel's preset list.
  await page.locator('button[data-mode="mip"]').click();
  await page.locator('select[data-field="window-preset"]').selectOption('bone');
  expect(await page.locator('input[data-field="width"]').inputValue()).toBe('1800');
  const bone = await render(page);
  await page.locator('select[data-field="window-preset"]').selectOption('lung');
  expect(await page.locator('input[data-field="level"]').inputValue()).toBe('-600');
  const lung = await render(page);
  expect(bone.lit).toBeGreaterThan(200);
  expect(meanAbsDiff(bone.grey, lung.grey)).toBeGreaterThan(5);

  // Typing W/L by hand changes the picture too.
  await page.locator('input[data-field="level"]').fill('2000');
  await page.locator('input[data-field="level"]').dispatchEvent('change');
  const high = await render(page);
  expect(meanAbsDiff(high.grey, lung.grey)).toBeGreaterThan(5);

  // The slice panel reads the 8-bit codes back as HU, with their half-step uncertainty.
  const readout = page.locator('[data-readout=slice]');
  await page.locator('.hf-slice-canvas').hover({ position: { x: 5, y: 5 } });
  await expect(readout).toHaveAttribute('data-voxel', /^\d+,\d+,\d+$/);
  const voxel = (await readout.getAttribute('data-voxel'))!.split(',').map(Number) as [number, number, number];
  const want = voxelValue(inNode.prepared, linearIndex(inNode.prepared.shape, voxel));
  expect(want.uncertainty).toBeGreaterThan(0);
  expect(Number(await readout.getAttribute('data-value'))).toBe(want.value);
  await expect(readout).toContainText(/≈ -?\d+ ± \d+ HU \(resampled grid\)/);

  // About box states the privacy choice (and that the native inflater was used here).
  await page.getByRole('button', { name: 'About' }).click();
  await expect(page.getByRole('dialog', { name: 'About this file' })).toContainText('left out');
  await expect(page.getByRole('dialog', { name: 'About this file' })).toContainText('DecompressionStream');
  await expect(page.locator('body')).not.toContainText(who.id);

  expect(attempted).toEqual([]);
});

test("a bundle exported with the sender's view opens on it: same state, same picture as setting it by hand", async ({ context, page }) => {
  const view = { mode: 'mip', window: { level: 300, width: 1500 }, windowPresetId: null, crop: { min: [0, 0.3, 0], max: [1, 0.7, 1] }, slice: { plane: 'coronal', position: 0.25 }, unknownField: 1 };
  const { output } = await exportTo(DICOM_DIR, 'dicom-view.html', { grid: 128, view });
  const attempted = await openBundle(context, page, output);
  const state = await page.evaluate(() => window.hounsfield!.viewer.getState());
  expect(state).toMatchObject({ mode: 'mip', window: { level: 300, width: 1500 }, crop: { min: [0, 0.3, 0], max: [1, 0.7, 1] }, slice: { plane: 'coronal', position: 0.25 } });
  await expect(page.locator('[data-plane=coronal]')).toHaveAttribute('aria-pressed', 'true');
  expect(state).not.toHaveProperty('unknownField'); // what the viewer cannot use is dropped
  expect(await page.locator('button[data-mode="mip"]').getAttribute('aria-pressed')).toBe('true');
  const opened = await render(page);
  expect(opened.lit).toBeGreaterThan(100);
  expect(await page.evaluate(() => window.hounsfield!.viewer.stats.uploads)).toBe(1);
  await page.getByRole('button', { name: 'About' }).click();
  await expect(page.getByRole('dialog', { name: 'About this file' })).toContainText('opens on the view it was exported with');

  // The same scan exported without a view opens on the defaults (DVR, whole box); setting the
  // view by hand there gives the very same picture.
  expect(attempted).toEqual([]);
  const plain = await exportTo(DICOM_DIR, 'dicom-noview.html', { grid: 128 });
  await context.unrouteAll();
  const page2 = await context.newPage();
  expect(await openBundle(context, page2, plain.output)).toEqual([]);
  page = page2;
  const defaults = await page.evaluate(() => window.hounsfield!.viewer.getState());
  expect(defaults.mode).toBe('dvr');
  expect(defaults.crop).toEqual({ min: [0, 0, 0], max: [1, 1, 1] });
  await page.getByRole('button', { name: 'About' }).click();
  await expect(page.getByRole('dialog', { name: 'About this file' })).not.toContainText('opens on the view');
  expect(meanAbsDiff((await render(page)).grey, opened.grey)).toBeGreaterThan(5);
  await page.evaluate((v) => window.hounsfield!.viewer.setState(v as never), view);
  expect(meanAbsDiff((await render(page)).grey, opened.grey)).toBeLessThan(1);
});

test('DICOM bundle with --keep-identity carries name and ID; opens without DecompressionStream (fflate)', async ({ context, page }) => {
  const { output, html } = await exportTo(DICOM_DIR, 'dicom-id.html', { keepIdentity: true });
  const text = html.toString('latin1');
  const who = dicomIdentity(DICOM_DIR);
  expect(text).toContain(`"patientId":"${who.id}"`);
  expect(text).toContain(`"patientName":"${who.name}"`);
  // An older browser: no DecompressionStream, so the loader and the volume use fflate.
  await page.addInitScript(() => {
    delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
  });
  const attempted = await openBundle(context, page, output);
  const hash = await page.evaluate(async () => {
    const v = await window.hounsfield!.volume;
    const digest = await crypto.subtle.digest('SHA-256', v.data as Uint8Array<ArrayBuffer>);
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  });
  expect(hash).toBe(await expectedCodes(DICOM_DIR, 8));
  await page.getByRole('button', { name: 'About' }).click();
  const about = page.getByRole('dialog', { name: 'About this file' });
  await expect(about).toContainText('KEPT');
  await expect(about).toContainText(who.id);
  await expect(about).toContainText('fflate');
  expect(attempted).toEqual([]);
});

test('inv3 (gzip) bundle, 16-bit: exact HU codes, masks and surfaces, renders offline', async ({ context, page }) => {
  const { output, html } = await exportTo(INV3_GZ, 'inv3-16.html', { bits: 16 });
  const text = html.toString('latin1');
  // InVesalius names the project after the patient: that name must not be in the file.
  const projectName = (await openOnce(INV3_GZ)).meta.name;
  expect(projectName.length).toBeGreaterThan(2);
  expect(extractParts(text).headerJson).not.toContain(projectName);
  const attempted = await openBundle(context, page, output);
  const info = await page.evaluate(async () => {
    const v = await window.hounsfield!.volume;
    const digest = await crypto.subtle.digest('SHA-256', v.data as Uint8Array<ArrayBuffer>);
    return {
      hash: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
      format: v.format,
      masks: v.masks.length,
      surfaces: v.surfaces.map((s) => s.indices.length),
      mapping: v.mapping,
    };
  });
  const volume = await openOnce(INV3_GZ);
  expect(info.format).toBe('u16');
  expect(info.hash).toBe(await expectedCodes(INV3_GZ, 16));
  expect(info.mapping!.huMax - info.mapping!.huMin).toBe(65535);
  expect(info.masks).toBe(volume.masks.length);
  expect(info.surfaces).toEqual(volume.surfaces.map((s) => s.indices.length));
  // One code per HU: the slice readout gives whole HU, without the "≈" of 8-bit codes, and the
  // project's visible mask (Skin) is tinted over the slice.
  const readout = page.locator('[data-readout=slice]');
  await page.locator('.hf-slice-canvas').hover();
  await expect(readout).toHaveAttribute('data-value', /^-?\d+$/);
  await expect(readout).not.toContainText('≈');
  expect(await page.evaluate(() => window.hounsfield!.viewer.getState().visibleMasks)).toEqual(['Skin']);
  await page.locator('button[data-mode="mip"]').click();
  expect((await render(page)).lit).toBeGreaterThan(200);
  expect(attempted).toEqual([]);
});
