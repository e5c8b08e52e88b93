#!/usr/bin/env node
/**
 * DICOM decode benchmark (not a test): time to read a 512×512×300 CT series into the HU volume,
 * per transfer syntax, with our reader (worker pool, warm) vs a reference decoder run in the same
 * script on the same files: dcmtk (`dcmdjpeg`, `dcmdjpls`, `dcmdrle`, `dcmconv +te`) and GDCM
 * (`gdcmconv --raw`) for JPEG 2000, one process per file, as many at once as we have workers.
 * The reference only decompresses to a file; we also parse, sort, rescale and fill the volume.
 *
 * The 300-slice series is built from the 28 shared Philips slices of each folder (../shared/data)
 * with `dcmodify` (new ImagePositionPatient, InstanceNumber, SOPInstanceUID) in a temp dir that
 * is removed at the end. Needs dcmtk (and libgdcm-tools for J2K): `apt-get install dcmtk
 * libgdcm-tools`. Missing tools are reported as n/a. Run: node bench/dicom.mjs
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';

// The reader runs from TypeScript source through tsx's CommonJS hook (as the tests do); its
// workers then load the same source via src/main/workers/dev-worker.cjs.
const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { readDicom } = require(path.join(root, 'src/main/scan/dicom/index.ts'));
const { WorkerPool } = require(path.join(root, 'src/main/workers/pool.ts'));

const SLICES = Number(process.env.BENCH_SLICES ?? 300);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const data = path.resolve(root, '../shared/data/dicom');
const base = 'dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM';
const CASES = [
  { suffix: '', syntax: 'Explicit VR LE', ref: ['dcmconv', ['+te']] },
  { suffix: '-big-endian', syntax: 'Explicit VR BE', ref: ['dcmconv', ['+te']] },
  { suffix: '-deflated', syntax: 'Deflated LE', ref: ['dcmconv', ['+te']] },
  { suffix: '-rle', syntax: 'RLE Lossless', ref: ['dcmdrle', []] },
  { suffix: '-jpeg-lossless-sv1', syntax: 'JPEG Lossless SV1', ref: ['dcmdjpeg', []] },
  { suffix: '-jpegls', syntax: 'JPEG-LS Lossless', ref: ['dcmdjpls', []] },
  { suffix: '-j2k', syntax: 'JPEG 2000 Lossless', ref: ['gdcmconv', ['--raw']] },
];
const workers = availableParallelism();
const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
if (!has('dcmodify')) {
  console.error('bench/dicom: needs dcmtk (apt-get install dcmtk) to build the 300-slice series');
  process.exit(1);
}

/** Runs `jobs` (arrays of argv) with at most `limit` processes at once. */
function runAll(jobs, limit) {
  let next = 0;
  const one = () =>
    new Promise((resolve, reject) => {
      if (next >= jobs.length) return resolve();
      const [cmd, ...args] = jobs[next++];
      const p = spawn(cmd, args, { stdio: 'ignore' });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? one().then(resolve, reject) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}`))));
    });
  return Promise.all(Array.from({ length: limit }, one));
}

/** 300 slices from the 28: file k is shared slice k mod 28, moved to z = 696.21 + 5k. */
async function buildSeries(src, dst) {
  mkdirSync(dst, { recursive: true });
  const names = readdirSync(src).filter((f) => f !== 'DIRFILE').sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const jobs = [];
  for (let k = 0; k < SLICES; k++) {
    const file = path.join(dst, `S${String(k).padStart(4, '0')}`);
    cpSync(path.join(src, names[k % names.length]), file);
    jobs.push(['dcmodify', '-nb', '-m', `(0020,0032)=-115.5\\-1.85\\${(696.21 + 5 * k).toFixed(2)}`, '-m', `(0020,0013)=${k + 1}`, '-m', `(0008,0018)=1.2.826.0.1.3680043.8.498.${k + 1}`, file]);
  }
  await runAll(jobs, workers);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tmp = mkdtempSync(path.join(tmpdir(), 'bench-dicom-'));
const pool = new WorkerPool(workers);
try {
  console.log(`bench/dicom: ${SLICES} slices of 512×512, ${workers} workers / ${workers} reference processes at once, median of ${RUNS}`);
  // Warm the pool (thread start, codec wasm instantiation) so we time decoding, not start-up.
  for (const c of CASES) await readDicom([path.join(data, base + c.suffix)], { pool });
  const rows = [];
  let firstSha;
  for (const c of CASES) {
    const dir = path.join(tmp, `series${c.suffix || '-le'}`);
    await buildSeries(path.join(data, base + c.suffix), dir);
    const ours = [];
    let sha = '';
    let stall = 0;
    for (let r = 0; r < RUNS; r++) {
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const t = performance.now();
      const v = await readDicom([dir], { pool });
      ours.push(performance.now() - t);
      lag.disable();
      stall = Math.max(stall, lag.max / 1e6);
      if (v.shape[0] !== SLICES) throw new Error(`read ${v.shape[0]} slices, expected ${SLICES}`);
      sha = createHash('sha256').update(new Uint8Array(v.data.buffer)).digest('hex');
    }
    firstSha ??= sha;
    let refMs = NaN;
    const [tool, args] = c.ref;
    if (has(tool)) {
      const out = path.join(tmp, 'out');
      const files = readdirSync(dir);
      const times = [];
      for (let r = 0; r < RUNS; r++) {
        rmSync(out, { recursive: true, force: true });
        mkdirSync(out);
        const t = performance.now();
        await runAll(files.map((f) => [tool, ...args, path.join(dir, f), path.join(out, f)]), workers);
        times.push(performance.now() - t);
      }
      refMs = median(times);
    }
    rmSync(dir, { recursive: true, force: true });
    const ms = median(ours);
    rows.push({ syntax: c.syntax, ours: ms, ref: refMs, tool, same: sha === firstSha, stall });
  }
  console.log('');
  // Uncompressed LE is (almost) pure overhead on both sides: process start + I/O for the reference,
  // file scan + copy for us. Subtracting it compares the decoding work alone.
  const le = rows[0];
  console.log('syntax               ours ms   ms/slice   reference           ref ms   ours/ref   decode-only ours/ref   same HU as LE   max event-loop stall ms');
  for (const r of rows) {
    const ratio = Number.isFinite(r.ref) ? (r.ours / r.ref).toFixed(2) : 'n/a';
    const dOurs = r.ours - le.ours;
    const dRef = r.ref - le.ref;
    const decodeOnly = r !== le && Number.isFinite(dRef) && dRef > 0 ? (Math.max(0, dOurs) / dRef).toFixed(2) : 'n/a';
    console.log(
      `${r.syntax.padEnd(20)} ${r.ours.toFixed(0).padStart(7)}   ${(r.ours / SLICES).toFixed(2).padStart(8)}   ${r.tool.padEnd(18)} ${Number.isFinite(r.ref) ? r.ref.toFixed(0).padStart(7) : '    n/a'}   ${ratio.padStart(8)}   ${decodeOnly.padStart(20)}   ${r.same ? 'yes  ' : 'NO   '}           ${r.stall.toFixed(0).padStart(6)}`,
    );
  }
  console.log('\nours/ref < 1: our reader (headers + decode + HU volume) beats the reference tool decompressing each file');
  console.log('(one process per file, so its start-up counts). decode-only: both minus their Explicit-LE time.');
  console.log('max event-loop stall: longest the calling thread was blocked while reading (decoding is on workers).');
} finally {
  await pool.close();
  rmSync(tmp, { recursive: true, force: true });
}
