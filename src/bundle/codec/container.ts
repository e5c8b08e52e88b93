/**
 * The bundle's container: a clear-text JSON header (shown in the page source, so what the
 * file holds is inspectable) plus one binary payload made of independently deflated
 * sections. Every typed array of the PreparedVolume becomes a section, referenced from the
 * JSON by `{ "$section": n, "type": "Float32Array" }`; the voxel codes get the predictor of
 * predictor.ts first. Any plain field a newer PreparedVolume grows travels along untouched.
 * Typed arrays are stored little-endian (every browser and Node host is).
 */
import type { ResidualLayout } from './predictor';
import type { ArrayFilter } from './array-filters';

export const BUNDLE_FORMAT = 'hounsfield-bundle';
export const BUNDLE_VERSION = 1;

export interface SectionInfo {
  /** Byte range of the deflate-raw stream inside the payload. */
  offset: number;
  length: number;
  /** Size after inflating (checked before use). */
  rawLength: number;
  /** Filter to undo after inflating (array-filters.ts); absent = none. */
  filter?: ArrayFilter;
}

export interface VolumeChunk {
  /** Sections holding the non-empty parts of the residual bytes, in order (predictor.partLengths). */
  sections: number[];
  /** Slices [z0, z1) of the render grid. */
  slices: [number, number];
  /** How to undo the pre-filter (predictor.ts). */
  layout: ResidualLayout;
}

export interface SectionRef {
  $section: number;
  type: TypedArrayName;
}

export interface BundleHeader {
  format: typeof BUNDLE_FORMAT;
  version: number;
  exportedAt: string;
  /** True when patient identifiers were left out. */
  anonymised: boolean;
  /** Human-readable facts for the About box (mapping, clamping, source grid, …). */
  notes: string[];
  sections: SectionInfo[];
  /** The voxel codes, in slabs of whole slices encoded independently (in parallel). */
  volume: { chunks: VolumeChunk[] };
  /** PreparedVolume without `data`; typed arrays replaced by SectionRefs. */
  prepared: unknown;
  /** The viewer state to open on (the exporter's view, plain JSON); absent in older bundles. */
  view?: unknown;
}

export const TYPED_ARRAYS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
export type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTyped = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

function typedName(v: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null;
  const name = v.constructor.name as TypedArrayName;
  return name in TYPED_ARRAYS ? name : null;
}

/** Deep copy of `value` with every typed array handed to `store` (which returns its section). */
export function replaceTypedArrays(value: unknown, store: (bytes: Uint8Array, type: TypedArrayName) => number): unknown {
  const name = typedName(value);
  if (name) {
    const v = value as AnyTyped;
    return { $section: store(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), name), type: name } satisfies SectionRef;
  }
  if (Array.isArray(value)) return value.map((x) => replaceTypedArrays(x, store));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = replaceTypedArrays(v, store);
    return out;
  }
  return value;
}

function isSectionRef(v: unknown): v is SectionRef {
  return !!v && typeof v === 'object' && typeof (v as SectionRef).$section === 'number' && typeof (v as SectionRef).type === 'string';
}

/** Typed view of inflated section bytes (copied when the offset is misaligned). */
export function typedFromBytes(bytes: Uint8Array, type: TypedArrayName): AnyTyped {
  const Ctor = TYPED_ARRAYS[type];
  if (!Ctor) throw new Error(`bundle: unknown array type ${type}`);
  const bpe = Ctor.BYTES_PER_ELEMENT;
  if (bytes.byteLength % bpe !== 0) throw new Error(`bundle: ${type} section of ${bytes.byteLength} bytes`);
  const aligned = bytes.byteOffset % bpe === 0 ? bytes : bytes.slice();
  return new Ctor(aligned.buffer as ArrayBuffer, aligned.byteOffset, aligned.byteLength / bpe);
}

type Unfilter = (bytes: Uint8Array, type: TypedArrayName, section: number) => Uint8Array;

/** Inverse of replaceTypedArrays, given the inflated sections (and how to unfilter them). */
export function restoreTypedArrays(value: unknown, sections: Uint8Array[], unfilter: Unfilter = (b) => b): unknown {
  if (isSectionRef(value)) {
    const bytes = sections[value.$section];
    if (!bytes) throw new Error(`bundle: missing section ${value.$section}`);
    return typedFromBytes(unfilter(bytes, value.type, value.$section), value.type);
  }
  if (Array.isArray(value)) return value.map((x) => restoreTypedArrays(x, sections, unfilter));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = restoreTypedArrays(v, sections, unfilter);
    return out;
  }
  return value;
}

/** Throws unless `h` looks like a header this code can read. */
export function checkHeader(h: unknown): BundleHeader {
  const header = h as BundleHeader;
  if (!header || header.format !== BUNDLE_FORMAT) throw new Error('not a Hounsfield bundle');
  if (header.version > BUNDLE_VERSION) throw new Error(`bundle version ${header.version} is newer than this viewer (${BUNDLE_VERSION})`);
  if (!Array.isArray(header.sections) || !Array.isArray(header.volume?.chunks)) throw new Error('bundle header is incomplete');
  return header;
}
