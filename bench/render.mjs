#!/usr/bin/env node
/**
 * Render benchmark (not a test): milliseconds per 512×512 frame of the same CT volume, Hounsfield
 * vs NiiVue (@niivue/niivue, its own volume raycaster), in the same Chromium, same page, same run.
 *
 *   volume: the shared Philips head CT (28 × 512 × 512 DICOM) through the real pipeline
 *           (openScan → prepareVolume, maxGrid BENCH_GRID, default 256), given to Hounsfield as
 *           its PreparedVolume and to NiiVue as an int16 NIfTI of exactly the same voxels/affine;
 *   transfer function: Hounsfield's "bone" preset (opacity from 150 HU, opaque by ~1200 HU) vs
 *           NiiVue's gray colormap with cal_min 150 / cal_max 1200 (transparent below 150);
 *   timing: each frame = draw + gl.finish() + 1-pixel readPixels, after one warm-up frame; the
 *           two renderers' frames are interleaved so background load hits both alike; medians.
 * Prints still-frame ms for both, Hounsfield's dragging-frame ms (half resolution, double step),
 * and the ratios. Targets: still ≤ 1.0 × NiiVue; dragging ≤ 0.35 × still.
 * With Debian Chromium here WebGL runs on SwiftShader (CPU): absolute numbers are CPU numbers.
 * Run: node bench/render.mjs   (BENCH_FRAMES, BENCH_GRID to change the defaults;
 * BENCH_SCREENSHOT=/tmp/x.png saves the page with both renders side by side)
 */
import path from 'node:path';
import { FRAMES, launchChromium, load, median, paired, preparedScan, root } from './lib/browser-bench.mjs';

const { halfDecodeTable } = load('src/renderer/viewer/half.ts');
const { startHarness } = load('test/e2e/harness/server.ts');
const DICOM = path.join(root, '../shared/data/dicom/dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM');

/** NIfTI-1 (int16) of a prepared f16 volume: same voxels, affine converted from LPS to RAS. */
function toNifti(prep) {
  const [nz, ny, nx] = prep.shape;
  const table = halfDecodeTable();
  const header = Buffer.alloc(352);
  header.writeInt32LE(348, 0);
  [3, nx, ny, nz, 1, 1, 1, 1].forEach((d, i) => header.writeInt16LE(d, 40 + 2 * i));
  header.writeInt16LE(4, 70); // datatype int16
  header.writeInt16LE(16, 72); // bitpix
  [1, ...prep.spacing, 1, 1, 1, 1].forEach((d, i) => header.writeFloatLE(d, 76 + 4 * i));
  header.writeFloatLE(352, 108); // vox_offset
  header.writeFloatLE(1, 112); // scl_slope
  header.writeInt16LE(0, 252); // qform_code
  header.writeInt16LE(1, 254); // sform_code (scanner)
  const m = prep.voxelToPatient;
  const flip = [-1, -1, 1]; // LPS → RAS
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) header.writeFloatLE(flip[r] * m[r * 4 + c], 280 + r * 16 + c * 4);
  header.write('n+1\0', 344, 'latin1');
  const voxels = Buffer.alloc(nx * ny * nz * 2);
  // i16 (the app's default when the grid is the source's) holds HU as is; f16 holds half bits
  const hu = prep.format === 'i16' ? (i) => prep.data[i] : (i) => Math.round(table[prep.data[i]]);
  for (let i = 0; i < nx * ny * nz; i++) voxels.writeInt16LE(hu(i), i * 2);
  return Buffer.concat([header, voxels]);
}


const { prep, blob } = await preparedScan(DICOM);
const nifti = toNifti(prep);
const harness = await startHarness({ niivue: true });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.route('**/vol.bin', (r) => r.fulfill({ body: blob }));
  await page.route('**/vol.nii', (r) => r.fulfill({ body: nifti }));
  await page.goto(`${harness.url}bench.html`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 120_000 });
  const renderer = await page.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return 'none';
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  });
  const r = await page.evaluate(([n]) => window.bench.run('/vol.bin', '/vol.nii', n, 150, 1200), [FRAMES]);
  const h = { still: r.still, drag: r.drag };
  const nv = r.niivue;
  if (process.env.BENCH_SCREENSHOT) await page.screenshot({ path: process.env.BENCH_SCREENSHOT }); // eyeball both renders
  const still = median(h.still);
  const drag = median(h.drag);
  const niivue = median(nv);
  const [nz, ny, nx] = prep.shape;
  console.log(`render benchmark — ${nx}×${ny}×${nz} head CT, 512×512 canvas, ${FRAMES} frames each, WebGL: ${renderer}`);
  console.log(`  Hounsfield still     ${still.toFixed(1)} ms   (frames: ${h.still.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  Hounsfield dragging  ${drag.toFixed(1)} ms   (frames: ${h.drag.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`  NiiVue still         ${niivue.toFixed(1)} ms   (frames: ${nv.map((t) => t.toFixed(0)).join(', ')})`);
  // Ratios: median over iterations of the paired ratio (frames i were drawn back to back), which
  // is steadier than a ratio of medians when other processes load the CPU unevenly.
  console.log(`  still / NiiVue   = ${paired(h.still, nv).toFixed(2)}  (target ≤ 1.00; ratio of medians ${(still / niivue).toFixed(2)})`);
  console.log(`  dragging / still = ${paired(h.drag, h.still).toFixed(2)}  (target ≤ 0.35; ratio of medians ${(drag / still).toFixed(2)})`);
} finally {
  await browser.close();
  await harness.close();
}
