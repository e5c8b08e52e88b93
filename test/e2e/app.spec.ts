/**
 * The app's renderer end to end in real Chromium: the REAL renderer build and the REAL
 * preload API factory, against test/e2e/app-host (a Node stand-in for the Electron main
 * process running the REAL pipeline: openScan → prepare on worker threads → encodePrepared,
 * served like the app:// protocol, with the app's CSP). Only Electron itself is replaced.
 */
import { test, expect, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { buildRenderer, startAppHost, type AppHost } from './app-host/host';
import { pngLitFraction, viewLitFraction } from './lit-pixels';
import { DICOM_DIR, INV3_GZ, NIFTI } from '../unit/data';
import { extractParts } from '../../src/bundle/codec/html-parts';

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 640, height: 420 } });

let built: { dir: string; cleanup: () => void };
let host: AppHost;
let junkDir: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  built = await buildRenderer();
  host = await startAppHost(built.dir);
  junkDir = mkdtempSync(path.join(tmpdir(), 'hf-junk-'));
});

test.afterAll(async () => {
  await host?.close();
  built?.cleanup();
  if (junkDir) rmSync(junkDir, { recursive: true, force: true });
});

/** Loads the app page and waits until its event stream (the IPC event channel) is connected. */
async function openApp(page: Page): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  await page.goto(host.url);
  await page.waitForFunction(() => (window as unknown as { __hfEventsOpen?: boolean }).__hfEventsOpen === true);
  await expect(page.locator('.hf-welcome')).toBeVisible();
  (page as unknown as { problems: string[] }).problems = problems;
}

/** Drops files (by name) on the window the way a user's drag-and-drop arrives: a DataTransfer of Files. */
async function dropFiles(page: Page, names: string[]): Promise<void> {
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const n of list) dt.items.add(new File([new Uint8Array(16)], n));
    document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    (window as unknown as { __overlayShown?: boolean }).__overlayShown = !document.querySelector<HTMLElement>('.hf-drop-overlay')!.hidden;
    document.body.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, names);
}

test('opening a real .inv3 from the OS shows progress, then the rendered volume', async ({ page }) => {
  await openApp(page);
  // Record whether the in-window progress bar became visible, and with which stage text.
  await page.evaluate(() => {
    const w = window as unknown as { __stages: string[] };
    w.__stages = [];
    const timer = setInterval(() => {
      const bar = document.querySelector<HTMLElement>('.hf-progress');
      if (bar && !bar.hidden) w.__stages.push(bar.querySelector('.hf-progress-stage')!.textContent ?? '');
      if (document.querySelector('#app[data-volume]')) clearInterval(timer);
    }, 15);
  });
  const before = host.events.length;
  // Hold the load at its start until the bar is on screen (it appears after 300 ms), so the
  // pipeline's stages are seen on it however fast this machine is.
  const release = host.holdLoads();
  const loading = host.openFromOs([INV3_GZ]); // what argv / open-file / a second instance deliver
  await expect(page.locator('.hf-progress-stage')).toHaveText(/^Opening philips-std-brain/);
  release();
  await loading;
  await expect(page.locator('#app')).toHaveAttribute('data-volume', /.+/);

  const events = host.events.slice(before);
  const channels = events.map((e) => e.channel);
  expect(channels[0]).toBe('hf:opening');
  expect(channels.at(-1)).toBe('hf:volume');
  const progress = events.filter((e) => e.channel === 'hf:progress').map((e) => e.payload as { stage: string; fraction: number });
  expect(progress.length).toBeGreaterThan(2);
  expect(progress.every((p, i) => i === 0 || p.fraction >= progress[i - 1].fraction - 1e-9)).toBe(true);
  const vol = events.at(-1)!.payload as { url: string; byteLength: number };
  expect(vol.url).toMatch(/^\/volume\/[0-9a-f]{32}$/);
  // At least the 512×512×28 CT as half floats (the two masks and surfaces come on top).
  expect(vol.byteLength).toBeGreaterThan(512 * 512 * 28 * 2);

  // The bar showed the pipeline's own stage names while it worked, not just "Opening…".
  const stages = await page.evaluate(() => (window as unknown as { __stages: string[] }).__stages);
  const shownStages = new Set(stages.filter((s) => !s.startsWith('Opening')));
  expect([...shownStages].some((s) => progress.some((p) => p.stage.toLowerCase() === s.toLowerCase()))).toBe(true);
  await expect(page.locator('.hf-progress')).toBeHidden();
  await expect(page.locator('.hf-error')).toBeHidden();
  await expect(page.locator('.hf-welcome')).toBeHidden();
  await expect(page).toHaveTitle(/ — Hounsfield$/); // Electron shows the page title on the window
  await expect.poll(() => viewLitFraction(page), { timeout: 30_000 }).toBeGreaterThan(0.02);
  // The volume token works once: a second fetch (e.g. another page guessing it) gets nothing.
  const status = await page.evaluate(async (u) => (await fetch(u)).status, vol.url);
  expect(status).toBe(404);
  expect((page as unknown as { problems: string[] }).problems).toEqual([]);
});

