/**
 * The viewer's panels in Debian Chromium (WebGL2 via SwiftShader), on the real head CT through
 * the real pipeline (test/e2e/harness/viewer-page.ts): window, transfer-function and iso editing
 * on the histogram, presets, mouse orbit/zoom, the histogram's bars, view state. Assertions are on
 * rendered pixels and on the histogram canvas.
 */
import { test, expect, type Page } from '@playwright/test';
import { compare, fromBase64, litFraction, luma, type Rgba } from './harness/images';
import { columnHeights, histogramAxis, histogramPlot, valueToX } from '../../src/renderer/panels/histogram-math';
import { useHeadViewer, HIST_HEIGHT, HIST_WIDTH, SIZE, type HeadViewer } from './harness/viewer-page';
import type { PreparedVolume } from '../../src/shared/prepared';

let viewer: HeadViewer;
let page: Page;
let head: PreparedVolume;
useHeadViewer((v) => ({ page, head } = viewer = v));
const shot = (name?: string) => viewer.shot(name);
const run = (code: string) => viewer.run(code);

test('dragging the window on the histogram changes the image without re-uploading the volume', async () => {
  await run("setMode('mip')");
  await run('setWindow({ level: 40, width: 400 })');
  const before = await shot();
  const framesBefore = await page.evaluate(() => window.hf.viewer.stats.frames);
  const box = (await page.locator('.hf-histogram-overlay').boundingBox())!;
  const axis = histogramAxis(head.histogram, HIST_WIDTH);
  const y = box.y + HIST_HEIGHT / 2;
  await page.mouse.move(box.x + valueToX(axis, 40), y);
  await page.mouse.down();
  await page.mouse.move(box.x + valueToX(axis, 340), y, { steps: 5 });
  // While the button is down, frames are cheap: the canvas drops to half resolution.
  const canvasWidth = () => page.evaluate(() => document.querySelector<HTMLCanvasElement>('.hf-canvas')!.width);
  const cssWidth = await page.evaluate(() => document.querySelector<HTMLCanvasElement>('.hf-canvas')!.clientWidth);
  await expect.poll(canvasWidth).toBe(Math.floor(cssWidth / 2));
  await page.mouse.up();
  // After the drag settles, one full-resolution frame.
  await expect.poll(canvasWidth).toBe(cssWidth);
  const state = await page.evaluate(() => window.hf.viewer.getState());
  expect(state.window.width).toBe(400);
  expect(Math.abs(state.window.level - 340)).toBeLessThan(15); // one pixel ≈ 7 HU on this axis
  expect(state.windowPresetId).toBeNull();
  const after = await shot();
  expect(compare(before, after).meanAbs).toBeGreaterThan(3);
  const stats = await page.evaluate(() => window.hf.viewer.stats);
  expect(stats.uploads).toBe(1);
  expect(stats.frames).toBeGreaterThan(framesBefore);
  // The numeric fields follow the drag.
  expect(Number(await page.locator('[data-field=level]').inputValue())).toBe(state.window.level);
});

