/**
 * InVesalius `.inv3` reader: a tar (plain or gzipped) holding main.plist (last), the raw
 * volume matrix.dat, masks, surfaces and measurements. Format: docs/inv3-format.md.
 *
 * Plain tars are read by position; gzipped ones in one streaming pass (gzip-tar.ts). Either
 * way the volume lands directly in a SharedArrayBuffer, and nothing is written to disk.
 * A broken mask, surface or measurement becomes a warning; a broken volume is a ScanError.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { DType, Mask, Measurement, Shape3, Surface, Volume, VoxelArray } from '../../../shared/volume';
import type { ReadOptions } from '../read-options';
import { ScanError, throwIfAborted } from '../errors';
import { isTar } from '../sniff';
import { type Inv3Archive, type OnVolumeBytes, LIMITS, VOLUME_MEMBER } from './archive';
import { Inv3FormatError, allocate, fail } from './format-error';
import { dicomVoxelToPatient, niftiVoxelToPatient, sliceViewerToPatient } from './geometry';
import { openGzipTar } from './gzip-tar';
import { type MaskHeader, buildMask, maskBytes, parseMaskPlist } from './masks';
import { parseMeasurements, type SliceViewerToPatient } from './measurements';
import { openPlainTar } from './plain-tar';
import { type ProjectInfo, parseMainPlist } from './project';
import { type SurfaceHeader, buildSurface, parseSurfacePlist } from './surfaces';
import { parseVtp } from './vtp';
import { measureRange } from './value-range';
import { printable } from './tar';
import { loadPlistParser } from './plist';
import { prepareSimdKernels } from './simd-kernels';

export async function readInv3(file: string, opts: ReadOptions = {}): Promise<Volume> {
  // Loading the XML parser takes ~40–100 ms: it starts now, while the archive is opened.
  const plistReady = loadPlistParser();
  plistReady.catch(() => {}); // awaited (and rethrown) below; never an unhandled rejection
  let fh: FileHandle;
  let early: EarlyRead | null = null;
  try {
    fh = await open(file, 'r');
  } catch {
    throw new ScanError(file, 'cannot open the file');
  }
  try {
    const stat = await fh.stat();
    if (!stat.isFile()) fail('not a regular file');
    const head = new Uint8Array(512);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const gzip = bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    if (!gzip && !isTar(head.subarray(0, bytesRead))) fail('not an InVesalius project (neither a gzip nor a tar file)');
    const onBytes = announceVolumeBytes(opts.onVoxels);
    let archive: Inv3Archive;
    if (gzip) {
      // The SIMD kernels (masks) compile while the archive is inflated.
      const simdReady = prepareSimdKernels();
      archive = await openGzipTar(fh, stat.size, opts, onBytes);
      await plistReady;
      await simdReady;
    } else {
      archive = await openPlainTar(fh, stat.size, opts);
      // The volume read starts once the parser is loaded: loading it blocks this thread, which
      // hands out the streamed prepare jobs, and its file reads would queue behind the volume's
      // on libuv's threads. (Masks compile their SIMD kernels on first use.)
      await plistReady;
      early = startVolumeRead(archive, opts.signal, onBytes);
    }
    const volume = await buildVolume(file, archive, opts, early);
    opts.onProgress?.({ stage: 'reading', fraction: 1 });
    return volume;
  } catch (e) {
    early?.stop.abort();
    if (e instanceof Inv3FormatError) throw new ScanError(file, e.message);
    throw e;
  } finally {
    await fh.close();
  }
}

/** A volume read started before main.plist is parsed. */
interface EarlyRead {
  name: string;
  bytes: number;
  result: Promise<Settled<SharedArrayBuffer>>;
  stop: AbortController;
}

/**
 * Plain tar: start reading matrix.dat right away, while the XML parser loads and main.plist
 * is parsed. Its size is real (the member fits inside the file), so a lying header cannot
 * make us allocate more than the file holds; main.plist is checked against it before use.
 */
function startVolumeRead(archive: Inv3Archive, signal?: AbortSignal, onBytes?: OnVolumeBytes): EarlyRead | null {
  const bytes = archive.size(VOLUME_MEMBER);
  if (bytes === undefined) return null;
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  return { name: VOLUME_MEMBER, bytes, result: settle(archive.readVolume(VOLUME_MEMBER, bytes, both, onBytes)), stop };
}

