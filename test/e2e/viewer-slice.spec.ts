/**
 * The 2-D slice panel in Debian Chromium, on the real head CT through the real pipeline
 * (harness/viewer-page.ts): its pixels against the same volume's voxels computed here in Node,
 * the readout under the pointer, plane switching, and that moving through slices never costs a
 * 3-D frame.
 */
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fromBase64 } from './harness/images';
import { useHeadViewer } from './harness/viewer-page';
import { settledFrames } from './harness/frames';
import type { PreparedVolume } from '../../src/shared/prepared';
import type { SlicePlane } from '../../src/shared/view-state';
import { canvasSize, sliceIndex, sliceLayout, voxelAt } from '../../src/renderer/viewer/slice-layout';
import { greyTable, linearIndex, sliceRgba, voxelValue } from '../../src/renderer/viewer/slice-image';
import { canvasDistanceMm } from '../../src/renderer/viewer/slice-measurements';
import { roiStats } from '../../src/renderer/viewer/slice-tools';

let page: Page;
let head: PreparedVolume;
useHeadViewer((v) => ({ page, head } = v));

const layoutOf = (plane: SlicePlane) => sliceLayout(plane, head.voxelToPatient, head.shape, head.spacing);

/** The slice canvas's pixels, as numbers. */
async function slicePixels(): Promise<{ width: number; height: number; rgba: number[] }> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('.hf-slice-canvas')!;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return { width: c.width, height: c.height, rgba: Array.from(data) };
  });
}

/** Expects the canvas to hold exactly slice `index` of `plane` through `window`, as computed here. */
async function expectSlice(plane: SlicePlane, position: number, window: { level: number; width: number }): Promise<void> {
  const layout = layoutOf(plane);
  const want = sliceRgba(head, layout, sliceIndex(layout, position), greyTable(head, window));
  const got = await slicePixels();
  expect([got.width, got.height]).toEqual([canvasSize(layout).width, canvasSize(layout).height]);
  let differing = 0;
  for (let i = 0; i < want.length; i++) if (got.rgba[i] !== want[i]) differing++;
  expect(differing, `${plane}: pixels that differ from the voxels`).toBe(0);
  const values = new Set(want.filter((_, i) => i % 4 === 0));
  expect(values.size, `${plane}: not a blank slice`).toBeGreaterThan(20);
}

test('shows the mid axial slice through the current window, with the patient directions at its edges', async () => {
  await page.evaluate(() => window.hf.viewer.setWindow({ level: 40, width: 400 }));
  await expect(page.locator('.hf-slice-panel')).toBeVisible();
  const state = await page.evaluate(() => window.hf.viewer.getState());
  expect(state.slice).toEqual({ plane: 'axial', position: 0.5 });
  await expectSlice('axial', 0.5, state.window);
  const edges = layoutOf('axial').edges;
  expect(await page.locator('.hf-slice-orient').allTextContents()).toEqual([edges.left, edges.right, edges.top, edges.bottom]);
  expect(edges.left[0] + edges.right[0] + edges.top[0] + edges.bottom[0]).toBe('RLAP');
  await expect(page.locator('[data-plane=axial]')).toHaveAttribute('aria-pressed', 'true');
});

