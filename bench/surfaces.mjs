#!/usr/bin/env node
/**
 * Surface benchmark (not a test): what showing InVesalius surfaces costs per frame. The gz .inv3
 * (Bone 61,638 + Skin 215,976 triangles) through the real pipeline (maxGrid BENCH_GRID, default
 * 256), DVR bone preset, 512×512 canvas, camera moved before every frame so the surface layer is
 * redrawn (as while orbiting). Frames with surfaces hidden and shown are interleaved; medians.
 * Target: dragging with surfaces ≤ 1.3 × dragging without (still frames reported too).
 * With Debian Chromium here WebGL runs on SwiftShader (CPU): absolute numbers are CPU numbers.
 * Run: node bench/surfaces.mjs   (BENCH_FRAMES, BENCH_GRID to change the defaults)
 */
import path from 'node:path';
import { FRAMES, launchChromium, load, median, paired, preparedScan, root } from './lib/browser-bench.mjs';

const { startHarness } = load('test/e2e/harness/server.ts');
const INV3 = path.join(root, '../shared/data/inv3/philips-std-brain-5mm_bone-skin-surfaces-measures_gz.inv3');

const { prep, blob } = await preparedScan(INV3);
const harness = await startHarness({ niivue: true }); // bench.html also hosts the NiiVue comparison
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.route('**/vol.bin', (r) => r.fulfill({ body: blob }));
  await page.goto(`${harness.url}bench.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
  const r = await page.evaluate(([n]) => window.bench.surfaces('/vol.bin', n), [FRAMES]);
  const [nz, ny, nx] = prep.shape;
  const ms = (xs) => `${median(xs).toFixed(1)} ms  (frames: ${xs.map((t) => t.toFixed(0)).join(', ')})`;
  console.log(`surface benchmark — ${nx}×${ny}×${nz} volume, ${r.triangles} surface triangles, 512×512, ${FRAMES} frames each`);
  console.log(`  dragging, surfaces hidden  ${ms(r.dragOff)}`);
  console.log(`  dragging, surfaces shown   ${ms(r.dragOn)}`);
  console.log(`  still, surfaces hidden     ${ms(r.stillOff)}`);
  console.log(`  still, surfaces shown      ${ms(r.stillOn)}`);
  console.log(`  dragging shown / hidden = ${paired(r.dragOn, r.dragOff).toFixed(2)}  (target ≤ 1.30)`);
  console.log(`  still shown / hidden    = ${paired(r.stillOn, r.stillOff).toFixed(2)}`);
} finally {
  await browser.close();
  await harness.close();
}
