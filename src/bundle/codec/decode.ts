/**
 * Header + payload bytes → PreparedVolume. Pure apart from the injected inflate, so the
 * same code runs in the browser (the bundle) and in Node (round-trip tests).
 */
import type { PreparedVolume } from '../../shared/prepared';
import { checkHeader, restoreTypedArrays, type BundleHeader } from './container';
import { decodeResiduals } from './predictor';
import type { Inflate } from './inflate';
import { undoFilter } from './array-filters';

export async function inflateSections(header: BundleHeader, payload: Uint8Array, inflate: Inflate): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const s of header.sections) {
    if (s.offset < 0 || s.offset + s.length > payload.length) throw new Error('bundle payload is truncated');
    out.push(await inflate(payload.subarray(s.offset, s.offset + s.length), s.rawLength));
  }
  return out;
}

export async function decodeBundle(headerJson: unknown, payload: Uint8Array, inflate: Inflate): Promise<{ header: BundleHeader; prepared: PreparedVolume }> {
  const header = checkHeader(headerJson);
  const sections = await inflateSections(header, payload, inflate);
  const prepared = restoreTypedArrays(header.prepared, sections, (bytes, type, section) => undoFilter(bytes, type, header.sections[section].filter ?? 'none')) as PreparedVolume;
  const residuals = sections[header.volume.section];
  if (!residuals) throw new Error('bundle: volume section missing');
  prepared.data = decodeResiduals(residuals, header.volume.layout, prepared.shape);
  return { header, prepared };
}
