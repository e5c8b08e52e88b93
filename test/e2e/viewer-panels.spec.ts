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
import { ballVolume } from './harness/synthetic';
import { fromHalf } from '../../src/shared/half';
import { extentMm } from '../../src/renderer/viewer/geometry';
import { scanFacts } from '../../src/renderer/viewer/scan-facts';
import { encodePrepared } from '../../src/shared/serialize';
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

test('crop: a slab MIP sees inside the head; the sliders set the crop; DVR keeps the cropped side; Full restores', async () => {
  await run("standardView('anterior')");
  await run("setMode('mip')");
  await run('setWindow({ level: 40, width: 400 })'); // −160…240 HU: air black, the phantom's shell white
  const centre = (img: Rgba) => {
    let sum = 0;
    for (let y = SIZE / 2 - 3; y < SIZE / 2 + 3; y++) for (let x = SIZE / 2 - 3; x < SIZE / 2 + 3; x++) sum += luma(img, x, y);
    return sum / 36;
  };
  const whole = await shot();

  // The rows name each volume axis by patient directions; slab along the one the camera looks down (A–P).
  const labels = await page.locator('.hf-crop-axis').allTextContents();
  expect(labels).toHaveLength(3);
  const ap = labels.findIndex((l) => /^[AP] → [AP]$/.test(l));
  const rl = labels.findIndex((l) => /^[RL] → [RL]$/.test(l));
  expect(ap).toBeGreaterThanOrEqual(0);
  expect(rl).toBeGreaterThanOrEqual(0);
  const slab = { min: [0, 0, 0], max: [1, 1, 1] };
  [slab.min[ap], slab.max[ap]] = [0.45, 0.55];
  await run(`setState({ crop: ${JSON.stringify(slab)} })`);
  const thin = await shot();
  // The centre pixel's ray runs down the volume's central A–P column: its MIP is that column's
  // maximum, over the whole axis or over the slab only (the phantom's front and back walls are
  // out of the slab), windowed to grey.
  const expected = (from: number, to: number) => windowGrey(columnMax(head, ap, from, to), 40, 400);
  expect(expected(0, 1) - expected(0.45, 0.55)).toBeGreaterThan(60); // the crop must matter here
  expect(Math.abs(centre(whole) - expected(0, 1))).toBeLessThan(25);
  expect(Math.abs(centre(thin) - expected(0.45, 0.55))).toBeLessThan(25);

  // The same crop through the panel's sliders.
  await page.locator('[data-action=crop-reset]').click();
  const axis = 'xyz'[ap];
  await page.locator(`[data-crop=${axis}-to]`).fill('550');
  await page.locator(`[data-crop=${axis}-from]`).fill('450');
  expect((await page.evaluate(() => window.hf.viewer.getState())).crop).toEqual(slab);
  expect(compare(await shot(), thin).meanAbs).toBeLessThan(1);
  // Each row shows the thickness kept: the slab is 10 % of the axis, the others all of theirs.
  const extent = extentMm(head.shape, head.spacing);
  for (let i = 0; i < 3; i++) {
    const kept = i === ap ? 0.1 * extent[i] : extent[i];
    await expect(page.locator(`[data-crop-mm=${'xyz'[i]}]`)).toHaveText(`${kept.toFixed(1)} mm`);
  }
  // "from" dragged past "to" stops just below it: the box never goes empty
  await page.locator(`[data-crop=${axis}-from]`).fill('900');
  const crossed = (await page.evaluate(() => window.hf.viewer.getState())).crop;
  expect(crossed.max[ap]).toBe(0.55);
  expect(crossed.min[ap]).toBeCloseTo(0.545, 6);

  // DVR, anterior view, the R–L axis cropped to its first half: the patient side that axis starts
  // from stays, and the patient's right is on screen left.
  await run("applyTransferPreset('bone')");
  const half = { min: [0, 0, 0], max: [1, 1, 1] };
  half.max[rl] = 0.5;
  await run(`setState({ crop: ${JSON.stringify(half)} })`);
  const img = await shot();
  const lit = (x0: number, x1: number) => {
    let n = 0;
    for (let y = 0; y < SIZE; y++) for (let x = x0; x < x1; x++) if (luma(img, x, y) > 10) n++;
    return n;
  };
  const [screenLeft, screenRight] = [lit(0, SIZE / 2 - 4), lit(SIZE / 2 + 4, SIZE)];
  const [kept, cut] = labels[rl].startsWith('R') ? [screenLeft, screenRight] : [screenRight, screenLeft];
  expect(kept).toBeGreaterThan(500);
  expect(cut).toBeLessThan(kept / 20);

  // Dragging a slider with the mouse: cheap frames while the button is down, full resolution after.
  const slider = page.locator(`[data-crop=${'xyz'[rl]}-to]`);
  await slider.scrollIntoViewIfNeeded();
  const track = (await slider.boundingBox())!;
  const canvasWidth = () => page.evaluate(() => document.querySelector<HTMLCanvasElement>('.hf-canvas')!.width);
  const cssWidth = await page.evaluate(() => document.querySelector<HTMLCanvasElement>('.hf-canvas')!.clientWidth);
  await page.mouse.move(track.x + track.width / 2, track.y + track.height / 2);
  await page.mouse.down();
  await page.mouse.move(track.x + track.width * 0.3, track.y + track.height / 2, { steps: 4 });
  await expect.poll(canvasWidth).toBe(Math.floor(cssWidth / 2));
  await page.mouse.up();
  await expect.poll(canvasWidth).toBe(cssWidth);
  expect((await page.evaluate(() => window.hf.viewer.getState())).crop.max[rl]).toBeLessThan(0.45);

  await page.locator('[data-action=crop-reset]').click();
  expect((await page.evaluate(() => window.hf.viewer.getState())).crop).toEqual({ min: [0, 0, 0], max: [1, 1, 1] });
  await expect(page.locator('[data-action=crop-reset]')).toBeDisabled();
  // A click on a thumb that does not move it (no 'change' event) still ends the drag: the next
  // frame is drawn at full resolution.
  await page.mouse.click(track.x + track.width - 5, track.y + track.height / 2);
  expect((await page.evaluate(() => window.hf.viewer.getState())).crop.max[rl]).toBe(1);
  const frames = () => page.evaluate(() => window.hf.viewer.stats.frames);
  const before = await frames();
  await run("setMode('iso')");
  await expect.poll(frames).toBeGreaterThan(before);
  expect(await canvasWidth()).toBe(cssWidth);
  await run("setMode('mip')");
  await run('setWindow({ level: 40, width: 400 })');
  expect(compare(await shot(), whole).meanAbs).toBeLessThan(1);
  expect(await page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(1); // cropping never re-uploads
});

/** Max over the central line of voxels along `axis` (x, y, z = 0, 1, 2), between fractions from…to of it. */
function columnMax(vol: PreparedVolume, axis: number, from: number, to: number): number {
  const [nz, ny, nx] = vol.shape;
  const n = [nx, ny, nz];
  const at = [nx >> 1, ny >> 1, nz >> 1];
  let max = -Infinity;
  for (let i = Math.floor(from * n[axis]); i < Math.ceil(to * n[axis]); i++) {
    at[axis] = i;
    const k = (at[2] * ny + at[1]) * nx + at[0];
    max = Math.max(max, vol.format === 'f16' ? fromHalf(vol.data[k]) : vol.format === 'i16' ? vol.data[k] : NaN);
  }
  return max;
}

/** Grey 0…255 of a value through a window. */
function windowGrey(v: number, level: number, width: number): number {
  return 255 * Math.min(1, Math.max(0, (v - (level - width / 2)) / width));
}

test('Slab: a slab of the given thickness across the viewing direction, centred on the view', async () => {
  const fullCrop = () => run('setState({ crop: { min: [0, 0, 0], max: [1, 1, 1] } })');
  const labels = await page.locator('.hf-crop-axis').allTextContents();
  const extent = extentMm(head.shape, head.spacing);
  for (const [view, letters] of [['anterior', /^[AP] → [AP]$/], ['superior', /^[IS] → [IS]$/], ['left', /^[RL] → [RL]$/]] as const) {
    await run(`standardView('${view}')`);
    await fullCrop();
    await page.locator('[data-field=slab-mm]').fill('12');
    await page.locator('[data-action=crop-slab]').click();
    const { crop } = await page.evaluate(() => window.hf.viewer.getState());
    const axis = labels.findIndex((l) => letters.test(l));
    expect(axis, view).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < 3; i++) {
      if (i === axis) {
        expect((crop.max[i] - crop.min[i]) * extent[i], view).toBeCloseTo(12, 6);
        expect((crop.max[i] + crop.min[i]) / 2, view).toBeCloseTo(0.5, 2); // standard views look at the volume's centre
      } else {
        expect([crop.min[i], crop.max[i]], view).toEqual([0, 1]);
      }
    }
    await expect(page.locator(`[data-crop-mm=${'xyz'[axis]}]`)).toHaveText('12.0 mm');
  }
  await fullCrop();
  await run('resetView()');
});