test('reads out the value of the voxel under the pointer', async () => {
  const layout = layoutOf('axial');
  const { width, height } = canvasSize(layout);
  const canvas = page.locator('.hf-slice-canvas');
  const box = (await canvas.boundingBox())!;
  const k = sliceIndex(layout, 0.5);
  const valueAt = (column: number, row: number) => voxelValue(head, linearIndex(head.shape, voxelAt(layout, column, row, k))).value;
  // Points picked here from the voxels: a corner (air), the first bone along the middle row
  // (skull), the centre: the value shown is the stored one, to the HU.
  const mid = Math.floor(height / 2);
  const bone = Array.from({ length: width }, (_, c) => c).find((c) => valueAt(c, mid) >= 400);
  expect(bone, 'the middle row crosses the skull').toBeDefined();
  const points = [[0, 0], [bone!, mid], [Math.floor(width / 2), mid], [Math.floor(width * 0.7), Math.floor(height * 0.3)]];
  for (const [column, row] of points) {
    // the centre of that canvas pixel, in CSS pixels
    await canvas.hover({ position: { x: ((column + 0.5) / width) * box.width, y: ((row + 0.5) / height) * box.height } });
    const voxel = voxelAt(layout, column, row, k);
    const want = valueAt(column, row);
    const readout = page.locator('[data-readout=slice]');
    await expect(readout).toHaveAttribute('data-voxel', voxel.join(','));
    expect(Number(await readout.getAttribute('data-value'))).toBe(want);
    const text = (await readout.textContent()) ?? '';
    expect(text).toContain(`x ${voxel[0]} y ${voxel[1]} z ${voxel[2]}`);
    expect(text).toContain(`${Math.round(want * 100) / 100} HU (resampled grid)`); // the harness prepares the head at 128³
  }
  expect(valueAt(0, 0)).toBeLessThan(-900);
  await page.mouse.move(0, 0);
  await expect(page.locator('[data-readout=slice]')).toHaveText(/Point at the slice/);
});

test('switches planes and moves through slices without drawing a 3-D frame', async () => {
  const shown = (await page.evaluate(() => window.hf.viewer.getState())).window;
  const frames = await settledFrames(page);
  await page.locator('[data-plane=coronal]').click();
  expect((await page.evaluate(() => window.hf.viewer.getState())).slice).toEqual({ plane: 'coronal', position: 0.5 });
  await expectSlice('coronal', 0.5, shown);
  // the slider: to slice 20 of the coronal stack
  const coronal = layoutOf('coronal');
  await page.locator('[data-field=slice]').fill('20');
  const position = 20 / (coronal.normal.count - 1);
  expect((await page.evaluate(() => window.hf.viewer.getState())).slice.position).toBeCloseTo(position, 9);
  await expectSlice('coronal', position, shown);
  await expect(page.locator('[data-slice-where]')).toHaveText(`21/${coronal.normal.count}`);
  // the wheel: one slice per notch
  await page.locator('.hf-slice-canvas').hover();
  await page.mouse.wheel(0, 100);
  await expect(page.locator('[data-slice-where]')).toHaveText(`22/${coronal.normal.count}`);
  // the keys, on the focused slice: arrows by one, Page Up/Down by ten
  await page.locator('.hf-slice-canvas').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('PageDown');
  await expect(page.locator('[data-slice-where]')).toHaveText(`13/${coronal.normal.count}`);
  await page.locator('[data-plane=sagittal]').click();
  await expectSlice('sagittal', 0.5, shown);
  expect(layoutOf('sagittal').edges.left[0] + layoutOf('sagittal').edges.top[0]).toBe('AS');
  await page.waitForTimeout(300); // a frame, if one had been requested, would have come by now
  expect(await page.evaluate(() => window.hf.viewer.stats.frames)).toBe(frames);
});

test('follows the window, and the slice travels with the viewer state', async () => {
  await page.evaluate(() => window.hf.viewer.setState({ slice: { plane: 'axial', position: 0.3 } }));
  await page.evaluate(() => window.hf.viewer.applyWindowPreset('bone'));
  const state = await page.evaluate(() => window.hf.viewer.getState());
  expect(state.slice).toEqual({ plane: 'axial', position: 0.3 });
  await expectSlice('axial', 0.3, state.window);
  await page.evaluate(() => window.hf.viewer.setWindow({ level: -600, width: 1500 }));
  await expectSlice('axial', 0.3, { level: -600, width: 1500 });
});

