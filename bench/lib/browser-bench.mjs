/**
 * Shared set-up of the browser benchmarks (render, surfaces): load the project's TypeScript
 * through tsx, prepare a real scan through the real pipeline, launch Debian Chromium the way
 * the browser tests do, and the statistics they print.
 */
import { chromium } from '@playwright/test';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
require('tsx/cjs/api').register();

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A module of the project, by path from the repository root (TypeScript compiled on the fly). */
export const load = (rel) => require(path.join(root, rel));

export const FRAMES = Number(process.env.BENCH_FRAMES ?? 5);
export const GRID = Number(process.env.BENCH_GRID ?? 256);

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median of the per-frame ratios of two interleaved series. */
export const paired = (a, b) => median(a.map((x, i) => x / b[i]));

/** The real pipeline (openScan → prepareVolume at `grid`), and the blob the harness page loads. */
export async function preparedScan(scan, grid = GRID) {
  const { openScan } = load('src/main/scan/open.ts');
  const { prepareVolume } = load('src/main/prepare/index.ts');
  const { getPool } = load('src/main/workers/pool.ts');
  const { encodePrepared } = load('src/shared/serialize.ts');
  const prep = await prepareVolume(await openScan(scan), { maxGrid: grid });
  await getPool().close();
  return { prep, blob: Buffer.from(encodePrepared(prep)) };
}

/** Debian Chromium with the browser tests' flags (WebGL through SwiftShader here). */
export function launchChromium() {
  const { chromiumArgs, chromiumPath } = load('test/e2e/chromium.ts');
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}