test('dropping junk shows a one-line error; then dropping a NIfTI file opens it', async ({ page }) => {
  const junk = path.join(junkDir, 'notes.bin');
  writeFileSync(junk, Buffer.from('this is not a CT scan at all, just some bytes\n'.repeat(40)));
  host.files['notes.bin'] = junk; // the page learns these names at load (webUtils stand-in)
  host.files['CT_pitch.nii.gz'] = NIFTI;
  await openApp(page);

  // 1. Something that is not a file on disk (no path): refused in the page, before main.
  await dropFiles(page, ['clipboard-image.dat']);
  await expect(page.locator('.hf-error')).toBeVisible();
  await expect(page.locator('.hf-error-text')).toContainText('is not a file on disk');

  // 2. A real file that is not a scan: the real sniffing in the pipeline says why, naming it.
  await dropFiles(page, ['notes.bin']);
  expect(await page.evaluate(() => (window as unknown as { __overlayShown?: boolean }).__overlayShown)).toBe(true);
  await expect(page.locator('.hf-error-text')).toContainText('notes.bin');
  await expect(page.locator('.hf-drop-overlay')).toBeHidden();
  const errorText = await page.locator('.hf-error-text').textContent();
  expect(errorText!.split('\n').length).toBe(1);
  expect(errorText).not.toMatch(/internal error/);

  // 3. The app is still alive: a NIfTI drop opens and renders.
  await dropFiles(page, ['CT_pitch.nii.gz']);
  await expect(page.locator('#app')).toHaveAttribute('data-volume', /.+/);
  await expect(page.locator('.hf-error')).toBeHidden();
  await expect.poll(() => viewLitFraction(page), { timeout: 30_000 }).toBeGreaterThan(0.02);
  expect((page as unknown as { problems: string[] }).problems).toEqual([]);
});

test('hostile calls through the page API are refused by main-side validation', async ({ page }) => {
  await openApp(page);
  const results = await page.evaluate(async () => {
    const api = (window as unknown as { hounsfield: import('../../src/shared/api').HounsfieldApi }).hounsfield;
    const attempt = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    };
    return [
      await attempt(() => api.openPaths(['relative/path.inv3'])),
      await attempt(() => api.openPaths(['/etc/../etc/passwd'])),
      await attempt(() => api.openPaths('/etc/passwd' as unknown as string[])),
      await attempt(() => api.chooseSeries('1.2;rm' as string)),
      await attempt(() => api.saveViewState(JSON.parse('{"__proto__": {"x": 1}}'))),
      await attempt(() => api.openDialog('save' as 'file')),
    ];
  });
  expect(results[0]).toMatch(/absolute/);
  expect(results[1]).toMatch(/\.\./);
  expect(results[2]).toMatch(/array/);
  expect(results[3]).toMatch(/unexpected characters/);
  expect(results[4]).toMatch(/forbidden key/);
  expect(results[5]).toMatch(/dialog kind/);
});

test('menu commands drive the viewer; the per-scan view state comes back when the scan is reopened', async ({ page }) => {
  await openApp(page);
  await host.openFromOs([NIFTI]);
  await expect(page.locator('#app')).toHaveAttribute('data-volume', /.+/);
  await expect(page.locator('.hf-modes button[data-mode="dvr"]')).toHaveAttribute('aria-pressed', 'true');
  host.sendMenu({ type: 'mode', mode: 'mip' });
  host.sendMenu({ type: 'window-preset', name: 'bone' });
  await expect(page.locator('.hf-modes button[data-mode="mip"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-field="width"]')).toHaveValue('1800');
  host.sendMenu({ type: 'slice-plane', plane: 'coronal' });
  await expect(page.locator('[data-plane="coronal"]')).toHaveAttribute('aria-pressed', 'true');
  // The renderer saves its view a moment after the last change; main keys it by path + size + mtime.
  await expect.poll(() => JSON.stringify(Object.values(host.state.snapshot.scans))).toContain('"plane":"coronal"');
  expect(JSON.stringify(Object.values(host.state.snapshot.scans))).toContain('"mode":"mip"');

  // A fresh renderer (as after a restart) reopening the same file gets that view back.
  await openApp(page);
  await expect(page.locator('.hf-modes button[data-mode="mip"]')).not.toHaveAttribute('aria-pressed', 'true');
  await host.openFromOs([NIFTI]);
  await expect(page.locator('#app')).toHaveAttribute('data-volume', /.+/);
  await expect(page.locator('.hf-modes button[data-mode="mip"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-field="width"]')).toHaveValue('1800');
  await expect(page.locator('[data-plane="coronal"]')).toHaveAttribute('aria-pressed', 'true');
});

