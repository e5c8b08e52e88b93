/**
 * 'i16' volumes in Debian Chromium (WebGL2 via SwiftShader): the int16 HU go up as R16I and the
 * GPU converts them into the R16F texture the raymarcher samples (src/renderer/viewer/int16-gpu.ts).
 *  1. Every one of the 65,536 int16 values, shuffled over a non-cubic grid, uploaded through the
 *     real createVolumeTexture and read back layer by layer: each texel must be exactly the half
 *     float the CPU's f16 path makes (int16ToHalfTable), ties to even beyond ±2048 included;
 *     and the same when the upload is cut into several slabs of layers.
 *  2. The real viewer renders an i16 volume exactly like the same voxels sent as f16 (synthetic
 *     −3000…3000 HU ball, and a crop of the real head CT), also after a lost/restored context.
 */
import { test, expect, type Page } from '@playwright/test';
import { DICOM_DIR } from '../unit/data';
import { startHarness } from './harness/server';
import { compare, fromBase64, litFraction, type Rgba } from './harness/images';
import { loseAndRestoreContext } from './harness/lose-context';
import { encodePrepared } from '../../src/shared/serialize';
import { fromHalf, int16ToHalfTable, toHalf } from '../../src/shared/half';
import { openScan } from '../../src/main/scan/open';
import { WorkerPool } from '../../src/main/workers/pool';
import type { PreparedVolume } from '../../src/shared/prepared';
import type { Shape3 } from '../../src/shared/volume';

test.describe.configure({ mode: 'serial' });

let harness: Awaited<ReturnType<typeof startHarness>>;
test.beforeAll(async () => {
  harness = await startHarness();
});
test.afterAll(async () => {
  await harness?.close();
});

