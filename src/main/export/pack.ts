/**
 * PreparedVolume → bundle header + payload (Node side). The voxel codes go through the
 * predictor (src/bundle/codec/predictor.ts) and deflate with the Z_RLE strategy (as small as
 * level-9 deflate on those residuals, ~70× faster), one slab of slices per pool thread;
 * masks are deflated as they are, other arrays after their best lossless filter.
 */
import { constants, deflateRawSync } from 'node:zlib';
import type { ViewerState } from '../../shared/view-state';
import type { PreparedVolume } from '../../shared/prepared';
import { BUNDLE_FORMAT, BUNDLE_VERSION, replaceTypedArrays, type BundleHeader, type SectionInfo, type TypedArrayName } from '../../bundle/codec/container';
import { applyFilter, filterCandidates, type ArrayFilter } from '../../bundle/codec/array-filters';
import type { WorkerPool } from '../workers/pool';
import { toShared } from '../prepare/shared-memory';
import { encodeSlab, type EncodedSlab } from './encode-job';

export interface Packed {
  header: BundleHeader;
  /** Concatenated deflate-raw sections (before text escaping). */
  payload: Uint8Array;
}

/** The u8/u16 codes the bundle stores; f16 and i16 volumes are refused (the export prepares its own u8/u16). */
function bundleCodes(prepared: PreparedVolume): Uint8Array | Uint16Array {
  if (prepared.format === 'f16' || prepared.format === 'i16') throw new Error(`export: the bundle stores u8 or u16 codes, not ${prepared.format}`);
  return prepared.data as Uint8Array | Uint16Array;
}

/** Encodes the codes in `parts` slabs of slices, on the pool when there is one. */
async function encodeVolume(prepared: PreparedVolume, pool: WorkerPool | undefined, signal?: AbortSignal): Promise<{ slab: EncodedSlab; slices: [number, number] }[]> {
  const nz = prepared.shape[0];
  const parts = Math.max(1, Math.min(pool?.size ?? 1, nz));
  const codes = pool ? toShared(bundleCodes(prepared)) : bundleCodes(prepared);
  const slabs: [number, number][] = [];
  for (let i = 0; i < parts; i++) slabs.push([Math.round((i * nz) / parts), Math.round(((i + 1) * nz) / parts)]);
  return Promise.all(
    slabs.map(async ([z0, z1]) => {
      const input = { codes, shape: prepared.shape, z0, z1 };
      const slab = pool ? await pool.run('exportEncodeSlab', input, { signal }) : encodeSlab(input);
      return { slab, slices: [z0, z1] as [number, number] };
    }),
  );
}

export async function pack(prepared: PreparedVolume, info: { anonymised: boolean; notes: string[]; view?: Partial<ViewerState> }, opts: { pool?: WorkerPool; signal?: AbortSignal } = {}): Promise<Packed> {
  const deflated: Uint8Array[] = [];
  const sections: SectionInfo[] = [];
  let offset = 0;
  const push = (z: Uint8Array, section: SectionInfo): number => {
    deflated.push(z);
    sections.push(section);
    offset += z.length;
    return sections.length - 1;
  };
  const add = (raw: Uint8Array, strategy: number): number => {
    const z = deflateRawSync(raw, { level: 9, strategy, memLevel: 9 });
    return push(z, { offset, length: z.length, rawLength: raw.length });
  };
  /** Typed arrays other than 0/255 masks: the smallest of the candidate filters. */
  const addArray = (raw: Uint8Array, type: TypedArrayName): number => {
    let best: { z: Uint8Array; filter: ArrayFilter } | null = null;
    for (const filter of filterCandidates(type)) {
      const z = deflateRawSync(applyFilter(raw, type, filter), { level: 6, memLevel: 9 });
      if (!best || z.length < best.z.length) best = { z, filter };
    }
    const { z, filter } = best!;
    return push(z, { offset, length: z.length, rawLength: raw.length, ...(filter === 'none' ? {} : { filter }) });
  };

  bundleCodes(prepared); // refuses f16 / i16 before any work
  const volumeChunks = (await encodeVolume(prepared, opts.pool, opts.signal)).map(({ slab, slices }) => ({
    sections: slab.parts.map((part) => push(part.deflated, { offset, length: part.deflated.length, rawLength: part.rawLength })),
    slices,
    layout: slab.layout,
  }));
  const { data: _codes, ...rest } = prepared;
  // Masks (Uint8Array, 0/255) are long runs, where RLE is ideal; floats and counts are not.
  const described = replaceTypedArrays(rest, (raw, type) => (type === 'Uint8Array' ? add(raw, constants.Z_RLE) : addArray(raw, type)));

  const payload = new Uint8Array(offset);
  let at = 0;
  for (const c of deflated) {
    payload.set(c, at);
    at += c.length;
  }
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    anonymised: info.anonymised,
    notes: info.notes,
    ...(info.view ? { view: info.view } : {}),
    sections,
    volume: { chunks: volumeChunks },
    prepared: described,
  };
  return { header, payload };
}
