/**
 * The page both viewer specs start from: the harness page (real mountViewer) with the real
 * head CT (DICOM → openScan → prepareVolume, maxGrid 128 → encodePrepared) loaded, plus
 * screenshot and baseline helpers.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DICOM_DIR } from '../../unit/data';
import { startHarness } from './server';
import { closePipeline, preparedBlob } from './volumes';
import { compare, fromBase64, type Rgba } from './images';
import type { PreparedVolume } from '../../../src/shared/prepared';

/** Screenshot size of the 3-D view. */
export const SIZE = 160;
/** histogramWidth the harness mounts with, and the histogram canvas height. */
export const HIST_WIDTH = 256;
export const HIST_HEIGHT = 150;
const BASELINES = join(__dirname, '..', 'baselines');

export interface HeadViewer {
  page: Page;
  head: PreparedVolume;
  /** The 3-D view at SIZE², compared with baselines/<name>.png when a name is given. */
  shot(name?: string): Promise<Rgba>;
  /** Runs `window.hf.viewer.<code>` in the page. */
  run(code: string): Promise<void>;
  close(): Promise<void>;
}

export async function openHeadViewer(browser: Browser): Promise<HeadViewer> {
  const [harness, vol] = await Promise.all([startHarness(), preparedBlob(DICOM_DIR, 128)]);
  const page = await browser.newPage({ viewport: { width: 800, height: 400 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.route('**/head.bin', (r) => r.fulfill({ body: vol.blob, contentType: 'application/octet-stream' }));
  await page.goto(harness.url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.evaluate(() => window.hf.load('/head.bin'));

  /** Compares with test/e2e/baselines/<name>.png (mean abs diff + fraction of differing pixels). */
  const checkBaseline = async (name: string, s: { width: number; height: number; rgba: string; png: string }) => {
    const file = join(BASELINES, `${name}.png`);
    if (process.env.UPDATE_BASELINES || !existsSync(file)) {
      writeFileSync(file, Buffer.from(s.png, 'base64'));
      if (!process.env.UPDATE_BASELINES) throw new Error(`baseline ${name}.png was missing; written now, re-run to compare`);
      return;
    }
    const base = fromBase64(await page.evaluate((b64) => window.hf.decodePng(b64), readFileSync(file).toString('base64')));
    const diff = compare(fromBase64(s), base);
    expect(diff.meanAbs, `${name}: mean abs diff`).toBeLessThan(4);
    expect(diff.differing, `${name}: fraction of differing pixels`).toBeLessThan(0.03);
  };

  return {
    page,
    head: vol.prepared,
    async shot(name) {
      const s = await page.evaluate((n) => window.hf.shot(n, n), SIZE);
      if (name) await checkBaseline(name, s);
      return fromBase64(s);
    },
    async run(code) {
      await page.evaluate(`window.hf.viewer.${code}`);
    },
    async close() {
      await page.close();
      await harness.close();
      await closePipeline();
    },
  };
}

/**
 * For a spec file: runs its tests serially on one head-CT viewer page, opened before the first
 * test (handed to `onReady`) and closed after the last.
 */
export function useHeadViewer(onReady: (viewer: HeadViewer) => void): void {
  test.describe.configure({ mode: 'serial' });
  let viewer: HeadViewer | undefined;
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    viewer = await openHeadViewer(browser);
    onReady(viewer);
  });
  test.afterAll(async () => {
    await viewer?.close();
  });
}
