import type { Progress } from '../../shared/prepared';
import type { WorkerPool } from '../workers/pool';
import type { DType, VoxelArray } from '../../shared/volume';

/** What every reader accepts. */
export interface ReadOptions {
  /** Fires when a newer open replaces this one; readers check it between chunks. */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Worker pool for decoding (DICOM); readers may run on the calling thread if absent. */
  pool?: WorkerPool;
  /** DICOM: which series to open when several are present (default: the largest). */
  seriesUid?: string;
  /**
   * Streaming hook: a reader calls it whenever bytes [byteStart, byteEnd) of `data` (offsets into
   * data's own bytes) hold their FINAL voxel values, so prepare can start quantizing and counting
   * them while the read goes on. Ranges may arrive in any order and need not align to voxels, but
   * never overlap; `data` must be the very array that ends up in Volume.data (if the reader
   * switches to another array, later calls pass that one and earlier work is dropped). Optional
   * for readers, and cheap to call: it only does bookkeeping on this thread.
   */
  onVoxels?: (ready: VoxelsReady) => void;
  /**
   * The voxels' [min, max] without a pass on the calling thread: streaming prepare answers from
   * the histogram it counted over the streamed voxels (wait for its jobs, no extra pass). Resolves
   * null when it has no answer for `data` (not the streamed array, or not all of it); the reader
   * then measures the range itself.
   */
  valueRange?: (data: VoxelArray) => Promise<[number, number] | null>;
}

export interface VoxelsReady {
  data: VoxelArray;
  dtype: DType;
  byteStart: number;
  byteEnd: number;
}