test('MinIP of a crop inside dense matter is white, not background (its bricks are all skipped)', async () => {
  // A 1000 HU ball (radius 20 mm) in air; the head is replaced (this is the file's last test).
  const ball = ballVolume([48, 48, 48], [1, 0, 0, -23.5, 0, 1, 0, -23.5, 0, 0, 1, -23.5, 0, 0, 0, 1], [0, 0, 0], 20);
  await page.route('**/ball.bin', (r) => r.fulfill({ body: Buffer.from(encodePrepared(ball)), contentType: 'application/octet-stream' }));
  await page.evaluate(() => window.hf.load('/ball.bin'));
  await expect.poll(() => page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(2);
  await run("standardView('anterior')");
  await run("setMode('minip')");
  await run('setWindow({ level: 40, width: 400 })');
  const at = (img: Rgba) => luma(img, SIZE / 2, SIZE / 2);
  expect(at(await shot())).toBeLessThan(10); // the whole box: rays cross air
  await run('setState({ crop: { min: [0.4, 0.4, 0.4], max: [0.6, 0.6, 0.6] } })');
  const inside = await shot();
  expect(at(inside)).toBeGreaterThan(240); // only 1000 HU on these rays: above the window, white
  expect(litFraction(inside, 240)).toBeLessThan(0.2); // and only where the crop box is
});

test('the Scan section lists the grid, spacing, field of view, axes and HU range, as computed in Node', async () => {
  await page.evaluate(() => window.hf.load('/head.bin')); // an earlier test showed a synthetic ball
  const facts = scanFacts(head);
  expect(facts.map((f) => f.label)).toEqual(expect.arrayContaining(['Voxels', 'Spacing', 'Field of view', 'Axes', 'Rendered', 'HU']));
  await expect(page.locator('.hf-scan')).toBeVisible();
  for (const f of facts) await expect(page.locator(`.hf-scan [data-fact="${f.label}"]`)).toHaveText(`${f.label} ${f.value}`);
});