test('dragging on the slice sets the window: sideways the width, up and down the level', async () => {
  await page.evaluate(() => window.hf.viewer.setWindow({ level: 40, width: 400 }));
  const canvas = page.locator('.hf-slice-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 20, y - 10, { steps: 4 });
  await page.mouse.up();
  const state = await page.evaluate(() => window.hf.viewer.getState());
  const perPixel = (head.histogram.max - head.histogram.min) / 512;
  expect(state.window.width).toBe(Math.round(400 + 20 * perPixel));
  expect(state.window.level).toBe(Math.round(40 - 10 * perPixel));
  expect(state.windowPresetId).toBeNull();
  await expectSlice(state.slice.plane, state.slice.position, state.window);
  expect(Number(await page.locator('[data-field=level]').inputValue())).toBe(state.window.level);
});

test('"3-D slab" crops the 3-D view to a slab around the slice and turns it to look as the slice does', async () => {
  for (const plane of ['axial', 'coronal', 'sagittal'] as const) {
    await page.evaluate((p) => window.hf.viewer.setState({ slice: { plane: p, position: 0.4 }, crop: { min: [0, 0, 0], max: [1, 1, 1] } }), plane);
    await page.locator('[data-field=slice-slab-mm]').fill('10');
    await page.locator('[data-action=slice-slab]').click();
    const layout = layoutOf(plane);
    const { axis, count, spacingMm } = layout.normal;
    const crop = (await page.evaluate(() => window.hf.viewer.getState())).crop;
    const centre = (sliceIndex(layout, 0.4) + 0.5) / count;
    expect((crop.min[axis] + crop.max[axis]) / 2, `${plane}: slab centre`).toBeCloseTo(centre, 6);
    expect((crop.max[axis] - crop.min[axis]) * count * spacingMm, `${plane}: slab mm`).toBeCloseTo(10, 6);
    for (const other of [0, 1, 2].filter((a) => a !== axis)) expect([crop.min[other], crop.max[other]]).toEqual([0, 1]);
    // the 3-D view now reads like the slice: same patient directions at the same edges
    const o = await page.evaluate(() => window.hf.orientation());
    const e = layout.edges;
    expect([o.left, o.right, o.top, o.bottom].map((l) => l[0]), plane).toEqual([e.left[0], e.right[0], e.top[0], e.bottom[0]]);
  }
  await page.evaluate(() => window.hf.viewer.setState({ crop: { min: [0, 0, 0], max: [1, 1, 1] } }));
});

test('shift-drag draws a ruler that gives its length in patient mm, and leaves the window alone', async () => {
  await page.evaluate(() => window.hf.viewer.setState({ slice: { plane: 'coronal', position: 0.5 } }));
  const before = await page.evaluate(() => window.hf.viewer.getState());
  const frames = await settledFrames(page); // the last test's crop reset may still be drawing
  const canvas = page.locator('.hf-slice-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const layout = layoutOf('coronal');
  const { width, height } = canvasSize(layout);
  // from 20 %/30 % to 70 %/80 % of the canvas: across voxels 0.9 mm wide and 5 mm tall
  const from: [number, number] = [0.2, 0.3];
  const to: [number, number] = [0.7, 0.8];
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + from[0] * box.width, box.y + from[1] * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0] * box.width, box.y + to[1] * box.height, { steps: 3 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const k = sliceIndex(layout, 0.5);
  const out = page.locator('[data-mark-out]');
  // the ruler's corners as the page took them from the pointer, and its length from those here
  const [a, b] = JSON.parse((await out.getAttribute('data-corners'))!) as [number, number][];
  expect(Math.abs(a[0] - from[0] * width) + Math.abs(a[1] - from[1] * height)).toBeLessThan(2); // within a CSS pixel each way
  expect(Math.abs(b[0] - to[0] * width) + Math.abs(b[1] - to[1] * height)).toBeLessThan(2);
  const want = canvasDistanceMm(head.voxelToPatient, layout, k, a, b);
  expect(Number(await out.getAttribute('data-mm'))).toBeCloseTo(want, 9);
  await expect(out).toHaveText(`Ruler: ${want.toFixed(1)} mm`);
  expect(want).toBeGreaterThan(50);
  const after = await page.evaluate(() => window.hf.viewer.getState());
  expect(after.window).toEqual(before.window);
  expect(await page.evaluate(() => window.hf.viewer.stats.frames)).toBe(frames);
  // moving to another slice takes the ruler away
  await page.locator('[data-field=slice]').fill('3');
  await expect(out).not.toHaveAttribute('data-mm', /./);
  await expect(out).toHaveText('');
});

test('the ROI tool gives the mean, SD and range of the voxels inside its ellipse, computed as here', async () => {
  await page.evaluate(() => window.hf.viewer.setState({ slice: { plane: 'axial', position: 0.5 } }));
  await page.locator('[data-tool=roi]').click();
  await expect(page.locator('[data-tool=roi]')).toHaveAttribute('aria-pressed', 'true');
  const canvas = page.locator('.hf-slice-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const before = (await page.evaluate(() => window.hf.viewer.getState())).window;
  // an ellipse over the middle of the head (air inside the phantom's skull, and its inserts)
  await page.mouse.move(box.x + 0.3 * box.width, box.y + 0.3 * box.height);
  await page.mouse.down();
  await page.mouse.move(box.x + 0.7 * box.width, box.y + 0.6 * box.height, { steps: 3 });
  await page.mouse.up();
  const layout = layoutOf('axial');
  const out = page.locator('[data-mark-out]');
  const [a, b] = JSON.parse((await out.getAttribute('data-corners'))!) as [number, number][];
  const want = roiStats(head, layout, sliceIndex(layout, 0.5), a, b)!;
  expect(want.count).toBeGreaterThan(100);
  for (const key of ['count', 'mean', 'sd', 'min', 'max'] as const) expect(Number(await out.getAttribute(`data-${key}`)), key).toBe(want[key]);
  await expect(out).toContainText(`ROI: mean ${want.mean.toFixed(1)} · SD ${want.sd.toFixed(1)}`);
  expect(want.max - want.min).toBeGreaterThan(500); // air and denser inserts
  expect((await page.evaluate(() => window.hf.viewer.getState())).window).toEqual(before); // the drag drew, it did not window
  await page.locator('[data-tool=window]').click();
});

test('"Large" shows the slice in place of the 3-D view, at its true proportions, with the same readout', async () => {
  await page.evaluate(() => window.hf.viewer.setState({ slice: { plane: 'sagittal', position: 0.5 } }));
  const canvas = page.locator('.hf-slice-canvas');
  const small = (await canvas.boundingBox())!;
  await page.locator('[data-action=slice-large]').click();
  await expect(page.locator('[data-action=slice-large]')).toHaveAttribute('aria-pressed', 'true');
  const view = (await page.locator('.hf-view').boundingBox())!;
  const large = (await canvas.boundingBox())!;
  const layout = layoutOf('sagittal');
  const size = canvasSize(layout);
  // as large as the 3-D view allows, inside it, in the slice's mm proportions
  expect(large.width * large.height).toBeGreaterThan(1.5 * small.width * small.height);
  expect(large.x).toBeGreaterThanOrEqual(view.x - 0.5);
  expect(large.x + large.width).toBeLessThanOrEqual(view.x + view.width + 0.5);
  expect(Math.min(view.width - large.width, view.height - large.height)).toBeLessThan(1); // fills one way
  expect(large.height / large.width).toBeCloseTo(size.heightMm / size.widthMm, 2);
  await expectSlice('sagittal', 0.5, (await page.evaluate(() => window.hf.viewer.getState())).window);
  // the readout under the pointer is still the voxel there
  const [column, row] = [Math.floor(size.width * 0.4), Math.floor(size.height * 0.6)];
  await canvas.hover({ position: { x: ((column + 0.5) / size.width) * large.width, y: ((row + 0.5) / size.height) * large.height } });
  const voxel = voxelAt(layout, column, row, sliceIndex(layout, 0.5));
  await expect(page.locator('[data-readout=slice]')).toHaveAttribute('data-voxel', voxel.join(','));
  expect(Number(await page.locator('[data-readout=slice]').getAttribute('data-value'))).toBe(voxelValue(head, linearIndex(head.shape, voxel)).value);
  await page.locator('[data-action=slice-large]').click();
  await expect(page.locator('[data-slice-large]')).toBeHidden();
  const back = (await canvas.boundingBox())!;
  expect([back.width, back.height]).toEqual([small.width, small.height]);
});

test('PNG saves the slice as shown: voxels as flat squares at least 512 px wide, and the edge letters', async () => {
  // a slice without the ROI of the test before (marks would be in the file too: "as shown")
  await page.evaluate(() => window.hf.viewer.setState({ slice: { plane: 'axial', position: 0.4 }, window: { level: 40, width: 400 } }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=slice-png]').click()]);
  expect(download.suggestedFilename()).toMatch(/-axial-\d+\.png$/);
  const png = readFileSync((await download.path())!).toString('base64');
  const file = fromBase64(await page.evaluate((b64) => window.hf.decodePng(b64), png));
  const layout = layoutOf('axial');
  const { width, height } = canvasSize(layout);
  const scale = Math.ceil(512 / width);
  expect([file.width, file.height]).toEqual([width * scale, height * scale]); // square voxels here
  // away from the edges (letters) each file pixel is its voxel's grey, exactly
  const want = sliceRgba(head, layout, sliceIndex(layout, 0.4), greyTable(head, { level: 40, width: 400 }));
  let same = 0;
  let total = 0;
  for (let y = 30; y < file.height - 30; y += 7) {
    for (let x = 30; x < file.width - 30; x += 7) {
      const p = 4 * (y * file.width + x);
      const q = 4 * (Math.floor(y / scale) * width + Math.floor(x / scale));
      total++;
      if (file.data[p] === want[q] && file.data[p + 1] === want[q + 1] && file.data[p + 2] === want[q + 2]) same++;
    }
  }
  expect(same / total).toBe(1);
  // the letters: yellow pixels near the middle of the left edge (R) and none in a blank corner
  const yellow = (x0: number, y0: number, w: number, h: number) => {
    let n = 0;
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) {
      const p = 4 * (y * file.width + x);
      if (file.data[p] > 200 && file.data[p + 1] > 150 && file.data[p + 2] < 100) n++;
    }
    return n;
  };
  expect(yellow(0, Math.floor(file.height / 2) - 10, 24, 20)).toBeGreaterThan(5);
});

test('a double-click on the 3-D view turns the slice to the voxel shown there, crossed and read out', async () => {
  await page.evaluate(() => window.hf.viewer.setState({ mode: 'iso', isoThreshold: 400, crop: { min: [0, 0, 0], max: [1, 1, 1] }, slice: { plane: 'axial', position: 0.1 } }));
  await page.evaluate(() => window.hf.viewer.standardView('anterior'));
  await settledFrames(page);
  const view = (await page.locator('.hf-canvas').boundingBox())!;
  await page.mouse.dblclick(view.x + view.width / 2, view.y + view.height / 2);
  const readout = page.locator('[data-readout=slice]');
  await expect(readout).toHaveAttribute('data-voxel', /^\d+,\d+,\d+$/);
  const voxel = (await readout.getAttribute('data-voxel'))!.split(',').map(Number) as [number, number, number];
  const layout = layoutOf('axial');
  const state = await page.evaluate(() => window.hf.viewer.getState());
  expect(sliceIndex(layout, state.slice.position)).toBe(voxel[layout.normal.axis]);
  await expect(page.locator('.hf-slice-marks')).not.toHaveAttribute('data-cross', '');
  // The centre ray of the anterior view runs straight back through the volume: the voxel is the
  // first one at or above the iso threshold coming from the front (−y in patient space).
  const value = (v: [number, number, number]) => voxelValue(head, linearIndex(head.shape, v)).value;
  expect(value(voxel)).toBeGreaterThanOrEqual(400);
  const rowsGoBack = head.voxelToPatient[5] > 0; // +row → +y (posterior)
  const [x, y, z] = voxel;
  // on the volume's centre column, where the camera looks
  expect(Math.abs(x - (head.shape[2] - 1) / 2)).toBeLessThanOrEqual(1);
  expect(Math.abs(z - (head.shape[0] - 1) / 2)).toBeLessThanOrEqual(1);
  const inFront = rowsGoBack ? Array.from({ length: y }, (_, j) => j) : Array.from({ length: head.shape[1] - 1 - y }, (_, j) => y + 1 + j);
  expect(inFront.length).toBeGreaterThan(3);
  for (const j of inFront) expect(value([x, j, z]), `row ${j}`).toBeLessThan(400);
  expect(Number(await readout.getAttribute('data-value'))).toBe(value(voxel));
});
