/**
 * Single-thread timings of prepare's inner loops on the head phantom (not a test; no targets):
 *   npx tsx bench/lib/kernel-bench.ts [slices]     (default 254 slices of 516×516, ~135 MB int16)
 * Prints the best of a few repetitions in ns per voxel, for comparing kernel changes on a
 * shared machine (the best run is the least disturbed one). Pool scheduling, reading and
 * process start-up are measured by bench/open.mjs and bench/export.mjs instead.
 */
import { headPhantom } from './phantom.mjs';
import { quantizeF16WithHistogram, quantizeSlab } from '../../src/main/prepare/quantize-kernel';
import { histogramDirect } from '../../src/main/prepare/histogram-kernel';
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

/** Best wall time of `reps` runs of `fn`, in ns per `count` voxels. */
function best(count: number, fn: () => void, reps = 5): string {
  let min = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return `${((min * 1e6) / count).toFixed(2)} ns/voxel (${min.toFixed(0)} ms)`;
}

const slabs = (f: (begin: number, end: number) => void) => () => {
  for (let b = 0; b < n; b += SLAB) f(b, Math.min(n, b + SLAB));
};

const texels = new Uint16Array(new SharedArrayBuffer(n * 2)).fill(1); // touched: no page faults in the timings
console.log(`phantom ${shape.join('×')} int16, ${n} voxels; best of 5, one thread`);
console.log(`  f16 texels + 1-HU histogram (fused)  ${best(n, slabs((begin, end) => quantizeF16WithHistogram({ src, begin, end, dst: texels, offset: 32768, bins: 65536 })))}`);
console.log(`  histogram only                       ${best(n, slabs((begin, end) => histogramDirect(src, begin, end, 32768, 65536)))}`);
console.log(`  f16 texels only                      ${best(n, slabs((begin, end) => quantizeSlab({ src, begin, end, dst: texels, format: 'f16' })))}`);

const plan = planResample(shape, grid);
const [Z, Y, X] = grid;
const planes = new Float32Array(new SharedArrayBuffer(slices * Y * X * 4)).fill(0);
const codes = new Uint8Array(new SharedArrayBuffer(Z * Y * X)).fill(0);
console.log(`resample to ${grid.join('×')} (u8), per SOURCE voxel:`);
console.log(`  x + y passes                         ${best(n, () => resampleSlicesXY({ src, shape, z0: 0, z1: slices, wx: plan.wx, wy: plan.wy, dst: planes }), 3)}`);
console.log(`  z pass writing u8 codes              ${best(n, () => resampleSlicesZToTexels({ src: planes, planeSize: Y * X, wz: plan.wz!, j0: 0, j1: Z, dst: codes, format: 'u8', mapping: { huMin: -1000, huMax: 2000 } }), 3)}`);