/** A deterministic shuffle (LCG), so a texel landing at the wrong (x, y, z) cannot go unseen. */
function shuffled(values: number[]): number[] {
  let seed = 12345;
  for (let i = values.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}

test('every int16 value converts on the GPU to the exact half float of the CPU path', async ({ page }) => {
  await page.goto(`${harness.url}int16.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  // Probe before relying on it: rendering into R16F needs EXT_color_buffer_float.
  expect(await page.evaluate(() => window.i16.probe())).toEqual({ colorBufferFloat: true, webgl2: true });

  const shape: Shape3 = [16, 32, 128]; // z, y, x: 65,536 voxels, one per int16 value
  const values = shuffled(Array.from({ length: 65536 }, (_, i) => i - 32768));
  const r = await page.evaluate(([v, s]) => window.i16.convert(v, s), [values, shape] as const);
  expect(r.glError).toBe(0);
  expect(r.convertedOnGpu).toBe(true);
  expect(r.uploads).toBe(1);
  expect(r.texels.length).toBe(values.length);

  const table = int16ToHalfTable();
  const wrong: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const want = table[values[i] + 32768];
    // the read-back float is a half value, so toHalf gives its bits back exactly
    if (toHalf(r.texels[i]) !== want || r.texels[i] !== fromHalf(want)) wrong.push(`${values[i]} → ${r.texels[i]} (want ${fromHalf(want)})`);
  }
  expect(wrong.slice(0, 10), `${wrong.length} wrong texels`).toEqual([]);
  // Spot checks of the rounding the comparison relies on (ties to even beyond 2048).
  const at = (v: number) => r.texels[values.indexOf(v)];
  expect([at(2049), at(2051), at(-2049), at(-2051), at(32767), at(-32768), at(4095)]).toEqual([2048, 2052, -2048, -2052, 32768, -32768, 4096]);

  // Uploaded in slabs of 3 layers (6 slabs, the last one layer): the same texels, one upload counted.
  const slabs = await page.evaluate(([v, s]) => window.i16.convertInSlabs(v, s, 3 * 32 * 128 * 2), [values, shape] as const);
  expect(slabs.glError).toBe(0);
  expect(slabs.uploads).toBe(1);
  expect(slabs.texels).toEqual(r.texels);
});

/** An i16 and an f16 PreparedVolume of the same int16 voxels (HU), for the viewer. */
function bothFormats(hu: Int16Array, shape: Shape3, name: string): { i16: PreparedVolume; f16: PreparedVolume } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of hu) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  const counts = new Uint32Array(max - min + 1);
  for (const v of hu) counts[v - min]++;
  const table = int16ToHalfTable();
  const spacing: [number, number, number] = [1, 1, 1];
  const [nz, ny, nx] = shape;
  const base = {
    shape,
    spacing,
    voxelToPatient: [1, 0, 0, -nx / 2, 0, 1, 0, -ny / 2, 0, 0, 1, -nz / 2, 0, 0, 0, 1],
    histogram: { min, max, binWidth: 1, counts, mean: sum / hu.length, total: hu.length },
    window: { level: 300, width: 2000 },
    sourceShape: shape,
    sourceSpacing: spacing,
    meta: { name, modality: 'CT', sourceFormat: 'synthetic', isHU: true, warnings: [] },
    masks: [],
    surfaces: [],
    measurements: [],
  } satisfies Omit<PreparedVolume, 'format' | 'data'>;
  return { i16: { ...base, format: 'i16', data: hu }, f16: { ...base, format: 'f16', data: Uint16Array.from(hu, (v) => table[v + 32768]) } };
}

/** −3000 HU at the edge to 3000 HU at the centre of a 24³ ball, with the tie values ±2049, ±2051 on a shell. */
function syntheticBall(): Int16Array {
  const n = 24;
  const hu = new Int16Array(n * n * n);
  for (let z = 0; z < n; z++)
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const r = Math.hypot(x - 11.5, y - 11.5, z - 11.5) / 11.5;
        const v = r > 1 ? -1000 : Math.round(3000 - 6000 * r);
        hu[(z * n + y) * n + x] = Math.abs(Math.abs(v) - 2050) <= 1 ? Math.sign(v) * (z % 2 ? 2049 : 2051) : v;
      }
  return hu;
}

/** A 40×40×(≤ 40) crop of the real head CT across the skull (int16 HU as the reader gives them). */
async function realCrop(): Promise<{ hu: Int16Array; shape: Shape3 }> {
  const pool = new WorkerPool(2);
  try {
    const v = await openScan(DICOM_DIR, { pool });
    expect(v.dtype).toBe('int16');
    const [nz, ny, nx] = v.shape;
    const shape: Shape3 = [Math.min(nz, 40), 40, 40];
    const data = v.data as Int16Array;
    // Along the middle row of the middle slice, start just before the first bone (> 300 HU).
    const [z0, y0] = [Math.max(0, Math.floor(nz / 2) - 20), Math.floor(ny / 2) - 20];
    const row = (Math.floor(nz / 2) * ny + Math.floor(ny / 2)) * nx;
    let bone = 0;
    while (bone < nx - 1 && data[row + bone] <= 300) bone++;
    expect(bone).toBeLessThan(nx - 60);
    const x0 = Math.max(0, bone - 10);
    const hu = new Int16Array(shape[0] * 40 * 40);
    for (let z = 0; z < shape[0]; z++)
      for (let y = 0; y < 40; y++) hu.set(data.subarray(((z0 + z) * ny + y0 + y) * nx + x0, ((z0 + z) * ny + y0 + y) * nx + x0 + 40), (z * 40 + y) * 40);
    return { hu, shape };
  } finally {
    await pool.close();
  }
}

async function viewerPage(page: Page): Promise<void> {
  await page.setViewportSize({ width: 400, height: 300 });
  await page.goto(harness.url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
}

async function showAndShoot(page: Page, v: PreparedVolume, mode: string): Promise<Rgba> {
  const route = `**/vol-${v.meta.name}-${v.format}.bin`;
  await page.route(route, (r) => r.fulfill({ body: Buffer.from(encodePrepared(v)), contentType: 'application/octet-stream' }));
  await page.evaluate((url) => window.hf.load(url), `/vol-${v.meta.name}-${v.format}.bin`);
  await page.evaluate(`window.hf.viewer.setMode('${mode}')`);
  await page.evaluate("window.hf.viewer.applyWindowPreset('bone')");
  return fromBase64(await page.evaluate(() => window.hf.shot(96, 96)));
}

test('the viewer renders an i16 volume exactly like the same voxels as f16, before and after a context loss', async ({ page }) => {
  await viewerPage(page);
  const crop = await realCrop();
  const cases = [
    { ...bothFormats(syntheticBall(), [24, 24, 24], 'ball'), mode: 'dvr' },
    { ...bothFormats(crop.hu, crop.shape, 'head'), mode: 'mip' },
  ];
  let uploads = 0;
  for (const c of cases) {
    const f16 = await showAndShoot(page, c.f16, c.mode);
    const i16 = await showAndShoot(page, c.i16, c.mode);
    uploads += 2;
    expect(litFraction(f16), `${c.i16.meta.name}: something is drawn`).toBeGreaterThan(0.02);
    expect(compare(i16, f16, 0).meanAbs, `${c.i16.meta.name}: i16 vs f16`).toBe(0);
  }
  expect(await page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(uploads);

  // The last volume shown is i16: a lost and restored context uploads and converts it again.
  const before = fromBase64(await page.evaluate(() => window.hf.shot(96, 96)));
  await loseAndRestoreContext(page);
  const after = fromBase64(await page.evaluate(() => window.hf.shot(96, 96)));
  expect(compare(before, after, 0).meanAbs).toBe(0);
  expect(await page.evaluate(() => window.hf.viewer.stats.uploads)).toBe(uploads + 1);
});
