/**
 * exportBundle: scan (paths or an opened Volume) → one self-contained .html viewer.
 * Used by the CLI (`hounsfield export`) and the app (File ▸ Export Web Bundle…).
 *
 *   open → prepare (u8/u16 codes, grid ≤ 300) → anonymise → pack (predict + deflate)
 *   → embed in the built viewer template → atomic write
 *
 * The source scan is only read. Progress stages: reading, preparing, compressing, writing.
 */
import type { Progress } from '../../shared/prepared';
import type { Volume } from '../../shared/volume';
import { openScan } from '../scan/open';
import { throwIfAborted } from '../scan/errors';
import { prepareVolume } from '../prepare';
import { createPrepareStream } from '../prepare/streaming';
import { getPool } from '../workers/pool';
import { anonymise } from './anonymise';
import { exportMapping } from './mapping';
import { pack } from './pack';
import { exportView } from './view';
import { assembleHtml, readTemplate } from './html';
import { writeAtomic } from './write-atomic';
import { DEFAULT_EXPORT_GRID, type ExportOptions, type ExportResult } from './options';

export type { ExportOptions, ExportResult };
export { DEFAULT_EXPORT_GRID };
export { TemplateMissingError } from './html';

/** Weight of each stage in the overall fraction. */
const STAGES = { reading: [0, 0.4], preparing: [0.4, 0.75], compressing: [0.75, 0.95], writing: [0.95, 1] } as const;

function stageReporter(onProgress?: (p: Progress) => void) {
  return (stage: keyof typeof STAGES, f: number) => {
    const [a, b] = STAGES[stage];
    onProgress?.({ stage, fraction: a + (b - a) * Math.min(1, Math.max(0, f)) });
  };
}

export async function exportBundle(input: string | string[] | Volume, opts: ExportOptions): Promise<ExportResult> {
  const { signal } = opts;
  const t0 = performance.now();
  const bits = opts.bits ?? 8;
  if (bits !== 8 && bits !== 16) throw new Error(`export: bits must be 8 or 16, not ${String(bits)}`);
  const grid = opts.grid ?? DEFAULT_EXPORT_GRID;
  if (!Number.isInteger(grid) || grid < 1) throw new Error(`export: grid must be a positive integer, not ${grid}`);
  const report = stageReporter(opts.onProgress);
  // Fail before the (slow) read when the viewer template is missing.
  const template = readTemplate(opts.templatePath);

  const pool = opts.pool ?? getPool();
  // The 1-HU histogram is counted on the pool while the reader still reads (streaming.ts); the
  // texels are not, since the export always resamples to its own grid and format.
  const stream = createPrepareStream({ pool, signal, wantTexels: () => false });
  let volume: Volume;
  try {
    volume = typeof input === 'string' || Array.isArray(input) ? await openScan(input, { signal, pool, seriesUid: opts.seriesUid, onProgress: (p) => report('reading', p.fraction), onVoxels: stream.onVoxels }) : input;
  } catch (e) {
    stream.dispose(); // a bad file: no more jobs for its partial voxels
    throw e;
  }
  const streamed = await stream.finish();
  throwIfAborted(signal);
  const t1 = performance.now();

  const { mapping, notes } = exportMapping(volume, bits);
  const prepared = await prepareVolume(volume, {
    format: bits === 8 ? 'u8' : 'u16',
    maxGrid: grid,
    u8Mapping: mapping,
    pool,
    signal,
    streamed,
    onProgress: (p) => report('preparing', p.fraction),
  });
  throwIfAborted(signal);
  const t2 = performance.now();

  const keep = opts.keepIdentity === true;
  const content = keep ? prepared : anonymise(prepared);
  report('compressing', 0);
  const { header, payload } = await pack(content, { anonymised: !keep, notes, view: exportView(opts.view, prepared) }, { pool, signal });
  throwIfAborted(signal);
  const t3 = performance.now();

  report('writing', 0);
  const html = assembleHtml(template, header, payload);
  const bytes = await writeAtomic(opts.output, html.chunks, signal);
  report('writing', 1);
  const t4 = performance.now();
  return {
    output: opts.output,
    bytes,
    payloadBytes: html.payloadBytes,
    headerBytes: html.headerBytes,
    shape: [...prepared.shape],
    bits,
    anonymised: !keep,
    timings: { read: t1 - t0, prepare: t2 - t1, pack: t3 - t2, write: t4 - t3, total: t4 - t0 },
  };
}
