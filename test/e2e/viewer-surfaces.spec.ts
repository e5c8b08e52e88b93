/**
 * InVesalius surfaces in the 3-D view, in Debian Chromium (WebGL2 via SwiftShader), on the REAL
 * gz project (surfaces "Bone" green and "Skin" yellow, two masks) through the REAL pipeline:
 * openScan → prepareVolume (worker pool, maxGrid 256: at coarser grids the thin head holder drops below 226 HU) → encodePrepared → harness page.
 * Placement is checked against the volume itself: the Bone surface's silhouette must match the
 * iso-surface the raymarcher draws at 226 HU (InVesalius' bone threshold) from two directions.
 */
import { test, expect, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { INV3_GZ } from '../unit/data';
import { startHarness } from './harness/server';
import { closePipeline, preparedBlob } from './harness/volumes';
import { settledFrames } from './harness/frames';
import { fromBase64, type Rgba } from './harness/images';
import { countSet, maskVolumeLabel } from '../../src/renderer/panels/surfaces-panel';
import { cropAxisLabels } from '../../src/renderer/panels/crop-panel';
import { encodePrepared } from '../../src/shared/serialize';
import { canvasSize, sliceIndex, sliceLayout, voxelAt } from '../../src/renderer/viewer/slice-layout';
import { greyTable, linearIndex, maskOverlay, sliceRgba } from '../../src/renderer/viewer/slice-image';
import { patientToVoxel, pointsOnSlice } from '../../src/renderer/viewer/slice-measurements';

/** Voxels inside each mask of the real gz project (reference/inv3_philips-…_gz.json). */
const SOURCE_MASK_VOXELS = [390_666, 335_872];
import type { PreparedVolume } from '../../src/shared/prepared';

test.describe.configure({ mode: 'serial' });

const SIZE = 120;
let page: Page;
let harness: Awaited<ReturnType<typeof startHarness>>;
let prepared: PreparedVolume;

let shotNo = 0;
async function shot(): Promise<Rgba> {
  const s = await page.evaluate((n) => window.hf.shot(n, n), SIZE);
  // Debugging aid: SURFACE_SHOTS=/some/dir writes every screenshot there as N.png.
  if (process.env.SURFACE_SHOTS) writeFileSync(`${process.env.SURFACE_SHOTS}/${shotNo++}.png`, Buffer.from(s.png, 'base64'));
  return fromBase64(s);
}
async function run(code: string): Promise<void> {
  await page.evaluate(`window.hf.viewer.${code}`);
}
const stats = () => page.evaluate(() => window.hf.viewer.stats);

type PixelTest = (r: number, g: number, b: number) => boolean;
const lit: PixelTest = (r, g, b) => r + g + b > 30;
/** Bone surface colour (0.33, 1, 0.33) under any shading: green dominates. */
const green: PixelTest = (r, g, b) => g > 30 && g > 1.6 * r && g > 1.6 * b;
/** Green clearly above red: the Bone surface, also when seen through a tinted transparent surface. */
const greenish: PixelTest = (r, g) => g > 30 && g > r + 40;
/** Skin surface colour (1, 1, 0.33): red ≈ green, blue well below (iso colour 0.93/0.86/0.72 is not). */
const yellow: PixelTest = (r, g, b) => r > 30 && Math.abs(r - g) < 0.15 * r && b < 0.5 * r;

function maskOf(img: Rgba, test: PixelTest): Uint8Array {
  const m = new Uint8Array(img.width * img.height);
  for (let p = 0; p < m.length; p++) m[p] = test(img.data[p * 4], img.data[p * 4 + 1], img.data[p * 4 + 2]) ? 1 : 0;
  return m;
}
const count = (m: Uint8Array) => m.reduce((a, v) => a + v, 0);

/** The Skin surface drawn alone (iso mode with the threshold out of reach): the image and its lit pixels. */
async function skinSurfaceAlone(): Promise<{ skinOnly: Rgba; skin: Uint8Array }> {
  await run("setMode('iso')");
  await run('setIsoThreshold(99999)');
  await run("setState({ visibleSurfaces: ['Skin'] })");
  const skinOnly = await shot();
  return { skinOnly, skin: maskOf(skinOnly, lit) };
}
/** a vs b: area ratio, intersection over union, share of a inside b. */
function overlap(a: Uint8Array, b: Uint8Array): { ratio: number; iou: number; inside: number } {
  let both = 0;
  let either = 0;
  for (let p = 0; p < a.length; p++) {
    both += a[p] & b[p];
    either += a[p] | b[p];
  }
  return { ratio: count(a) / Math.max(1, count(b)), iou: both / Math.max(1, either), inside: both / Math.max(1, count(a)) };
}

/** First and last image row holding a set pixel. */
function rowSpan(m: Uint8Array, width: number): [number, number] {
  let top = Infinity;
  let bottom = -1;
  for (let p = 0; p < m.length; p++)
    if (m[p]) {
      top = Math.min(top, Math.floor(p / width));
      bottom = Math.max(bottom, Math.floor(p / width));
    }
  return [top, bottom];
}
function rowBand(m: Uint8Array, width: number, top: number, bottom: number): Uint8Array {
  return m.map((v, p) => (Math.floor(p / width) >= top && Math.floor(p / width) <= bottom ? v : 0));
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  const [h, vol] = await Promise.all([startHarness(), preparedBlob(INV3_GZ, 256)]);
  harness = h;
  prepared = vol.prepared;
  page = await browser.newPage({ viewport: { width: 800, height: 400 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.route('**/inv3.bin', (r) => r.fulfill({ body: vol.blob, contentType: 'application/octet-stream' }));
  await page.goto(harness.url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await page.evaluate(() => window.hf.load('/inv3.bin'));
});

test.afterAll(async () => {
  await page?.close();
  await harness?.close();
  await closePipeline();
});

test('the panel lists the surfaces (visible as saved) and the masks with their volumes', async () => {
  expect(prepared.surfaces.map((s) => s.name)).toEqual(['Bone', 'Skin']);
  const state = await page.evaluate(() => window.hf.viewer.getState());
  expect(state.visibleSurfaces).toEqual(prepared.surfaces.filter((s) => s.visible).map((s) => s.name));
  for (const s of prepared.surfaces) expect(await page.locator(`[data-surface="${s.name}"]`).isChecked()).toBe(s.visible);
  const rows = page.locator('.hf-mask');
  expect(await rows.count()).toBe(prepared.masks.length);
  for (let i = 0; i < prepared.masks.length; i++) {
    expect(countSet(prepared.masks[i].data!)).toBeGreaterThan(0);
    // The label is the project's own mask volume on the source grid (reference voxel counts ×
    // source voxel size), not the resampled grid's count, which differs by up to ~20 % here.
    const [ox, oy, oz] = prepared.sourceSpacing;
    const sourceMl = (SOURCE_MASK_VOXELS[i] * ox * oy * oz) / 1000;
    const unit = (await rows.nth(i).locator('.hf-unit').textContent()) ?? '';
    expect(unit).toBe(maskVolumeLabel(sourceMl * 1000));
    expect(Number(/^([\d,.]+) mL$/.exec(unit)![1].replace(/,/g, ''))).toBeCloseTo(sourceMl, 1);
  }
});

test('the Bone surface sits on the skull the raymarcher shows at 226 HU (two directions)', async () => {
  const empty = prepared.histogram.max + 50; // iso above every voxel: the volume draws nothing
  await run("setMode('iso')");
  for (const view of ['anterior', 'left'] as const) {
    await run(`standardView('${view}')`);
    await run('setState({ visibleSurfaces: [] })');
    await run('setIsoThreshold(226)');
    const iso = maskOf(await shot(), lit);
    await run(`setIsoThreshold(${empty})`);
    await run("setState({ visibleSurfaces: ['Bone'] })");
    const boneImg = await shot();
    const bone = maskOf(boneImg, lit);
    // Every drawn pixel is the surface's green, and the skull fills a good part of the frame.
    expect(count(maskOf(boneImg, green)) / count(bone), `${view}: green share`).toBeGreaterThan(0.97);
    expect(count(iso) / iso.length, `${view}: skull area`).toBeGreaterThan(0.1);
    // Whole silhouettes: same order of size (the file's surface stops at slice 24, z = 120 mm,
    // while the bone — skull vertex and head holder — goes on to slice 27, so not equal).
    const whole = overlap(bone, iso);
    expect(whole.ratio, `${view}: surface / iso area`).toBeGreaterThan(0.6);
    expect(whole.ratio, `${view}: surface / iso area`).toBeLessThan(1.2);
    // Over the screen rows the surface spans (head up in both views, so rows ≈ slices), the two
    // silhouettes must coincide: a shift, scale or flip of the mesh would break this.
    const [top, bottom] = rowSpan(bone, SIZE);
    expect(bottom - top, `${view}: rows spanned`).toBeGreaterThan(SIZE * 0.3);
    // (measured: IoU 0.82 anterior, 0.90 left; nearly every surface pixel is on the iso-surface)
    const band = overlap(bone, rowBand(iso, SIZE, top, bottom));
    expect(band.ratio, `${view}: surface / iso area, same rows`).toBeGreaterThan(0.75);
    expect(band.ratio, `${view}: surface / iso area, same rows`).toBeLessThan(1.1);
    expect(band.iou, `${view}: overlap (IoU), same rows`).toBeGreaterThan(0.75);
    expect(band.inside, `${view}: share of surface pixels on the iso silhouette`).toBeGreaterThan(0.97);
  }
  await run("standardView('anterior')");
});

test('volume in front of an opaque surface hides it; the surface ends the rays behind it', async () => {
  await run("setState({ visibleSurfaces: ['Bone'] })");
  await run("setMode('iso')");
  await run('setIsoThreshold(99999)');
  const alone = count(maskOf(await shot(), green));
  // Iso at −300 HU lies outside the bone, so it hides most of the surface. Measured: 11 % stays
  // green — the head holder inside its own −300 HU shell and the brow, where the "Low" quality
  // surface (decimated, smoothed 5 mm slices) sits ~2 mm off the trilinear iso-surface. A surface
  // drawn over the volume would keep 100 %.
  await run('setIsoThreshold(-300)');
  const skin = await shot();
  expect(count(maskOf(skin, lit)) / (SIZE * SIZE)).toBeGreaterThan(0.2);
  expect(count(maskOf(skin, green))).toBeLessThan(alone * 0.2);
  // Iso at 226 HU coincides with the surface: both show, the surface wins about half the pixels
  // or more (its depth ends the rays), and the iso colour still shows where it is in front.
  await run('setIsoThreshold(226)');
  const both = await shot();
  const g = count(maskOf(both, green)) / count(maskOf(both, lit));
  expect(g).toBeGreaterThan(0.3);
  expect(g).toBeLessThan(0.98);
});

test('toggling the Bone checkbox removes its pixels with one frame and no re-upload', async () => {
  await run('setIsoThreshold(99999)');
  await run("setState({ visibleSurfaces: ['Bone'] })");
  expect(count(maskOf(await shot(), green))).toBeGreaterThan(SIZE * SIZE * 0.1);
  const before = await stats();
  await page.locator('[data-surface="Bone"]').uncheck();
  await expect.poll(async () => (await stats()).frames).toBe(before.frames + 1);
  await page.waitForTimeout(300);
  expect((await stats()).frames).toBe(before.frames + 1); // on demand: exactly one frame
  expect((await page.evaluate(() => window.hf.viewer.getState())).visibleSurfaces).toEqual([]);
  expect(count(maskOf(await shot(), lit))).toBe(0);
  await page.locator('[data-surface="Bone"]').check();
  expect(count(maskOf(await shot(), green))).toBeGreaterThan(SIZE * SIZE * 0.1);
  // MIP projects whole rays (no depth to combine with): surfaces stay out, and the panel says so.
  await expect(page.locator('.hf-surfaces-hint')).toBeHidden();
  // (Were the Bone ending the rays, the projection behind it would be lost and the images differ.)
  await run("setMode('mip')");
  const mipWith = await shot();
  await expect(page.locator('.hf-surfaces-hint')).toBeVisible();
  await run('setState({ visibleSurfaces: [] })');
  const mipWithout = await shot();
  expect(count(maskOf(mipWith, lit))).toBeGreaterThan(SIZE * SIZE * 0.1);
  expect(Buffer.compare(Buffer.from(mipWith.data), Buffer.from(mipWithout.data))).toBe(0);
  await run("setState({ visibleSurfaces: ['Bone'] })");
  await run("setMode('iso')");
  expect((await stats()).uploads).toBe(1);
});

test('the Skin surface occludes the skull (surface and volume) behind it', async () => {
  const { skinOnly, skin } = await skinSurfaceAlone();
  expect(count(skin) / skin.length).toBeGreaterThan(0.1);
  expect(count(maskOf(skinOnly, yellow)) / count(skin)).toBeGreaterThan(0.9); // measured 0.97 (dark grazing-angle edges)
  // Bone surface + the skull at 226 HU: inside the skin, so within the skin's silhouette the image
  // barely changes. Measured: 12 % of the skin's pixels change, where the skull pokes through the
  // "Low" quality skin (smoothed 5 mm slices, a few mm inside the real skin at the brow and
  // vertex; those pixels show the iso colour, as they should). Without rays ending at the
  // skin, the skull behind it would show through nearly everywhere. Above the skin's top the volume
  // shows too: the file's surfaces stop at z = 120 mm, the bone goes on to 135 mm.
  await run("setState({ visibleSurfaces: ['Bone', 'Skin'] })");
  await run('setIsoThreshold(226)');
  const all = await shot();
  expect(count(maskOf(all, green))).toBe(0);
  let differing = 0;
  for (let p = 0; p < SIZE * SIZE; p++) {
    if (!skin[p]) continue;
    const d = Math.max(...[0, 1, 2].map((c) => Math.abs(all.data[p * 4 + c] - skinOnly.data[p * 4 + c])));
    if (d > 8) differing++;
  }
  expect(differing / count(skin)).toBeLessThan(0.2);
  await run("applyTransferPreset('bone')");
  const dvr = await shot();
  expect(count(maskOf(dvr, green))).toBe(0);
  expect(count(maskOf(dvr, yellow)) / count(skin)).toBeGreaterThan(0.85); // measured 0.91 (same pokes)
  expect((await stats()).uploads).toBe(1);
});

test('the crop cuts the surfaces as it cuts the volume: without the front half, the skin in front is gone', async () => {
  await run("standardView('anterior')");
  await skinSurfaceAlone();
  await run("setState({ visibleSurfaces: ['Bone', 'Skin'] })");
  const whole = await shot();
  expect(count(maskOf(whole, green))).toBe(0); // the skin hides the bone
  // Keep the posterior half of the A–P axis (named from the matrix, as the panel names it). The
  // front skin lies inside the crop box's screen footprint, so only the surfaces' own cut can
  // remove it (the raymarch alone would still show it in front of the box).
  const labels = cropAxisLabels(prepared.voxelToPatient);
  const ap = labels.findIndex((l) => /^[AP] → [AP]$/.test(l));
  expect(ap).toBeGreaterThanOrEqual(0);
  const crop = { min: [0, 0, 0], max: [1, 1, 1] };
  if (labels[ap].startsWith('P')) crop.max[ap] = 0.5;
  else crop.min[ap] = 0.5;
  const before = await stats();
  await run(`setState({ crop: ${JSON.stringify(crop)} })`);
  const cut = await shot();
  // Looking into the cut: the inside of the skin and the phantom's bone (green) behind the cut.
  expect(count(maskOf(cut, green))).toBeGreaterThan(SIZE * SIZE * 0.005);
  let differing = 0;
  for (let p = 0; p < SIZE * SIZE; p++) if (Math.max(...[0, 1, 2].map((c) => Math.abs(cut.data[p * 4 + c] - whole.data[p * 4 + c]))) > 16) differing++;
  expect(differing / count(maskOf(whole, lit))).toBeGreaterThan(0.2);
  expect((await stats()).uploads).toBe(before.uploads);
  await run('setState({ crop: { min: [0, 0, 0], max: [1, 1, 1] } })');
  expect(Buffer.compare(Buffer.from((await shot()).data), Buffer.from(whole.data))).toBe(0);
});

test('the visible masks are tinted over the 2-D slice, as the project saved them, and toggle there', async () => {
  const state = await page.evaluate(() => window.hf.viewer.getState());
  expect(state.visibleMasks).toEqual(prepared.masks.filter((m) => m.visible).map((m) => m.name));
  expect(state.visibleMasks).toEqual(['Skin']); // the project shows Skin, not Mask 1
  const layout = sliceLayout('axial', prepared.voxelToPatient, prepared.shape, prepared.spacing);
  const k = sliceIndex(layout, state.slice.position);
  const table = greyTable(prepared, state.window);
  const expected = (names: string[]) =>
    Array.from(sliceRgba(prepared, layout, k, table, prepared.masks.filter((m) => names.includes(m.name)).map((m) => maskOverlay({ ...m, data: m.data! }))));
  const pixels = () =>
    page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('.hf-slice-canvas')!;
      return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
    });
  const withSkin = await pixels();
  expect(withSkin).toEqual(expected(['Skin']));
  expect(withSkin).not.toEqual(expected([]));
  const frames = await settledFrames(page);
  await page.locator('[data-mask-toggle="Mask 1"]').check();
  expect((await page.evaluate(() => window.hf.viewer.getState())).visibleMasks).toEqual(['Skin', 'Mask 1']);
  const withBoth = await pixels();
  expect(withBoth).toEqual(expected(['Skin', 'Mask 1']));
  expect(withBoth).not.toEqual(withSkin);
  await page.locator('[data-mask-toggle="Skin"]').uncheck();
  expect(await pixels()).toEqual(expected(['Mask 1']));
  expect((await stats()).frames).toBe(frames); // masks live on the slice only: no 3-D frame
  // The readout names the masks the voxel under the pointer is in.
  const bone = prepared.masks.find((m) => m.name === 'Mask 1')!.data!;
  const { width, height } = canvasSize(layout);
  let target: [number, number] | null = null;
  for (let i = 0; i < width * height && !target; i++) {
    const [c, r] = [i % width, Math.floor(i / width)];
    if (bone[linearIndex(prepared.shape, voxelAt(layout, c, r, k))] >= 128) target = [c, r];
  }
  expect(target).not.toBeNull();
  const canvas = page.locator('.hf-slice-canvas');
  const box = (await canvas.boundingBox())!;
  await canvas.hover({ position: { x: ((target![0] + 0.5) / width) * box.width, y: ((target![1] + 0.5) / height) * box.height } });
  await expect(page.locator('[data-readout=slice]')).toContainText('in Mask 1');
  await run("setState({ visibleMasks: ['Skin'] })");
});

test("the project's measurements are listed, and drawn on the slice they were made in", async () => {
  await expect(page.locator('[data-measurement=M1]')).toContainText('length 115.5 mm');
  await expect(page.locator('[data-measurement=M2]')).toContainText('angle 90.0°');
  await run("setState({ slice: { plane: 'sagittal', position: 0.5 } })");
  await expect(page.locator('.hf-slice-marks')).toHaveAttribute('data-drawn', '');
  await page.locator('[data-measurement-show=M1]').click();
  const slice = (await page.evaluate(() => window.hf.viewer.getState())).slice;
  const axial = sliceLayout('axial', prepared.voxelToPatient, prepared.shape, prepared.spacing);
  expect(slice.plane).toBe('axial');
  expect(sliceIndex(axial, slice.position)).toBe(14); // 70 mm / 5 mm: where InVesalius measured them
  await expect(page.locator('.hf-slice-marks')).toHaveAttribute('data-drawn', 'M1,M2');
  // M1 is drawn in its colour (red) along its line; away from the marks the overlay is clear.
  const toVoxel = patientToVoxel(prepared.voxelToPatient);
  const ends = pointsOnSlice(prepared.measurements[0].patientPoints!.map(toVoxel), axial, 14)!;
  const { width } = canvasSize(axial);
  const marks = await page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('.hf-slice-marks')!;
    return { width: c.width, height: c.height, rgba: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) };
  });
  const scale = marks.width / width;
  const at = (x: number, y: number) => marks.rgba.slice(4 * (Math.round(y) * marks.width + Math.round(x)), 4 * (Math.round(y) * marks.width + Math.round(x)) + 4);
  const [[c0, r0], [c1, r1]] = ends;
  const isRed = ([r, g, b, a]: number[]) => a > 128 && r > 150 && g < 80 && b < 80;
  let red = 0;
  for (let t = 0.1; t < 0.9; t += 0.1) {
    const [x, y] = [(c0 + (c1 - c0) * t) * scale, (r0 + (r1 - r0) * t) * scale];
    if ([-1, 0, 1].some((dy) => isRed(at(x, y + dy)))) red++; // a 1.5 px line: the row it centres on
  }
  expect(red).toBeGreaterThanOrEqual(7);
  expect(at(2, marks.height - 3)[3]).toBe(0);
  await run("setState({ slice: { plane: 'axial', position: 0 } })");
  await expect(page.locator('.hf-slice-marks')).toHaveAttribute('data-drawn', '');
});

