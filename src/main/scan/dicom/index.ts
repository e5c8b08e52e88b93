/**
 * The DICOM reader: files/folders → one series → HU Volume.
 *   files.ts        what was dropped → candidate files
 *   decode-jobs.ts  header scan and slice decoding, on the worker pool
 *   series.ts       grouping, choosing, sorting, geometry
 *   volume.ts       output dtype and per-slice rescale
 * `data` is the HU volume exactly as read: [slice][row][column], slices ascending along the
 * slice normal, rows and columns as stored, no resampling.
 */
import path from 'node:path';
import type { SeriesInfo, Volume, VolumeMeta, WindowLevel } from '../../../shared/volume';
import type { ReadOptions } from '../read-options';
import { ScanError, throwIfAborted } from '../errors';
import { getPool, type WorkerPool } from '../../workers/pool';
import { collectFiles } from './files';
import type { HeaderResult, OutDType } from './decode-jobs';
import type { SliceHeader } from './header';
import { buildGeometry, chooseSeries, groupSeries, seriesInfos, type Geometry, type SeriesGroup } from './series';
import { chooseDType, isCT, rescaleOf, storedFormat } from './volume';
import { syntaxInfo, unsupportedSyntaxReason } from './transfer-syntax';

const HEADER_BATCH = 16;
/** Bigger volumes than this do not fit a renderer anyway; refuse before allocating. */
export const MAX_VOLUME_BYTES = 2 ** 31;
/** Share of the progress bar spent on headers (the rest is decoding). */
const HEADER_SHARE = 0.1;

interface Scan {
  groups: SeriesGroup[];
  skipped: { file: string; reason: string }[];
  focusFile?: string;
  sourcePath: string;
}

/** Lists files, reads every header on the pool, groups into series. Cheap: no pixel data. */
async function scan(paths: string[], opts: ReadOptions, pool: WorkerPool): Promise<Scan> {
  const { files, focusFile, sourcePath } = await collectFiles(paths, opts.signal);
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += HEADER_BATCH) batches.push(files.slice(i, i + HEADER_BATCH));
  let done = 0;
  const results = await Promise.all(
    batches.map(async (batch) => {
      const r = await pool.run('dicomHeaders', { files: batch }, { signal: opts.signal });
      done += batch.length;
      opts.onProgress?.({ stage: 'reading', fraction: (HEADER_SHARE * done) / files.length });
      return r;
    }),
  );
  throwIfAborted(opts.signal);
  const headers: SliceHeader[] = [];
  const skipped: Scan['skipped'] = [];
  // The same instance twice (e.g. two encodings of one series dropped together) is one slice.
  const seen = new Map<string, string>();
  for (const r of results.flat() as HeaderResult[]) {
    if ('error' in r) throw new ScanError(r.file, r.error);
    if ('skipped' in r) skipped.push({ file: r.file, reason: r.skipped });
    else if (r.header.sopInstanceUid && seen.has(r.header.sopInstanceUid)) {
      skipped.push({ file: r.file, reason: `duplicate of ${seen.get(r.header.sopInstanceUid)} (same SOPInstanceUID)` });
    } else {
      if (r.header.sopInstanceUid) seen.set(r.header.sopInstanceUid, r.file);
      headers.push(r.header);
    }
  }
  if (focusFile && skipped.some((s) => s.file === focusFile) && headers.length === 0) {
    throw new ScanError(focusFile, skipped.find((s) => s.file === focusFile)!.reason);
  }
  return { groups: groupSeries(headers), skipped, focusFile, sourcePath };
}

/** Every series found under `paths` (headers only), largest first. */
export async function listDicomSeries(paths: string[], opts: ReadOptions = {}): Promise<SeriesInfo[]> {
  const found = await scan(paths, opts, opts.pool ?? getPool());
  return seriesInfos(found.groups);
}

export async function readDicom(paths: string[], opts: ReadOptions = {}): Promise<Volume> {
  const pool = opts.pool ?? getPool();
  const found = await scan(paths, opts, pool);
  const series = chooseSeries(found.groups, found.sourcePath, opts.seriesUid, found.focusFile);
  const geometry = buildGeometry(series.slices);
  for (const h of geometry.sorted) {
    if (!syntaxInfo(h.transferSyntax)) throw new ScanError(h.file, unsupportedSyntaxReason(h.transferSyntax));
  }
  const planned = chooseDType(geometry.sorted);
  let decoded = await decodeSeries(geometry.sorted, planned === 'int32' ? 'int16' : planned, pool, opts);
  if (decoded.dtype === 'int16' && (decoded.min < -32768 || decoded.max > 32767)) {
    decoded = await decodeSeries(geometry.sorted, 'int32', pool, opts);
  }
  return assemble(found, series, geometry, decoded);
}

interface Decoded {
  data: Int16Array | Int32Array | Float32Array;
  dtype: OutDType;
  min: number;
  max: number;
}

