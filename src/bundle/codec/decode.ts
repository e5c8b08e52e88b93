/**
 * Header + payload bytes → PreparedVolume. Pure apart from the injected inflate, so the
 * same code runs in the browser (the bundle) and in Node (round-trip tests).
 */
import type { PreparedVolume } from '../../shared/prepared';
import { checkHeader, restoreTypedArrays, type BundleHeader } from './container';
import { decodeResiduals, partLengths } from './predictor';
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

/** The residual bytes of one slab from its inflated parts (empty parts have no section). */
function joinParts(parts: (Uint8Array | undefined)[], lengths: number[]): Uint8Array {
  const expected = lengths.filter((n) => n > 0);
  if (parts.length !== expected.length || parts.some((p, i) => !p || p.length !== expected[i])) throw new Error('bundle: volume parts do not match their layout');
  const out = new Uint8Array(expected.reduce((s, n) => s + n, 0));
  parts.reduce((at, p) => (out.set(p!, at), at + p!.length), 0);
  return out;
}

/** The voxel codes from their slabs, which must tile the grid's slices in order. */
function decodeVolume(header: BundleHeader, sections: Uint8Array[], shape: [number, number, number]): Uint8Array | Uint16Array {
  const [nz, ny, nx] = shape;
  const chunks = header.volume.chunks;
  const wide = chunks[0]?.layout.planes === 2;
  const out = wide ? new Uint16Array(nz * ny * nx) : new Uint8Array(nz * ny * nx);
  let next = 0;
  for (const chunk of chunks) {
    const [z0, z1] = chunk.slices;
    if (z0 !== next || z1 <= z0 || z1 > nz || (chunk.layout.planes === 2) !== wide) throw new Error('bundle: volume slabs do not tile the grid');
    const bytes = joinParts(chunk.sections.map((i) => sections[i]), partLengths(chunk.layout));
    out.set(decodeResiduals(bytes, chunk.layout, [z1 - z0, ny, nx]), z0 * ny * nx);
    next = z1;
  }
  if (next !== nz) throw new Error('bundle: volume slabs do not cover the grid');
  return out;
}

export async function decodeBundle(headerJson: unknown, payload: Uint8Array, inflate: Inflate): Promise<{ header: BundleHeader; prepared: PreparedVolume }> {
  const header = checkHeader(headerJson);
  const sections = await inflateSections(header, payload, inflate);
  const prepared = restoreTypedArrays(header.prepared, sections, (bytes, type, section) => undoFilter(bytes, type, header.sections[section].filter ?? 'none')) as PreparedVolume;
  prepared.data = decodeVolume(header, sections, prepared.shape);
  return { header, prepared };
}
