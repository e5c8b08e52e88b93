/**
 * The viewer in Debian Chromium (WebGL2 via SwiftShader), on REAL volumes through the REAL
 * pipeline: openScan → prepareVolume (worker pool, maxGrid 128) → encodePrepared, served to
 * the harness page (test/e2e/harness) which mounts the real mountViewer. Assertions are on
 * rendered pixels and on the histogram canvas. Baselines: UPDATE_BASELINES=1 rewrites them.
 */
import { test, expect, type Page } from '@playwright/test';
import { DICOM_DIR, INV3_PLAIN } from '../unit/data';
import { preparedBlob } from './harness/volumes';
import { ballVolume } from './harness/synthetic';
import { encodePrepared } from '../../src/shared/serialize';
import { annulusMean, compare, litFraction, luma, type Rgba } from './harness/images';
import { useHeadViewer, SIZE, type HeadViewer } from './harness/viewer-page';
import { loseAndRestoreContext } from './harness/lose-context';
import type { PreparedVolume } from '../../src/shared/prepared';

let viewer: HeadViewer;
let page: Page;
let head: PreparedVolume;
useHeadViewer((v) => ({ page, head } = viewer = v));
const shot = (name?: string) => viewer.shot(name);
const run = (code: string) => viewer.run(code);

test('renders the head CT, uploads it once, labels screen edges from the matrix', async () => {
  const img = await shot('dvr-bone-anterior');
  expect(litFraction(img)).toBeGreaterThan(0.08); // the skull fills a good part of the frame
  expect(await page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(1);
  // Render on demand: nothing changes, nothing is drawn.
  const idle = await page.evaluate(async () => {
    const before = window.hf.viewer.stats.frames;
    await new Promise((r) => setTimeout(r, 600));
    return window.hf.viewer.stats.frames - before;
  });
  expect(idle).toBe(0);
  // LPS world, camera in front of the patient: patient's right on screen left, head up.
  expect(await page.evaluate(() => window.hf.orientation())).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
  await run("standardView('left')");
  expect(await page.evaluate(() => window.hf.orientation())).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
  await run("standardView('superior')");
  expect(await page.evaluate(() => window.hf.orientation())).toEqual({ left: 'L', right: 'R', top: 'A', bottom: 'P' });
  await run('resetView()');
});

test('every mode gives a different image', async () => {
  const images: Record<string, Rgba> = {};
  // Lung window: MinIP over the whole box is the air around the head (−1000 HU), which this
  // window shows as dark grey rather than black.
  await run("applyWindowPreset('lung')");
  for (const mode of ['dvr', 'mip', 'minip', 'iso']) {
    await run(`setMode('${mode}')`);
    images[mode] = await shot();
    expect(litFraction(images[mode], 4), mode).toBeGreaterThan(0.01);
  }
  const modes = Object.keys(images);
  for (let i = 0; i < modes.length; i++)
    for (let j = i + 1; j < modes.length; j++)
      expect(compare(images[modes[i]], images[modes[j]]).meanAbs, `${modes[i]} vs ${modes[j]}`).toBeGreaterThan(2);
  expect(await page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(1);
});

test('from above, the bone TF and bone window show the skull; lung settings do not', async () => {
  await run("standardView('superior')");
  await run("applyTransferPreset('bone')");
  const bone = await shot('dvr-bone-superior');
  // DVR, bone TF: the skull lights the head's outline (a ring of bone around the centre), the air around it stays dark.
  expect(annulusMean(bone, 0.1, 0.3)).toBeGreaterThan(40);
  expect(annulusMean(bone, 0.5, 0.7)).toBeLessThan(annulusMean(bone, 0.1, 0.3) / 4);
  await run("applyTransferPreset('lung')");
  const lung = await shot();
  expect(compare(bone, lung).meanAbs).toBeGreaterThan(10);
  // MIP, bone window (−500…1300 HU): the skull (≤ 782 HU in this phantom) stays grey-scaled, so
  // it stands out from soft tissue. Lung window (−1350…150 HU): every ray through the head hits
  // something denser than 150 HU, so the whole head saturates white and the skull cannot be seen.
  await run("setMode('mip')");
  await run("applyWindowPreset('bone')");
  const mipBone = await shot('mip-bone-superior');
  await run("applyWindowPreset('lung')");
  const mipLung = await shot();
  const head: number[] = [];
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if (luma(mipBone, x, y) > 60) head.push(y * SIZE + x);
  expect(head.length).toBeGreaterThan(SIZE * SIZE * 0.15);
  const saturated = (img: Rgba) => head.filter((p) => luma(img, p % SIZE, Math.floor(p / SIZE)) >= 250).length / head.length;
  expect(saturated(mipBone)).toBeLessThan(0.01);
  expect(saturated(mipLung)).toBeGreaterThan(0.6);
  await run("applyTransferPreset('bone')");
  await run('resetView()');
});

test('iso-surface at a bone threshold is an opaque silhouette; above the data maximum it is empty', async () => {
  await run("applyTransferPreset('bone')");
  await run("setMode('iso')");
  await run('setIsoThreshold(300)');
  const iso = await shot('iso-300-anterior');
  const area = litFraction(iso, 8);
  expect(area).toBeGreaterThan(0.08);
  expect(area).toBeLessThan(0.6);
  await run(`setIsoThreshold(${head.histogram.max + 50})`); // nothing reaches it
  expect(litFraction(await shot(), 8)).toBe(0);
  await run('setIsoThreshold(300)');
});

test('survives a lost and restored WebGL context (volume uploaded again)', async () => {
  const before = await shot();
  await loseAndRestoreContext(page);
  const after = await shot();
  expect(compare(before, after).meanAbs).toBeLessThan(1);
  expect(await page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(2);
});

test('u8 and u16 volumes (web-bundle formats) render like the f16 one', async () => {
  await run("standardView('anterior')");
  await run("setMode('mip')");
  await run("applyWindowPreset('bone')");
  const f16 = await shot();
  const results: Record<string, number> = {};
  for (const format of ['u16', 'u8'] as const) {
    const { blob, prepared } = await preparedBlob(DICOM_DIR, 128, format);
    expect(prepared.format).toBe(format);
    await page.route(`**/head-${format}.bin`, (r) => r.fulfill({ body: blob, contentType: 'application/octet-stream' }));
    await page.evaluate((f) => window.hf.load(`/head-${f}.bin`), format);
    await run("setMode('mip')");
    await run("applyWindowPreset('bone')");
    results[format] = compare(await shot(), f16).meanAbs;
  }
  // u16 → R32F holds every code exactly; u8 codes are ~7 HU apart, a few grey levels at most.
  expect(results.u16).toBeLessThan(0.5);
  expect(results.u8).toBeLessThan(3);
  // Uploads: one per volume shown (f16, u16, u8) plus the context-loss restore.
  expect(await page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(4);
});

test('a ball sampled on a gantry-tilt (sheared) grid renders round, not skewed', async () => {
  // 25° tilt: each slice (2 mm apart) is shifted 2·tan 25° mm along y. The ball (radius 20 mm)
  // is defined in patient space, so a correct renderer shows a circle from every side.
  const shear = 2 * Math.tan((25 * Math.PI) / 180);
  const sheared = [1, 0, 0, -32, 0, 1, shear, -50, 0, 0, 2, -32, 0, 0, 0, 1];
  const measure = async (v2p: number[], name: string) => {
    // The ball is always sampled with the sheared matrix; `v2p` is what the renderer is told.
    const ball = { ...ballVolume([32, 96, 64], sheared, [0, 0, 0], 20), voxelToPatient: v2p };
    await page.route(`**/${name}.bin`, (r) => r.fulfill({ body: Buffer.from(encodePrepared(ball)), contentType: 'application/octet-stream' }));
    await page.evaluate((n) => window.hf.load(`/${n}.bin`), name);
    await run("setMode('iso')");
    await run('setIsoThreshold(0)');
    const out: Record<string, { aspect: number; fill: number }> = {};
    for (const view of ['left', 'anterior', 'superior']) {
      await run(`standardView('${view}')`);
      const img = await shot();
      let [x0, x1, y0, y1, area] = [SIZE, -1, SIZE, -1, 0];
      for (let y = 0; y < SIZE; y++)
        for (let x = 0; x < SIZE; x++)
          if (luma(img, x, y) > 8) {
            [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
            area++;
          }
      const w = x1 - x0 + 1;
      const h = y1 - y0 + 1;
      out[view] = { aspect: w / h, fill: area / (w * h) };
    }
    return out;
  };
  const right = await measure(sheared, 'ball');
  for (const [view, m] of Object.entries(right)) {
    expect(Math.abs(m.aspect - 1), `${view} aspect`).toBeLessThan(0.08);
    // A filled disc covers π/4 ≈ 0.785 of its bounding box (plus pixel-edge effects).
    expect(Math.abs(m.fill - Math.PI / 4), `${view} fill`).toBeLessThan(0.06);
  }
  // Negative control: the same voxels with the shear dropped from the matrix come out skewed,
  // so the checks above can tell a correct renderer from one that ignores the shear.
  const unsheared = [1, 0, 0, -32, 0, 1, 0, -50, 0, 0, 2, -32, 0, 0, 0, 1];
  const wrong = await measure(unsheared, 'ball-wrong');
  const fails = (m: { aspect: number; fill: number }) => Math.abs(m.aspect - 1) >= 0.08 || Math.abs(m.fill - Math.PI / 4) >= 0.06;
  expect(fails(wrong.left), JSON.stringify(wrong.left)).toBe(true);
});

test('placement follows the matrix: a ball on the patient’s left shows on screen right, however the voxels are stored', async () => {
  const centroids: number[] = [];
  for (const [name, v2p] of [
    ['ball-lps', [1, 0, 0, -40, 0, 1, 0, -40, 0, 0, 2, -20, 0, 0, 0, 1]],
    ['ball-flipped', [-1, 0, 0, 40, 0, 1, 0, -40, 0, 0, 2, -20, 0, 0, 0, 1]], // columns run right-wards
  ] as [string, number[]][]) {
    const ball = ballVolume([20, 80, 80], v2p, [20, 0, 0], 12); // +x = patient left
    await page.route(`**/${name}.bin`, (r) => r.fulfill({ body: Buffer.from(encodePrepared(ball)), contentType: 'application/octet-stream' }));
    await page.evaluate((n) => window.hf.load(`/${n}.bin`), name);
    await run("setMode('iso')");
    await run('setIsoThreshold(0)');
    await run("standardView('anterior')");
    expect(await page.evaluate(() => window.hf.orientation())).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
    const img = await shot();
    let sum = 0;
    let n = 0;
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++)
        if (luma(img, x, y) > 8) {
          sum += x;
          n++;
        }
    expect(n).toBeGreaterThan(50);
    centroids.push(sum / n);
  }
  for (const c of centroids) expect(c).toBeGreaterThan(SIZE * 0.6); // screen right = patient left
  expect(Math.abs(centroids[0] - centroids[1])).toBeLessThan(2);
});

test('a volume whose file states no orientation shows "?" for every patient direction: 3-D edges, slice edges, crop rows, readout', async () => {
  const ball = ballVolume([20, 40, 40], [1, 0, 0, -20, 0, 1, 0, -20, 0, 0, 2, -20, 0, 0, 0, 1], [0, 0, 0], 10);
  const unknown = { ...ball, meta: { ...ball.meta, orientationUnknown: true } };
  await page.route('**/no-orientation.bin', (r) => r.fulfill({ body: Buffer.from(encodePrepared(unknown)), contentType: 'application/octet-stream' }));
  await page.evaluate(() => window.hf.load('/no-orientation.bin'));
  await run("standardView('anterior')");
  expect(await page.evaluate(() => window.hf.orientation())).toEqual({ left: '?', right: '?', top: '?', bottom: '?' });
  await expect(page.locator('.hf-slice-orient')).toHaveText(['?', '?', '?', '?']);
  await expect(page.locator('.hf-scan [data-fact="Axes"]')).toContainText('no patient orientation');
  for (const axis of ['x (columns)', 'y (rows)', 'z (slices)']) await expect(page.locator('.hf-crop-panel')).toContainText(axis);
  const canvas = page.locator('.hf-slice-canvas');
  const box = (await canvas.boundingBox())!;
  await canvas.hover({ position: { x: box.width / 2, y: box.height / 2 } });
  await expect(page.locator('[data-readout=slice]')).toContainText('orientation unknown');

  // the same volume with its orientation stated gets letters again
  await page.route('**/oriented.bin', (r) => r.fulfill({ body: Buffer.from(encodePrepared(ball)), contentType: 'application/octet-stream' }));
  await page.evaluate(() => window.hf.load('/oriented.bin'));
  await run("standardView('anterior')");
  expect(await page.evaluate(() => window.hf.orientation())).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
});

test('a non-HU volume (InVesalius project of an oblique 0..255 NIfTI) says "value" and still renders', async () => {
  const { blob, prepared } = await preparedBlob(INV3_PLAIN, 96);
  expect(prepared.meta.isHU).toBe(false);
  await page.route('**/pitch.bin', (r) => r.fulfill({ body: blob, contentType: 'application/octet-stream' }));
  await page.evaluate(() => window.hf.load('/pitch.bin'));
  expect((await page.evaluate(() => window.hf.histogramBars())).unit).toBe('value');
  await expect(page.locator('.hf-unit').first()).toHaveText('value');
  const img = await shot('pitch-dvr-anterior');
  expect(litFraction(img)).toBeGreaterThan(0.05);
  await run("setMode('mip')");
  expect(litFraction(await shot())).toBeGreaterThan(0.05);
});

test('screenshot: PNG at the view’s size by default, or at the size asked for', async () => {
  const sizes = await page.evaluate(async () => {
    const dims = async (b: Blob) => {
      const bmp = await createImageBitmap(b);
      return [bmp.width, bmp.height, b.type];
    };
    const c = document.querySelector<HTMLCanvasElement>('.hf-canvas')!;
    return {
      view: [c.clientWidth * devicePixelRatio, c.clientHeight * devicePixelRatio],
      byDefault: await dims(await window.hf.viewer.screenshot()),
      asked: await dims(await window.hf.viewer.screenshot({ width: 300, height: 120 })),
    };
  });
  expect(sizes.byDefault).toEqual([...sizes.view, 'image/png']);
  expect(sizes.asked).toEqual([300, 120, 'image/png']);
});

test('dispose removes the canvas and panels and stops listening', async () => {
  const left = await page.evaluate(() => {
    window.hf.viewer.dispose();
    const root = document.getElementById('root')!;
    return { children: root.childElementCount, canvases: document.querySelectorAll('canvas').length, cls: root.className };
  });
  expect(left).toEqual({ children: 0, canvases: 0, cls: '' });
  // A volume arriving after dispose (the source outlives the viewer) is ignored, not a crash.
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.evaluate(() => window.hf.load('/head.bin'));
  expect(errors).toEqual([]);
  expect(await page.evaluate(() => document.querySelectorAll('canvas').length)).toBe(0);
});