/** Decodes every slice on the pool straight into one SharedArrayBuffer. */
async function decodeSeries(sorted: SliceHeader[], dtype: OutDType, pool: WorkerPool, opts: ReadOptions): Promise<Decoded> {
  const first = sorted[0];
  const perSlice = first.rows * first.columns;
  const bytes = perSlice * sorted.length * (dtype === 'int16' ? 2 : 4);
  if (bytes > MAX_VOLUME_BYTES) throw new ScanError(path.dirname(first.file), `volume of ${sorted.length}×${first.rows}×${first.columns} is too large (${bytes} bytes)`);
  const out = new SharedArrayBuffer(bytes);
  const data = dtype === 'int16' ? new Int16Array(out) : dtype === 'int32' ? new Int32Array(out) : new Float32Array(out);
  const sliceBytes = perSlice * data.BYTES_PER_ELEMENT;
  let done = 0;
  const ranges = await Promise.all(
    sorted.map(async (h, k) => {
      const r = await pool.run(
        'dicomDecode',
        { file: h.file, expected: { ...storedFormat(h), rows: h.rows, columns: h.columns, transferSyntax: h.transferSyntax }, rescale: rescaleOf(h), out, dtype, offset: k * perSlice },
        { signal: opts.signal },
      );
      done++;
      opts.onVoxels?.({ data, dtype, byteStart: k * sliceBytes, byteEnd: (k + 1) * sliceBytes }); // slice k is final: prepare may start on it
      opts.onProgress?.({ stage: 'decoding', fraction: HEADER_SHARE + ((1 - HEADER_SHARE) * done) / sorted.length });
      return r;
    }),
  );
  throwIfAborted(opts.signal);
  return { data, dtype, min: Math.min(...ranges.map((r) => r.min)), max: Math.max(...ranges.map((r) => r.max)) };
}

function windowOf(sorted: SliceHeader[], ct: boolean, range: [number, number]): WindowLevel {
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (mid.windowCenter !== undefined && mid.windowWidth !== undefined && mid.windowWidth > 0) return { level: mid.windowCenter, width: mid.windowWidth };
  if (ct) return { level: 40, width: 400 }; // soft-tissue default
  return { level: (range[0] + range[1]) / 2, width: Math.max(1, range[1] - range[0]) };
}

function assemble(found: Scan, series: SeriesGroup, g: Geometry, decoded: Decoded): Volume {
  const first = g.sorted[0];
  const ct = isCT(first);
  const syntaxes = [...new Set(g.sorted.map((h) => h.transferSyntax))];
  const warnings = [...g.warnings];
  const duplicates = found.skipped.filter((s) => s.reason.startsWith('duplicate of')).length;
  if (duplicates > 0) warnings.push(`${duplicates} duplicate instance(s) (same SOPInstanceUID in another file) ignored`);
  if (syntaxes.some((s) => syntaxInfo(s)?.lossy)) warnings.push('lossy compressed pixel data: values are approximate');
  const hasRescale = first.slope !== undefined && first.intercept !== undefined;
  const isHU = ct && hasRescale && (first.rescaleType === '' || first.rescaleType.toUpperCase() === 'HU');
  if (ct && !hasRescale) warnings.push('CT without RescaleSlope/Intercept: values are stored values, not confirmed HU');
  const identity: NonNullable<VolumeMeta['identity']> = {};
  if (first.patientName) identity.patientName = first.patientName;
  if (first.patientId) identity.patientId = first.patientId;
  if (first.birthDate) identity.birthDate = first.birthDate;
  // float32 volumes: report the range as stored (the workers computed it in double precision)
  const stored = decoded.dtype === 'float32' ? Math.fround : (x: number) => x;
  const range: [number, number] = [stored(decoded.min), stored(decoded.max)];
  const meta: VolumeMeta = {
    // Never the patient's name here: identity stays in meta.identity so export can drop it.
    name: series.description,
    modality: first.modality,
    sourceFormat: 'dicom',
    sourcePath: found.sourcePath,
    isHU,
    identity,
    warnings,
    extra: {
      seriesUid: first.seriesUid,
      studyUid: first.studyUid,
      transferSyntax: syntaxes.join(', '),
      transferSyntaxName: syntaxes.map((s) => syntaxInfo(s)?.name ?? s).join(', '),
      manufacturer: first.manufacturer,
      model: first.model,
      slices: g.sorted.length,
      bitsStored: first.bitsStored,
      pixelRepresentation: first.pixelRepresentation,
      gantryTiltDegrees: Number(g.tiltDegrees.toFixed(3)),
      skippedFiles: found.skipped.length,
      dtype: decoded.dtype,
    },
    series: seriesInfos(found.groups),
    geometryNotes: g.notes,
  };
  return {
    data: decoded.data,
    dtype: decoded.dtype,
    shape: [g.sorted.length, first.rows, first.columns],
    spacing: g.spacing,
    voxelToPatient: g.voxelToPatient,
    ...(g.slicePositions ? { slicePositions: g.slicePositions } : {}),
    window: windowOf(g.sorted, ct, range),
    scalarRange: range,
    meta,
    masks: [],
    surfaces: [],
    measurements: [],
  };
}