/**
 * Streaming prepare (ReadOptions.onVoxels): the volume's bytes arrive before main.plist is
 * parsed (gzip: main.plist is the last member), so its dtype is not known yet. Every
 * InVesalius release writes int16, so we announce int16 views; if main.plist then says
 * otherwise, Volume.data is a different array and prepare drops the early work.
 */
function announceVolumeBytes(onVoxels: ReadOptions['onVoxels']): OnVolumeBytes | undefined {
  if (!onVoxels) return undefined;
  let view: Int16Array | null = null;
  return (buffer, start, end) => {
    if (buffer.byteLength % 2 !== 0) return; // cannot be int16
    if (!view || view.buffer !== buffer) view = new Int16Array(buffer);
    onVoxels({ data: view, dtype: 'int16', byteStart: start, byteEnd: end });
  };
}

async function volumeBytes(archive: Inv3Archive, name: string, bytes: number, early: EarlyRead | null): Promise<SharedArrayBuffer> {
  if (!early || early.name !== name || early.bytes !== bytes) {
    early?.stop.abort(); // main.plist wants something else: drop the early read
    return archive.readVolume(name, bytes);
  }
  const result = await early.result;
  if (!result.ok) throw result.error;
  return result.value;
}

function typedArray(dtype: DType, buffer: SharedArrayBuffer): VoxelArray {
  switch (dtype) {
    case 'int16':
      return new Int16Array(buffer);
    case 'uint8':
      return new Uint8Array(buffer);
    case 'uint16':
      return new Uint16Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'float32':
      return new Float32Array(buffer);
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function buildVolume(file: string, archive: Inv3Archive, opts: ReadOptions, early: EarlyRead | null): Promise<Volume> {
  if (archive.size('main.plist') === undefined) {
    fail('no main.plist in the archive (a pre-2012 InVesalius project, or not an InVesalius project)');
  }
  const project = parseMainPlist(await archive.read('main.plist', LIMITS.plist));
  const warnings = [...project.warnings];
  const { filename, shape, dtype, bytes } = project.matrix;
  const stored = archive.size(filename);
  if (stored === undefined) fail(`main.plist names volume member '${printable(filename)}', which the archive does not hold`);
  if (stored !== bytes) {
    fail(`volume member '${printable(filename)}' has ${stored} bytes, but shape [${shape.join(', ')}] of ${dtype} needs ${bytes}`);
  }
  // The bytes are little-endian as InVesalius writes them; typed arrays use the host's order.
  if (endianness() !== 'LE') fail('big-endian hosts are not supported');
  // Start every read at once: for a plain tar, masks and surfaces load while the volume does.
  const volumeRead = volumeBytes(archive, filename, bytes, early);
  const maskReads = project.masks.map((plist) => settle(readMaskInput(archive, plist, shape)));
  const surfaceReads = project.surfaces.map((plist) => settle(readSurfaceInput(archive, plist)));
  const shared = await volumeRead;
  const data = allocate('the volume', bytes, () => typedArray(dtype, shared));
  throwIfAborted(opts.signal);
  // Measured off this thread (streamed histogram or pool jobs) while masks and surfaces are built here.
  const range = settle(volumeRange(data, opts));

  const voxelToPatient = project.affine
    ? niftiVoxelToPatient(project.affine, project.spacing, shape, warnings)
    : dicomVoxelToPatient(project.orientation, project.spacing, warnings);

  const masks = await buildMasks(maskReads, project, data, warnings);
  const surfaces = await buildSurfaces(surfaceReads, project, warnings);
  const measurements = await readMeasurements(archive, project, warnings, sliceViewerToPatient(voxelToPatient, project.spacing));
  const scalarRange = checkedRange(await range, project, warnings);
  const dicomDerived = !project.affine && project.modality !== 'MRI' && project.modality !== 'UNKNOWN';

  return {
    data,
    dtype,
    shape,
    spacing: project.spacing,
    voxelToPatient,
    window: project.window,
    scalarRange,
    meta: {
      name: project.name,
      modality: project.modality,
      sourceFormat: 'inv3',
      sourcePath: file,
      isHU: project.modality === 'CT',
      identity: dicomDerived ? { patientName: project.name } : undefined,
      warnings,
      extra: {
        container: archive.container,
        formatVersion: project.formatVersion,
        invesaliusVersion: project.invesaliusVersion,
        orientation: project.orientation,
      },
    },
    masks,
    surfaces,
    measurements,
  };
}

/** The streaming prepare's answer (no extra pass) when it has one, else a measurement on the pool. */
async function volumeRange(data: VoxelArray, opts: ReadOptions): Promise<[number, number] | null> {
  const streamed = opts.valueRange ? await opts.valueRange(data) : null;
  return streamed ?? measureRange(data, opts.pool, opts.signal);
}

/**
 * The voxels' real range; a disagreeing scalar_range (InVesalius writes int(min), int(max)) is
 * reported, right after main.plist's own warnings.
 */
function checkedRange(measured: Settled<[number, number] | null>, project: ProjectInfo, warnings: string[]): [number, number] | undefined {
  if (!measured.ok) throw measured.error;
  const range = measured.value;
  const claimed = project.scalarRange;
  if (range && claimed && (Math.trunc(range[0]) !== claimed[0] || Math.trunc(range[1]) !== claimed[1])) {
    const at = project.warnings.length;
    warnings.splice(at, 0, `main.plist scalar_range [${claimed.join(', ')}] differs from the voxels' [${range.join(', ')}]; using the voxels'`);
  }
  return range ?? undefined;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Never rejects, so reads started early cannot become unhandled rejections. */
function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

async function readMaskInput(archive: Inv3Archive, plist: string, shape: Shape3): Promise<{ header: MaskHeader; raw: Uint8Array }> {
  const header = parseMaskPlist(await archive.read(plist, LIMITS.plist), plist, shape);
  const expected = maskBytes(shape);
  const size = archive.size(header.file);
  if (size === undefined) fail(`mask data '${printable(header.file)}' is missing`);
  if (size !== expected) fail(`mask data '${printable(header.file)}' has ${size} bytes, expected ${expected}`);
  return { header, raw: await archive.read(header.file, expected) };
}

async function buildMasks(
  reads: Promise<Settled<{ header: MaskHeader; raw: Uint8Array }>>[],
  project: ProjectInfo,
  volume: VoxelArray,
  warnings: string[],
): Promise<Mask[]> {
  const masks: Mask[] = [];
  const used = new Set<string>(); // buildMask works in place: never feed it the same member twice
  for (const [n, read] of reads.entries()) {
    const result = await read;
    try {
      if (!result.ok) throw result.error;
      const { header, raw } = result.value;
      if (used.has(header.file)) fail(`mask data '${printable(header.file)}' is already used by another mask`);
      used.add(header.file);
      masks.push(buildMask(raw, header, volume, project.matrix.shape));
    } catch (e) {
      warnings.push(`mask '${printable(project.masks[n])}' skipped: ${message(e)}`);
    }
  }
  return masks;
}

async function readSurfaceInput(archive: Inv3Archive, plist: string): Promise<{ header: SurfaceHeader; vtp: Uint8Array }> {
  const header = parseSurfacePlist(await archive.read(plist, LIMITS.plist), plist);
  return { header, vtp: await archive.read(header.file, LIMITS.vtp) };
}

async function buildSurfaces(
  reads: Promise<Settled<{ header: SurfaceHeader; vtp: Uint8Array }>>[],
  project: ProjectInfo,
  warnings: string[],
): Promise<Surface[]> {
  const surfaces: Surface[] = [];
  for (const [n, read] of reads.entries()) {
    const result = await read;
    try {
      if (!result.ok) throw result.error;
      surfaces.push(buildSurface(result.value.header, await parseVtp(result.value.vtp)));
    } catch (e) {
      warnings.push(`surface '${printable(project.surfaces[n])}' skipped: ${message(e)}`);
    }
  }
  return surfaces;
}

async function readMeasurements(archive: Inv3Archive, project: ProjectInfo, warnings: string[], toPatient: SliceViewerToPatient): Promise<Measurement[]> {
  const name = project.measurements;
  if (!name || archive.size(name) === undefined) return []; // InVesalius: missing file = no measurements
  try {
    return parseMeasurements(await archive.read(name, LIMITS.plist), name, warnings, toPatient);
  } catch (e) {
    warnings.push(`measurements skipped: ${message(e)}`);
    return [];
  }
}
