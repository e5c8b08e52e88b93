/**
 * Single-thread timings of prepare's inner loops on the head phantom (not a test; no targets):
 *   npx tsx bench/lib/kernel-bench.ts [slices]     (default 254 slices of 516×516, ~135 MB int16)
 * Prints the median and the best of a few repetitions in ns per voxel, for comparing kernel
 * changes on a shared machine (the best run is the least disturbed one). The int16 histogram
 * passes run twice: the plain JS loops (reference, fallback) and the WebAssembly SIMD kernels
 * that are the default where available, copies in and out of wasm memory included. To compare
 * the whole open with the JS loops, run the CLI with HOUNSFIELD_JS_PREPARE_KERNELS=1.
 * Pool scheduling, reading and process start-up are measured by bench/open.mjs and
 * bench/export.mjs instead.
 */
import { headPhantom } from './phantom.mjs';
import { quantizeF16WithHistogram, quantizeF16WithHistogramJs, quantizeSlab } from '../../src/main/prepare/quantize-kernel';
import { histogramDirect, histogramDirectJs } from '../../src/main/prepare/histogram-kernel';
import { int16Kernels } from '../../src/main/wasm/int16-kernels';
import { resampleSlicesXY, resampleSlicesZToTexels } from '../../src/main/prepare/resample-kernel';
import { planResample } from '../../src/main/prepare/resample';

const slices = Number(process.argv[2] ?? 254);
const shape: [number, number, number] = [slices, 516, 516];
const grid: [number, number, number] = [Math.round((slices * 300) / 508), 300, 300];
const voxels = headPhantom(shape) as Int16Array;
const src = new Int16Array(new SharedArrayBuffer(voxels.byteLength));
src.set(voxels);
const n = src.length;
const SLAB = 1 << 21; // about what one pool job gets

/** Median and best wall time of `reps` runs of `fn` (after one warm-up run), in ns per `count` voxels. */
function best(count: number, fn: () => void, reps = 5): string {
  fn();
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const ns = (t: number) => ((t * 1e6) / count).toFixed(2);
  return `${ns(ms[reps >> 1])} ns/voxel median, ${ns(ms[0])} best (${ms[0].toFixed(0)} ms)`;
}

const slabs = (f: (begin: number, end: number) => void) => () => {
  for (let b = 0; b < n; b += SLAB) f(b, Math.min(n, b + SLAB));
};

const texels = new Uint16Array(new SharedArrayBuffer(n * 2)).fill(1); // touched: no page faults in the timings
const wasm = int16Kernels() ? 'wasm SIMD' : 'wasm UNAVAILABLE, JS again';
console.log(`phantom ${shape.join('×')} int16, ${n} voxels; 5 runs, one thread`);
console.log(`  f16 texels + 1-HU histogram (fused), JS         ${best(n, slabs((begin, end) => quantizeF16WithHistogramJs({ src, begin, end, dst: texels, offset: 32768, bins: 65536 })))}`);
console.log(`  f16 texels + 1-HU histogram (fused), ${wasm}  ${best(n, slabs((begin, end) => quantizeF16WithHistogram({ src, begin, end, dst: texels, offset: 32768, bins: 65536 })))}`);
console.log(`  histogram only, JS                              ${best(n, slabs((begin, end) => histogramDirectJs(src, begin, end, 32768, 65536)))}`);
console.log(`  histogram only, ${wasm}                       ${best(n, slabs((begin, end) => histogramDirect(src, begin, end, 32768, 65536)))}`);
console.log(`  f16 texels only (JS table)                      ${best(n, slabs((begin, end) => quantizeSlab({ src, begin, end, dst: texels, format: 'f16' })))}`);

const plan = planResample(shape, grid);
const [Z, Y, X] = grid;
const planes = new Float32Array(new SharedArrayBuffer(slices * Y * X * 4)).fill(0);
const codes = new Uint8Array(new SharedArrayBuffer(Z * Y * X)).fill(0);
console.log(`resample to ${grid.join('×')} (u8), per SOURCE voxel:`);
console.log(`  x + y passes                                    ${best(n, () => resampleSlicesXY({ src, shape, z0: 0, z1: slices, wx: plan.wx, wy: plan.wy, dst: planes }), 3)}`);
console.log(`  z pass writing u8 codes                         ${best(n, () => resampleSlicesZToTexels({ src: planes, planeSize: Y * X, wz: plan.wz!, j0: 0, j1: Z, dst: codes, format: 'u8', mapping: { huMin: -1000, huMax: 2000 } }), 3)}`);
