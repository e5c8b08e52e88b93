import type { Progress } from '../../shared/prepared';
import type { WorkerPool } from '../workers/pool';

/** What every reader accepts. */
export interface ReadOptions {
  /** Fires when a newer open replaces this one; readers check it between chunks. */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Worker pool for decoding (DICOM); readers may run on the calling thread if absent. */
  pool?: WorkerPool;
  /** DICOM: which series to open when several are present (default: the largest). */
  seriesUid?: string;
}
