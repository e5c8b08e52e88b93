#!/usr/bin/env node
/**
 * Export benchmark (not a test): `hounsfield export` on a seed-sized phantom, against gzip -9
 * of the very same raw uint8 volume, in the same run.
 *
 *   1. builds the 508×516×516 int16 head phantom of bench/lib/phantom.mjs (realistic noise)
 *      and writes it as a plain .inv3 (bench/lib/inv3-writer.mjs),
 *   2. times `node bin/hounsfield.js export <file> --output x.html --json` (default: 8-bit,
 *      grid ≤ 300), and the 16-bit variant — median of BENCH_RUNS runs (default 3), since the
 *      machine may be shared,
 *   3. decodes the written HTML with the bundle's own decoder (src/bundle/codec, loaded with
 *      tsx) to get the exact uint8 codes it holds, and gzips those with level 9,
 *   4. prints size ratios (embedded payload, and the whole file with the viewer code) and times;
 *   5. the same for the real Philips DICOM series of ../shared/data when it is there.
 * Targets: 8-bit payload as embedded ≤ 0.85 × gzip -9 of the raw codes; export ≤ 3 s.
 * Needs `npm run build`. Temp files are removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tsImport } from 'tsx/esm/api';
import { headPhantom, valueRange } from './lib/phantom.mjs';
import { writePlainInv3 } from './lib/inv3-writer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHAPE = [508, 516, 516];
const SPACING = [0.488281, 0.488281, 0.5];
const TARGET_SIZE = 0.85;
const TARGET_SECONDS = 3;
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

for (const f of ['out/main/cli.js', 'out/bundle/viewer.html']) {
  if (!existsSync(path.join(root, f))) {
    console.error(`bench/export: run \`npm run build\` first (${f} is missing)`);
    process.exit(1);
  }
}

const codec = async (name) => tsImport(path.join(root, 'src/bundle/codec', name), import.meta.url);
const { extractParts } = await codec('html-parts.ts');
const { unescapeText } = await codec('text-safe.ts');
const { decodeBundle } = await codec('decode.ts');
const { inflateFallback } = await codec('inflate.ts');

const mb = (n) => (n / 1e6).toFixed(2);
const verdict = (ok) => (ok ? 'MET' : 'NOT MET');

function runOnce(scan, output, extra) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin/hounsfield.js'), 'export', scan, '--output', output, '--json', ...extra], { encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`export failed (${r.status}): ${r.stderr}`);
  return { report: JSON.parse(r.stdout), wallMs };
}

/** The run with the median in-process total, plus every run's total (s). */
function runExport(scan, output, extra) {
  const runs = Array.from({ length: RUNS }, () => runOnce(scan, output, extra)).sort((a, b) => a.report.timings.total - b.report.timings.total);
  return { ...runs[Math.floor(runs.length / 2)], totals: runs.map((r) => (r.report.timings.total / 1000).toFixed(2)) };
}

async function decodeFile(file) {
  const parts = extractParts(readFileSync(file).toString('latin1'));
  return decodeBundle(JSON.parse(parts.headerJson), unescapeText(parts.payloadText), async (d, n) => inflateFallback(d, n));
}

const work = mkdtempSync(path.join(tmpdir(), 'hounsfield-bench-export-'));
try {
  let t = performance.now();
  const voxels = headPhantom(SHAPE);
  const [min, max] = valueRange(voxels);
  const scan = path.join(work, 'phantom.inv3');
  writePlainInv3(scan, voxels, { shape: SHAPE, spacing: SPACING, range: [min, max], window: { level: 40, width: 80 }, compress: false });
  console.log(`phantom ${SHAPE.join('×')} int16, HU ${min}…${max}, built + written in ${((performance.now() - t) / 1000).toFixed(1)} s; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);

  const dicom = path.resolve(root, '../shared/data/dicom/dcm_qa_ct-Philips-Ingenuity-STD-BRAIN-5MM');
  const cases = [
    { label: 'phantom', scan, bits: 8, targets: true },
    { label: 'phantom', scan, bits: 16, targets: false },
    ...(existsSync(dicom) ? [{ label: 'real DICOM (Philips brain, 28 slices)', scan: dicom, bits: 8, targets: false }] : []),
  ];
  for (const { label, scan: input, bits, targets } of cases) {
    const output = path.join(work, `case-${bits}.html`);
    const { report, wallMs, totals } = runExport(input, output, ['--bits', String(bits)]);
    const { prepared } = await decodeFile(output);
    const raw = Buffer.from(prepared.data.buffer, prepared.data.byteOffset, prepared.data.byteLength);
    t = performance.now();
    const gz9 = gzipSync(raw, { level: 9 }).length;
    const gzMs = performance.now() - t;
    const tm = report.timings;
    const payloadRatio = report.payloadBytes / gz9;
    const fileRatio = report.bytes / gz9;
    console.log(`\n${label}, ${bits}-bit, grid ${report.shape.join('×')} [z,y,x], raw codes ${mb(raw.length)} MB`);
    console.log(`  gzip -9 of the raw codes      ${mb(gz9)} MB   (${(gzMs / 1000).toFixed(2)} s)`);
    console.log(`  bundle payload as embedded    ${mb(report.payloadBytes)} MB   ratio ${payloadRatio.toFixed(3)}`);
    console.log(`  whole .html (viewer + header) ${mb(report.bytes)} MB   ratio ${fileRatio.toFixed(3)}`);
    console.log(`  export (median of ${RUNS}) wall ${(wallMs / 1000).toFixed(2)} s (CLI process) — read ${(tm.read / 1000).toFixed(2)}, prepare ${(tm.prepare / 1000).toFixed(2)}, pack ${(tm.pack / 1000).toFixed(2)}, write ${(tm.write / 1000).toFixed(2)} s; in-process totals ${totals.join(', ')} s`);
    if (targets) {
      console.log(`  size target ≤ ${TARGET_SIZE}× gzip -9 (payload): ${verdict(payloadRatio <= TARGET_SIZE)}; whole file: ${verdict(fileRatio <= TARGET_SIZE)}`);
      console.log(`  time target ≤ ${TARGET_SECONDS} s (export in-process total ${(tm.total / 1000).toFixed(2)} s): ${verdict(tm.total / 1000 <= TARGET_SECONDS)}; CLI wall incl. start-up: ${verdict(wallMs / 1000 <= TARGET_SECONDS)}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
