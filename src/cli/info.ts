/** `hounsfield info <scan>... [--json] [--series <uid>]`: what the scan holds, read in full. */
import type { Volume } from '../shared/volume';
import { openScan } from '../main/scan/open';
import { volumeStats, type VolumeStats } from '../main/prepare';
import { stringFlag } from './args';
import type { Command } from './command';
import { dims, jsonText, keyValueLines, num, vec, type Fields } from './format';
import { checkPaths } from './paths';

export interface InfoReport {
  file: string;
  format: string;
  shape: [number, number, number];
  spacing: [number, number, number];
  dtype: string;
  min: number;
  max: number;
  mean: number;
  sha256: string;
  name: string;
  modality: string;
  window: { level: number; width: number };
  masks: Array<{ name: string; threshold: [number, number]; voxelsInside: number }>;
  surfaces: Array<{ name: string; points: number; triangles: number }>;
  measurements: Array<{ name: string; type: string; value: number }>;
  series?: Array<{ uid: string; description: string; count: number }>;
  geometryNotes?: string[];
  warnings: string[];
}

/** Units InVesalius stores measurement values in (density values are HU statistics). */
const MEASUREMENT_UNIT: Record<string, string> = { linear: ' mm', angular: '°' };

export function infoReport(file: string, v: Volume, stats: VolumeStats): InfoReport {
  const { meta } = v;
  return {
    file,
    format: meta.sourceFormat,
    shape: [...v.shape],
    spacing: [...v.spacing],
    dtype: v.dtype,
    min: stats.min,
    max: stats.max,
    mean: stats.mean,
    sha256: stats.sha256,
    name: meta.name,
    modality: meta.modality,
    window: { level: v.window.level, width: v.window.width },
    masks: v.masks.map((m) => ({ name: m.name, threshold: [m.threshold[0], m.threshold[1]], voxelsInside: m.voxelsInside })),
    surfaces: v.surfaces.map((s) => ({ name: s.name, points: s.positions.length / 3, triangles: s.indices.length / 3 })),
    measurements: v.measurements.map((m) => ({ name: m.name, type: m.type, value: m.value })),
    ...(meta.series ? { series: meta.series.map((s) => ({ uid: s.uid, description: s.description, count: s.count })) } : {}),
    ...(meta.geometryNotes ? { geometryNotes: [...meta.geometryNotes] } : {}),
    warnings: [...meta.warnings],
  };
}

export function infoLines(r: InfoReport): string {
  const fields: Fields = [
    ['file', r.file],
    ['format', r.format],
    ['shape [z,y,x]', `${vec(r.shape)}  (${dims(r.shape)} voxels)`],
    ['spacing [x,y,z]', `${vec(r.spacing)} mm`],
    ['dtype', r.dtype],
    ['min', num(r.min)],
    ['max', num(r.max)],
    ['mean', num(r.mean)],
    ['sha256', r.sha256],
    ['name', JSON.stringify(r.name)],
    ['modality', r.modality],
    ['window', `level ${num(r.window.level)}, width ${num(r.window.width)}`],
  ];
  const list = <T>(key: string, items: T[], show: (t: T) => string) => {
    if (items.length === 0) fields.push([key, '(none)']);
    items.forEach((t, i) => fields.push([i === 0 ? key : '', show(t)]));
  };
  list('masks', r.masks, (m) => `${JSON.stringify(m.name)} threshold ${vec(m.threshold)}, ${m.voxelsInside} voxels inside`);
  list('surfaces', r.surfaces, (s) => `${JSON.stringify(s.name)} ${s.points} points, ${s.triangles} triangles`);
  list('measurements', r.measurements, (m) => `${JSON.stringify(m.name)} ${m.type} ${num(m.value)}${MEASUREMENT_UNIT[m.type] ?? ''}`);
  if (r.series) list('series', r.series, (s) => `${s.uid} ${JSON.stringify(s.description)} (${s.count} slices)`);
  if (r.geometryNotes) list('geometry notes', r.geometryNotes, (n) => n);
  if (r.warnings.length) list('warnings', r.warnings, (w) => w);
  return keyValueLines(fields);
}

export const infoCommand: Command = {
  name: 'info',
  synopsis: 'info <scan>... [--json] [--series <uid>]',
  summary: 'read the whole scan and print its geometry, value range, SHA-256 and contents',
  flags: { json: 'boolean', series: 'string' },
  minPositionals: 1,
  async run(args, { io, pool }) {
    await checkPaths(args.positionals);
    const volume = await openScan(args.positionals, { pool, seriesUid: stringFlag(args, 'series') });
    const stats = await volumeStats(volume, pool);
    const report = infoReport(args.positionals.join(' '), volume, stats);
    io.stdout(args.flags.json ? jsonText(report) : infoLines(report));
    return 0;
  },
};