test('transfer-function points and the iso marker are dragged on the histogram', async () => {
  await run("standardView('anterior')");
  await run("applyTransferPreset('bone')");
  const before = await shot();
  const box = (await page.locator('.hf-histogram-overlay').boundingBox())!;
  const axis = histogramAxis(head.histogram, HIST_WIDTH);
  const plot = histogramPlot(HIST_HEIGHT);
  const bonePoints = (await page.evaluate(() => window.hf.viewer.getState())).transfer;
  // Point 2 (600 HU, opacity 0.5 per mm; drawn at √opacity) dragged down to 300 HU, near-zero opacity.
  const p = bonePoints[2];
  await page.mouse.move(box.x + valueToX(axis, p.hu), box.y + plot.bottom - Math.sqrt(p.opacity) * plot.height);
  await page.mouse.down();
  await page.mouse.move(box.x + valueToX(axis, 300), box.y + plot.bottom - 0.1 * plot.height, { steps: 4 });
  await page.mouse.up();
  const s = await page.evaluate(() => window.hf.viewer.getState());
  expect(s.transferPresetId).toBeNull();
  expect(s.transfer[2].hu).toBeLessThan(bonePoints[2].hu);
  expect(s.transfer[2].hu).toBeGreaterThanOrEqual(bonePoints[1].hu); // kept between its neighbours
  expect(s.transfer[2].opacity).toBeLessThan(0.05);
  const after = await shot();
  // Renders are deterministic (fixed per-pixel jitter), so any real change shows.
  expect(compare(before, after).meanAbs).toBeGreaterThan(0.5);
  expect(compare(before, after, 8).differing).toBeGreaterThan(0.02);
  // Iso: the marker follows the pointer.
  await run("setMode('iso')");
  await page.mouse.move(box.x + valueToX(axis, 100), box.y + HIST_HEIGHT / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + valueToX(axis, 500), box.y + HIST_HEIGHT / 2, { steps: 3 });
  await page.mouse.up();
  const iso = (await page.evaluate(() => window.hf.viewer.getState())).isoThreshold;
  expect(Math.abs(iso - 500)).toBeLessThan(15);
  expect(await page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(1);
  await run("applyTransferPreset('bone')");
});

test('picking a window preset in the panel while in DVR shows it in MIP', async () => {
  await run("setMode('dvr')");
  await page.selectOption('[data-field=window-preset]', 'lung');
  const s = await page.evaluate(() => window.hf.viewer.getState());
  expect(s).toMatchObject({ mode: 'mip', windowPresetId: 'lung', window: { level: -600, width: 1500 } });
  await expect(page.locator('[data-mode=mip]')).toHaveAttribute('aria-pressed', 'true');
  await page.fill('[data-field=width]', '2000');
  await page.press('[data-field=width]', 'Enter');
  expect((await page.evaluate(() => window.hf.viewer.getState())).window).toEqual({ level: -600, width: 2000 });
  await run("applyTransferPreset('bone')");
});

test('orbit, zoom and TF point add/remove with the mouse', async () => {
  await run("applyTransferPreset('bone')");
  await run('resetView()');
  const canvas = (await page.locator('.hf-canvas').boundingBox())!;
  const cx = canvas.x + canvas.width / 2;
  const cy = canvas.y + canvas.height / 2;
  // A quarter of the viewport height dragged sideways turns the head by 90° about the vertical.
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + canvas.height / 4, cy, { steps: 4 });
  await page.mouse.up();
  const o = await page.evaluate(() => window.hf.orientation());
  expect(o.top).toBe('S');
  expect(['A', 'P']).toContain(o.left);
  const turned = await shot();
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, -300); // zoom in
  const zoomed = await shot();
  expect(litFraction(zoomed)).toBeGreaterThan(litFraction(turned) * 1.2);
  await run('resetView()');
  // Right-drag pans: the image follows the pointer.
  const centroidX = (img: Rgba) => {
    let [sum, n] = [0, 0];
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if (luma(img, x, y) > 10) [sum, n] = [sum + x, n + 1];
    return sum / n;
  };
  const centred = centroidX(await shot());
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(cx + canvas.height / 4, cy, { steps: 3 });
  await page.mouse.up({ button: 'right' });
  expect(centroidX(await shot()) - centred).toBeGreaterThan(SIZE / 10);
  await run('resetView()');
  // Double-click adds a point on the TF; right-click removes it again.
  const box = (await page.locator('.hf-histogram-overlay').boundingBox())!;
  const axis = histogramAxis(head.histogram, HIST_WIDTH);
  const plot = histogramPlot(HIST_HEIGHT);
  const n = (await page.evaluate(() => window.hf.viewer.getState())).transfer.length;
  const x = box.x + valueToX(axis, -500);
  const y = box.y + plot.bottom - 0.3 * plot.height;
  await page.mouse.dblclick(x, y);
  const added = (await page.evaluate(() => window.hf.viewer.getState())).transfer;
  expect(added.length).toBe(n + 1);
  expect(Math.abs(added[0].hu + 500)).toBeLessThan(10);
  expect(added[0].opacity).toBeCloseTo(0.09, 1); // drawn at √opacity: 0.3² = 0.09
  await page.mouse.click(x, y, { button: 'right' });
  expect((await page.evaluate(() => window.hf.viewer.getState())).transfer.length).toBe(n);
  await run("applyTransferPreset('bone')");
});

test('histogram bars are the log counts of the real histogram', async () => {
  const bars = await page.evaluate(() => window.hf.histogramBars());
  expect(bars.unit).toBe('HU');
  const img = fromBase64(bars);
  const plot = histogramPlot(HIST_HEIGHT);
  const expected = columnHeights(head.histogram, histogramAxis(head.histogram, HIST_WIDTH));
  let nonEmpty = 0;
  for (let x = 0; x < HIST_WIDTH; x++) {
    let painted = 0;
    for (let y = plot.top; y < plot.bottom; y++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i] === 96 && img.data[i + 1] === 128 && img.data[i + 2] === 168) painted++;
    }
    expect(painted, `column ${x}`).toBe(Math.round(expected[x] * plot.height));
    if (painted) nonEmpty++;
  }
  // Hovering reads out the value and its exact voxel count.
  const box = (await page.locator('.hf-histogram-overlay').boundingBox())!;
  const axis = histogramAxis(head.histogram, HIST_WIDTH);
  await page.mouse.move(box.x + valueToX(axis, 0) + 0.5, box.y + HIST_HEIGHT / 2);
  const readout = (await page.locator('.hf-histogram-readout').textContent()) ?? '';
  const hu = Number(readout.split(' ')[0]);
  expect(Math.abs(hu)).toBeLessThan(10);
  const count = head.histogram.counts[Math.floor((hu - head.histogram.min) / head.histogram.binWidth)];
  expect(readout).toContain(`${count.toLocaleString('en-US')} voxels`);
  expect(nonEmpty).toBeGreaterThan(HIST_WIDTH / 2); // -1024..782 HU are spread over the axis
});

test('state round-trips, junk is ignored, onChange reports', async () => {
  const result = await page.evaluate(() => {
    const v = window.hf.viewer;
    const seen: string[] = [];
    const off = v.onChange((s) => seen.push(s.mode));
    v.setState({ mode: 'minip', window: { level: -600, width: 1500 }, isoThreshold: 123 });
    const s1 = v.getState();
    v.setState({ mode: 'bogus' as never, window: { level: NaN, width: 5 }, transferPresetId: 'no-such' });
    const s2 = v.getState();
    off();
    v.setMode('dvr');
    return { s1, s2, seen };
  });
  expect(result.s1).toMatchObject({ mode: 'minip', window: { level: -600, width: 1500 }, isoThreshold: 123 });
  expect(result.s2).toEqual(result.s1);
  expect(result.seen).toEqual(['minip', 'minip']);
});
