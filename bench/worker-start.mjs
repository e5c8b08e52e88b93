#!/usr/bin/env node
/**
 * Worker start-up benchmark (not a test): what one pool thread costs before it runs its first
 * job, measured on the BUILT worker (out/main/worker.js; `npm run build` first).
 *
 * For each case, RUNS times one at a time (median printed): spawn a worker, send one job, wait
 * for the reply, terminate it. Several out/main dirs (e.g. a build of the previous commit) are
 * measured interleaved, so load from other processes on the machine hits them alike. Printed per case: wall ms spawn → reply, and the process's CPU ms
 * over the same span (user + sys of all threads, so it includes the worker's start-up, module
 * loading and the job; the main thread only waits). Cases:
 *   bare      a worker from an empty script that answers at once (the floor: Node's own thread start),
 *   ping      the pool worker, first job 'ping',
 *   histogram the pool worker, first job 'prepHistogramDirect' on 64 K int16 voxels (what prepare runs),
 *   pair      two pool workers started together (the CLI pool on this machine), until both answer 'ping'.
 * `ours` = ping − bare: what our worker entry and the modules it loads add to a bare thread.
 *
 *   node bench/worker-start.mjs [out/main dir]...   (default: this repo's out/main; BENCH_RUNS, default 15)
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDirs = process.argv.length > 2 ? process.argv.slice(2) : [path.join(root, 'out', 'main')];
const workerFiles = outDirs.map((d) => path.join(path.resolve(d), 'worker.js'));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
for (const f of workerFiles) {
  if (!existsSync(f)) {
    console.error(`bench/worker-start: ${f} is missing (run \`npm run build\` first)`);
    process.exit(1);
  }
}

const BARE = `require('node:worker_threads').parentPort.on('message', (m) => require('node:worker_threads').parentPort.postMessage({ id: m.id, ok: true }));`;

/** Spawns `count` workers, sends each one job, resolves when all answered: { wallMs, cpuMs }. */
async function startAndRun(workerFile, count, kind, input, bare = false) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const workers = [];
  const replies = [];
  for (let i = 0; i < count; i++) {
    const w = bare ? new Worker(BARE, { eval: true }) : new Worker(workerFile);
    workers.push(w);
    replies.push(
      new Promise((resolve, reject) => {
        w.once('message', (m) => (m.ok ? resolve(m) : reject(new Error(m.error?.message))));
        w.once('error', reject);
      }),
    );
    w.postMessage({ id: 1, kind, input });
  }
  await Promise.all(replies);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(workers.map((w) => w.terminate()));
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function histogramInput() {
  const src = new Int16Array(new SharedArrayBuffer(65536 * 2));
  for (let i = 0; i < src.length; i++) src[i] = (i * 7919) % 3000 - 1000;
  return { src, begin: 0, end: src.length, offset: 32768, bins: 65536 };
}

const cases = {
  bare: (file) => startAndRun(file, 1, 'ping', { value: 1 }, true),
  ping: (file) => startAndRun(file, 1, 'ping', { value: 1 }),
  histogram: (file) => startAndRun(file, 1, 'prepHistogramDirect', histogramInput()),
  pair: (file) => startAndRun(file, 2, 'ping', { value: 1 }),
};

const samples = workerFiles.map(() => Object.fromEntries(Object.keys(cases).map((k) => [k, { wallMs: [], cpuMs: [] }])));
for (const file of workerFiles) await cases.ping(file); // warm the OS file cache once, untimed
for (let r = 0; r < RUNS; r++) {
  // Interleave builds and cases so load from other processes on the machine hits all of them alike.
  for (const [name, run] of Object.entries(cases)) {
    for (const [i, file] of workerFiles.entries()) {
      const { wallMs, cpuMs } = await run(file);
      samples[i][name].wallMs.push(wallMs);
      samples[i][name].cpuMs.push(cpuMs);
    }
  }
}

for (const [i, file] of workerFiles.entries()) {
  console.log(`worker start-up, ${file}, median of ${RUNS} runs`);
  const row = (name) => ({ wall: median(samples[i][name].wallMs), cpu: median(samples[i][name].cpuMs) });
  for (const name of Object.keys(cases)) {
    const { wall, cpu } = row(name);
    console.log(`  ${name.padEnd(10)} wall ${wall.toFixed(1).padStart(6)} ms   cpu ${cpu.toFixed(1).padStart(6)} ms`);
  }
  console.log(`  ours (ping − bare): cpu ${(row('ping').cpu - row('bare').cpu).toFixed(1)} ms, wall ${(row('ping').wall - row('bare').wall).toFixed(1)} ms per worker`);
}