test('a dropped DICOM folder starts loading; Cancel in the progress bar stops it, no volume arrives', async ({ page }) => {
  host.files[path.basename(DICOM_DIR)] = DICOM_DIR; // a folder dropped from the file manager
  await openApp(page);
  const before = host.events.length;
  const release = host.holdLoads(); // however fast the machine, the load is still running at the click
  try {
    await dropFiles(page, [path.basename(DICOM_DIR)]);
    await expect(page.locator('.hf-progress')).toBeVisible({ timeout: 10_000 });
    await expect(page.locator('.hf-progress-stage')).toHaveText(/Opening dcm_qa_ct/);
    await page.locator('.hf-progress-cancel').click();
    await expect.poll(() => host.events.slice(before).map((e) => e.channel)).toContain('hf:idle');
  } finally {
    release();
  }
  await expect(page.locator('.hf-progress')).toBeHidden();
  const events = host.events.slice(before);
  const id = (events[0].payload as { id: number }).id;
  expect(events.some((e) => e.channel === 'hf:idle' && (e.payload as { id: number }).id === id)).toBe(true);
  expect(events.some((e) => e.channel === 'hf:volume')).toBe(false);
  await expect(page.locator('#app')).not.toHaveAttribute('data-volume', /.*/);
  await expect(page.locator('.hf-error')).toBeHidden();
});

test('dropping DICOM files of two series asks which one, then opens the chosen series', async ({ page }) => {
  // Synthetic second series: three of the real slices with their SeriesInstanceUID rewritten
  // (same length, so every DICOM length field stays valid); selected together with the 28 originals.
  const uid = '1.3.46.670589.33.1.6002432791750815306.26862469513794233732';
  const other = uid.slice(0, -4) + '9999';
  const originals = readdirSync(DICOM_DIR).map((f) => path.join(DICOM_DIR, f));
  const copies = ['I10', 'I20', 'I30'].map((name) => {
    const bytes = readFileSync(path.join(DICOM_DIR, name));
    // New SOP Instance UID too (same length), or the copies would be duplicates of the originals.
    const sop = dicomParser.parseDicom(new Uint8Array(bytes), { untilTag: 'x00200013' }).string('x00080018')!;
    const text = bytes.toString('latin1');
    expect(text.includes(uid)).toBe(true);
    const out = path.join(junkDir, `series2-${name}`);
    const rewritten = text.split(uid).join(other).split(sop).join(sop.slice(0, -1) + (sop.endsWith('7') ? '8' : '7'));
    writeFileSync(out, Buffer.from(rewritten, 'latin1'));
    return out;
  });
  for (const f of [...originals, ...copies]) host.files[path.basename(f)] = f;
  await openApp(page);
  await dropFiles(page, [...originals, ...copies].map((f) => path.basename(f))); // several files dropped at once
  const picker = page.locator('dialog.hf-series-picker');
  await expect(picker).toBeVisible();
  await expect(picker.locator('label')).toHaveText([/STD BRAIN 5MM — 28 images/, /STD BRAIN 5MM — 3 images/]);
  await picker.locator(`input[value="${other}"]`).check();
  await picker.getByRole('button', { name: 'Open' }).click();
  await expect(picker).toHaveCount(0);
  await expect(page.locator('#app')).toHaveAttribute('data-volume', /.+/);
  await expect(page.locator('.hf-status')).toContainText('512×512×3');
  await expect(page.locator('.hf-error')).toBeHidden();
});

test('File ▸ Save Screenshot and Export Web Bundle go through main and write real files', async ({ page }) => {
  await openApp(page);
  await host.openFromOs([NIFTI]);
  await expect(page.locator('#app')).toHaveAttribute('data-volume', /.+/);

  host.sendMenu({ type: 'screenshot' });
  await expect(page.locator('.hf-notice')).toContainText('Screenshot saved to');
  const png = readFileSync(path.join(host.saveDir, 'screenshot.png'));
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.readUInt32BE(16)).toBeGreaterThan(64); // IHDR width/height
  expect(png.readUInt32BE(20)).toBeGreaterThan(64);
  expect(await pngLitFraction(page, png)).toBeGreaterThan(0.02); // the rendered scan, not a blank canvas

  // The bundle opens on the view the user has when exporting.
  await page.locator('button[data-mode="mip"]').click();
  await page.locator('[data-crop=z-from]').fill('400');
  host.sendMenu({ type: 'export' });
  const dialog = page.locator('dialog.hf-modal');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('opens on your current view');
  await dialog.locator('select').first().selectOption('128');
  await dialog.getByRole('button', { name: 'Export…' }).click();
  await expect(page.locator('.hf-notice')).toContainText('Web bundle saved to', { timeout: 60_000 });
  const bundle = path.join(host.saveDir, 'bundle.html');
  expect(existsSync(bundle)).toBe(true);
  const html = readFileSync(bundle, 'latin1');
  expect(html.startsWith('<!') || html.startsWith('<html')).toBe(true);
  expect(html.length).toBeGreaterThan(100_000);
  const view = JSON.parse(extractParts(html).headerJson).view;
  expect(view).toMatchObject({ mode: 'mip', crop: { min: [0, 0, 0.4], max: [1, 1, 1] } });
  expect(readdirSync(host.saveDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});
