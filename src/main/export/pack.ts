/**
 * PreparedVolume → bundle header + payload (Node side). The voxel codes go through the
 * predictor (src/bundle/codec/predictor.ts) and deflate with the Z_RLE strategy (as small as
 * level-9 deflate on those residuals, ~70× faster); other arrays (histogram, masks,
 * surfaces) are deflated as they are.
 */
import { constants, deflateRawSync } from 'node:zlib';
import type { PreparedVolume } from '../../shared/prepared';
import { BUNDLE_FORMAT, BUNDLE_VERSION, replaceTypedArrays, type BundleHeader, type SectionInfo, type TypedArrayName } from '../../bundle/codec/container';
import type { ArrayFilter } from '../../bundle/codec/array-filters';
import { encodeResiduals } from '../../bundle/codec/predictor';
import { applyFilter, filterCandidates } from '../../bundle/codec/array-filters';

export interface Packed {
  header: BundleHeader;
  /** Concatenated deflate-raw sections (before text escaping). */
  payload: Uint8Array;
}

export function pack(prepared: PreparedVolume, info: { anonymised: boolean; notes: string[] }): Packed {
  const chunks: Uint8Array[] = [];
  const sections: SectionInfo[] = [];
  let offset = 0;
  const push = (z: Uint8Array, section: SectionInfo): number => {
    chunks.push(z);
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

  if (prepared.format === 'f16') throw new Error('export: the bundle stores u8 or u16 codes, not f16');
  const { bytes, layout } = encodeResiduals(prepared.data, prepared.shape);
  const volumeSection = add(bytes, constants.Z_RLE);
  const { data: _codes, ...rest } = prepared;
  // Masks (Uint8Array, 0/255) are long runs, where RLE is ideal; floats and counts are not.
  const described = replaceTypedArrays(rest, (raw, type) => (type === 'Uint8Array' ? add(raw, constants.Z_RLE) : addArray(raw, type)));

  const payload = new Uint8Array(offset);
  let at = 0;
  for (const c of chunks) {
    payload.set(c, at);
    at += c.length;
  }
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    anonymised: info.anonymised,
    notes: info.notes,
    sections,
    volume: { section: volumeSection, layout },
    prepared: described,
  };
  return { header, payload };
}