test('a transparent surface (Skin at transparency 0.6) lets the Bone surface behind it show through, tinted', async () => {
  // The same project with the Skin made 60 % transparent, as InVesalius stores it after a user
  // drags its transparency slider (a new volume for the viewer: uploads start again).
  // (M2 loses its patient coordinates too, as a 3-D measurement has none: it is listed, not drawn)
  const glass = {
    ...prepared,
    surfaces: prepared.surfaces.map((s) => (s.name === 'Skin' ? { ...s, transparency: 0.6 } : s)),
    measurements: prepared.measurements.map((m) => (m.name === 'M2' ? { ...m, patientPoints: undefined } : m)),
  };
  await page.route('**/glass.bin', (r) => r.fulfill({ body: Buffer.from(encodePrepared(glass)), contentType: 'application/octet-stream' }));
  await page.evaluate(() => window.hf.load('/glass.bin'));
  const { skinOnly, skin } = await skinSurfaceAlone();
  // Alone, the glass skin over black is a dim yellow (40 % of its opaque colour).
  expect(count(skin) / skin.length).toBeGreaterThan(0.1);
  expect(count(maskOf(skinOnly, greenish))).toBe(0);
  await run("setState({ visibleSurfaces: ['Bone', 'Skin'] })");
  const both = await shot();
  // Behind the glass, the bone shows: green outweighs red where it is, but red is there (the tint).
  const through = maskOf(both, greenish);
  expect(count(through) / count(skin)).toBeGreaterThan(0.3);
  let tinted = 0;
  for (let p = 0; p < through.length; p++) if (through[p] && both.data[p * 4] > 0.35 * both.data[p * 4 + 1]) tinted++;
  expect(tinted / count(through)).toBeGreaterThan(0.9);
  expect((await stats()).uploads).toBe(2);
  await expect(page.locator('[data-measurement=M2]')).toContainText('not drawn');
  await expect(page.locator('[data-measurement-show=M2]')).toHaveCount(0);
  await expect(page.locator('[data-measurement-show=M1]')).toHaveCount(1);
});
