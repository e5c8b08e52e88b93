/**
 * `hounsfield prepare <scan>... [--json] [--grid N] [--format auto|f16|i16|u8|u16]`: the app's open
 * pipeline, timed. 'auto' (the app's default) is i16 for int16 scans kept on their grid, else f16;
 * the format actually chosen is printed.
 */
import type { GpuFormat } from '../shared/prepared';
import { openScan } from '../main/scan/open';
import { openAndPrepare, FORMAT_BYTES, type Opened } from '../main/prepare';
import { FormatError } from '../main/prepare/prepare';
import { intFlag, stringFlag } from './args';
import { UsageError, type Command } from './command';
import { dims, jsonText, keyValueLines, ms, num, vec } from './format';
import { checkPaths } from './paths';

const FORMATS: Array<GpuFormat | 'auto'> = ['auto', 'f16', 'i16', 'u8', 'u16'];

export function prepareReport(file: string, o: Opened) {
  const p = o.prepared;
  const round = (v: number) => Math.round(v * 10) / 10;
  const t = o.timings;
  return {
    file,
    source: { shape: p.sourceShape, spacing: p.sourceSpacing, dtype: o.volume.dtype },
    grid: { shape: p.shape, spacing: p.spacing, format: p.format, bytes: p.data.byteLength },
    ...(p.mapping ? { mapping: p.mapping } : {}),
    masks: p.masks.length,
    surfaces: p.surfaces.length,
    timingsMs: { read: round(t.read), histogram: round(t.histogram), resample: round(t.resample), quantize: round(t.quantize), masks: round(t.masks), total: round(t.total) },
    histogramInQuantize: t.histogramInQuantize === true,
    histogramWhileReading: t.histogramWhileReading === true,
  };
}

export const prepareCommand: Command = {
  name: 'prepare',
  synopsis: 'prepare <scan>... [--json] [--grid N] [--format auto|f16|i16|u8|u16] [--series <uid>]',
  summary: "run the app's open pipeline (read → histogram → resample → quantize) and print the render grid and stage timings",
  flags: { json: 'boolean', grid: 'string', format: 'string', series: 'string' },
  minPositionals: 1,
  async run(args, { io, pool }) {
    const format = (stringFlag(args, 'format') ?? 'auto') as GpuFormat | 'auto';
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${format}")`);
    const maxGrid = intFlag(args, 'grid');
    await checkPaths(args.positionals);
    const opened = await openAndPrepare(pool, openScan, args.positionals, { seriesUid: stringFlag(args, 'series'), prepare: { format, maxGrid } }).catch((e: unknown) => {
      throw e instanceof FormatError ? new UsageError(e.message) : e;
    });
    const r = prepareReport(args.positionals.join(' '), opened);
    if (args.flags.json) {
      io.stdout(jsonText(r));
      return 0;
    }
    const t = r.timingsMs;
    io.stdout(
      keyValueLines([
        ['file', r.file],
        ['source', `${dims(r.source.shape)} ${r.source.dtype}, spacing ${vec(r.source.spacing)} mm`],
        ['grid', `${dims(r.grid.shape)} [z,y,x], spacing ${vec(r.grid.spacing)} mm`],
        ['format', `${r.grid.format}${format === 'auto' ? ' (auto)' : ''}, ${FORMAT_BYTES[r.grid.format]} bytes/voxel${r.grid.format === 'i16' ? ' (the int16 voxels as read; the GPU makes the half floats)' : ''}${r.mapping ? `, codes map ${num(r.mapping.huMin)}…${num(r.mapping.huMax)}` : ''}`],
        ['bytes', `${r.grid.bytes} (${(r.grid.bytes / 2 ** 20).toFixed(1)} MiB)`],
        ['masks / surfaces', `${r.masks} / ${r.surfaces}`],
        ['read', ms(t.read)],
        ['histogram', r.histogramInQuantize ? 'counted in the quantize pass' : r.histogramWhileReading ? `counted while reading (+${ms(t.histogram)} after the read)` : ms(t.histogram)],
        ['resample', t.resample > 0.05 ? ms(t.resample) : '0 ms (grid = source)'],
        ['quantize', r.grid.format === 'i16' ? 'none (i16: the voxels as read)' : ms(t.quantize)],
        ['masks', ms(t.masks)],
        ['total', ms(t.total)],
      ]),
    );
    return 0;
  },
};
