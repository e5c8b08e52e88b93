/** What the CLI (`hounsfield export`) and the app's File ▸ Export Web Bundle… pass to exportBundle. */
import type { Progress } from '../../shared/prepared';
import type { WorkerPool } from '../workers/pool';

export interface ExportOptions {
  /** The .html file to write (replaced atomically). */
  output: string;
  /** Longest axis of the render grid in voxels (default 300; a smaller scan keeps its own grid). */
  grid?: number;
  /** 8: u8 codes over the HU range that matters (default). 16: exact HU (u16 code = HU − min). */
  bits?: 8 | 16;
  /** Keep patient name, ID and birth date in the file (default: left out). */
  keepIdentity?: boolean;
  /** The viewer state the bundle opens on (e.g. the viewer's getState()); only what a viewer can use is kept (view.ts). */
  view?: unknown;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** Worker pool for reading and preparing (default: the shared pool). */
  pool?: WorkerPool;
  /** DICOM: which series to export when the folder holds several (default: the largest). */
  seriesUid?: string;
  /** The built viewer template (default: out/bundle/viewer.html next to the built app). */
  templatePath?: string;
}

export interface ExportResult {
  output: string;
  /** Size of the written file. */
  bytes: number;
  /** Of which: the embedded volume payload after escaping, and the header JSON. */
  payloadBytes: number;
  headerBytes: number;
  /** Render grid [z, y, x] and code width actually written. */
  shape: [number, number, number];
  bits: 8 | 16;
  anonymised: boolean;
  /** Wall time per stage, ms (read is 0 when a Volume was passed in). */
  timings: { read: number; prepare: number; pack: number; write: number; total: number };
}

export const DEFAULT_EXPORT_GRID = 300;
