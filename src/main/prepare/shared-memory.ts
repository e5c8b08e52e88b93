/** SharedArrayBuffer-backed arrays, so worker threads read and write them without copies. */
import type { DType, VoxelArray } from '../../shared/volume';

type Ctor<T> = { new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T; BYTES_PER_ELEMENT: number };

const CTORS: Record<DType, Ctor<VoxelArray>> = {
  int16: Int16Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  int32: Int32Array,
  float32: Float32Array,
};

export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/** A new zeroed shared array of `length` elements. */
export function sharedArray<T extends ArrayBufferView>(ctor: Ctor<T>, length: number): T {
  return new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT), 0, length);
}

/** `a` itself when already shared, else a shared copy (one memcpy, the only O(volume) work allowed on the caller). */
export function toShared<T extends VoxelArray>(a: T): T {
  if (isShared(a)) return a;
  const ctor = a.constructor as Ctor<T>;
  const copy = sharedArray(ctor, a.length);
  (copy as unknown as { set(x: ArrayLike<number>): void }).set(a);
  return copy;
}

export function sharedVoxels(dtype: DType, length: number): VoxelArray {
  return sharedArray(CTORS[dtype], length);
}
