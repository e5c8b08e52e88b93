/**
 * Stored NIfTI voxels → Volume data (a SharedArrayBuffer-backed typed array), scaled by
 * scl_slope/scl_inter when the slope is a finite non-zero number (0 or NaN = no scaling, as
 * the standard says; nibabel agrees). Output dtype: uint8/uint16 stay as stored when unscaled;
 * other integer data (and integral scaling of it) becomes the narrowest of int16/int32 that
 * holds the actual values (int8 widens, int32 narrows when it fits), else float32; float data
 * is float32 (float64 narrows, noted).
 */
import type { DType, VoxelArray } from '../../../shared/volume';
import { throwIfAborted } from '../errors';
import type { NiftiHeader, NiftiType } from './header';
import type { ReadOptions } from '../read-options';

type Source = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export interface Converted {
  data: VoxelArray;
  dtype: DType;
  min: number;
  max: number;
  scaled: boolean;
  notes: string[];
}

const CHUNK = 1 << 22; // voxels per step between yields

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

function sourceView(voxels: Uint8Array, h: NiftiHeader): Source {
  const buf = voxels.buffer as ArrayBuffer;
  const t = h.datatype;
  if (!h.littleEndian) {
    const b = Buffer.from(buf, voxels.byteOffset, voxels.byteLength);
    if (t === 'int16' || t === 'uint16') b.swap16();
    else if (t === 'int32' || t === 'uint32' || t === 'float32') b.swap32();
    else if (t === 'float64') b.swap64();
  }
  const ctor = { int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, float32: Float32Array, float64: Float64Array }[t];
  return new ctor(buf, voxels.byteOffset, voxels.byteLength / ctor.BYTES_PER_ELEMENT);
}

async function rangeOf(src: Source, signal?: AbortSignal): Promise<[number, number]> {
  let min = Infinity;
  let max = -Infinity;
  for (let s = 0; s < src.length; s += CHUNK) {
    const end = Math.min(src.length, s + CHUNK);
    for (let i = s; i < end; i++) {
      const v = src[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    throwIfAborted(signal);
    await yieldToLoop();
  }
  return [min, max];
}

const INTEGER_TYPES: NiftiType[] = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32'];

function pick(h: NiftiHeader, lo: number, hi: number, scaled: boolean, slope: number, inter: number): DType {
  const integral = INTEGER_TYPES.includes(h.datatype) && (!scaled || (Number.isInteger(slope) && Number.isInteger(inter)));
  if (!integral) return 'float32';
  if (!scaled) {
    if (h.datatype === 'uint8') return 'uint8';
    if (h.datatype === 'uint16') return 'uint16';
  }
  if (lo >= -32768 && hi <= 32767) return 'int16';
  if (lo >= -(2 ** 31) && hi <= 2 ** 31 - 1) return 'int32';
  return 'float32';
}

function allocate(dtype: DType, n: number): VoxelArray {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(new SharedArrayBuffer(n));
    case 'int16':
      return new Int16Array(new SharedArrayBuffer(n * 2));
    case 'uint16':
      return new Uint16Array(new SharedArrayBuffer(n * 2));
    case 'int32':
      return new Int32Array(new SharedArrayBuffer(n * 4));
    case 'float32':
      return new Float32Array(new SharedArrayBuffer(n * 4));
  }
}

/** `onVoxels`: told after each chunk is converted (ReadOptions.onVoxels), so prepare can start on it. */
export async function convertVoxels(voxels: Uint8Array, h: NiftiHeader, signal?: AbortSignal, onFraction?: (f: number) => void, onVoxels?: ReadOptions['onVoxels']): Promise<Converted> {
  const src = sourceView(voxels, h);
  const notes: string[] = [];
  const slope = h.sclSlope;
  const inter = Number.isFinite(h.sclInter) ? h.sclInter : 0;
  const scaled = Number.isFinite(slope) && slope !== 0 && !(slope === 1 && inter === 0);
  const [rawMin, rawMax] = await rangeOf(src, signal);
  const a = scaled ? rawMin * slope + inter : rawMin;
  const b = scaled ? rawMax * slope + inter : rawMax;
  const dtype = pick(h, Math.min(a, b), Math.max(a, b), scaled, slope, inter);
  if (h.datatype === 'float64') notes.push('float64 voxels stored as float32');
  const data = allocate(dtype, src.length);
  for (let s = 0; s < src.length; s += CHUNK) {
    const end = Math.min(src.length, s + CHUNK);
    if (scaled) for (let i = s; i < end; i++) data[i] = src[i] * slope + inter;
    else data.set(src.subarray(s, end), s);
    throwIfAborted(signal);
    onVoxels?.({ data, dtype, byteStart: s * data.BYTES_PER_ELEMENT, byteEnd: end * data.BYTES_PER_ELEMENT });
    onFraction?.(end / src.length);
    await yieldToLoop();
  }
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  return { data, dtype, min: round(Math.min(a, b)), max: round(Math.max(a, b)), scaled, notes };
}
