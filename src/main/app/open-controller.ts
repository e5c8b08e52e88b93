/**
 * What happens when the user opens something, whatever the trigger (menu, drop, argv,
 * double-click, second instance): one load at a time — a new open cancels the current
 * one — with progress, an optional series choice for multi-series DICOM, and the result
 * handed to the renderer as a volume URL. Errors become one-line messages; the app lives on.
 *
 * No electron import: the Electron glue (ipc.ts) and the browser test host
 * (test/e2e/app-host) drive this same class, each with its own `emit`.
 */
import path from 'node:path';
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import type { PreparedVolume, Progress } from '../../shared/prepared';
import type { SeriesInfo } from '../../shared/volume';
import { EVENTS, type AppEvent, type ViewState } from '../../shared/api';
import { isCancelled, isScanError, ScanError } from '../scan/errors';
import { VOLUME_PREFIX } from './protocol-map';
import type { VolumeStore } from './volume-store';

export interface OpenRequestOptions {
  onProgress?: (p: Progress) => void;
  seriesUid?: string;
  signal?: AbortSignal;
}

/** The prepare pipeline's opener (src/main/prepare): a new open cancels the previous one. */
export interface Opener {
  open(paths: string[], opts: OpenRequestOptions): Promise<PreparedVolume>;
}

export interface OpenControllerDeps {
  opener: Opener;
  /** Series in a DICOM selection; [] (or one) when there is nothing to choose. */
  listSeries(paths: string[], signal: AbortSignal): Promise<SeriesInfo[]>;
  /** PreparedVolume → bytes (encodePrepared). */
  encode(volume: PreparedVolume): Uint8Array;
  volumes: VolumeStore;
  emit(event: AppEvent): void;
  /** Per-scan view state; key from scanKey(path). Optional (tests). */
  state?: { viewState(key: string): ViewState | null; setViewState(key: string, v: ViewState): void };
  scanKey?(file: string): string;
  /** Called after a successful open (recent documents). */
  onOpened?(paths: string[]): void;
  /** Minimum ms between two progress events of the same stage (IPC is not free). */
  progressIntervalMs?: number;
}

interface Current {
  id: number;
  abort: AbortController;
  paths: string[];
  /** Resolves the pending series choice, if the load is waiting for one. */
  choose?: (uid: string | null) => void;
}

/** Display name for a selection: the file or folder name, or "<n> files". */
export function selectionName(paths: readonly string[]): string {
  if (paths.length === 1) return path.basename(paths[0]) || paths[0];
  return `${paths.length} files`;
}

/** One line for the user: ScanError as "file: reason", anything else flagged internal. */
export function errorLine(e: unknown): string {
  const msg = isScanError(e) ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
  return msg.split('\n')[0].slice(0, 500);
}

export class OpenController {
  private nextId = 1;
  private current: Current | null = null;
  /** What is on screen now (for export and view state). */
  private shown: { paths: string[]; seriesUid?: string; key: string | null } | null = null;

  constructor(private readonly deps: OpenControllerDeps) {}

  get openedPaths(): { paths: string[]; seriesUid?: string } | null {
    return this.shown ? { paths: this.shown.paths, seriesUid: this.shown.seriesUid } : null;
  }

  get busy(): boolean {
    return this.current !== null;
  }

  /** Starts a load; resolves when it has finished one way or another (never rejects). */
  async open(paths: string[]): Promise<void> {
    this.cancel();
    const cur: Current = { id: this.nextId++, abort: new AbortController(), paths };
    // Every pool job of this load (one per DICOM file) listens to the signal: that is expected.
    setMaxListeners(0, cur.abort.signal);
    this.current = cur;
    const { id } = cur;
    const live = () => this.current === cur && !cur.abort.signal.aborted;
    this.deps.emit({ channel: EVENTS.opening, payload: { id, name: selectionName(paths) } });
    try {
      // argv / open-file / recent entries may name files that are gone: say so plainly.
      const missing = paths.find((p) => !existsSync(p));
      if (missing) throw new ScanError(missing, 'no such file or folder');
      const series = await this.deps.listSeries(paths, cur.abort.signal);
      if (!live()) return;
      let seriesUid: string | undefined;
      if (series.length > 1) {
        const uid = await new Promise<string | null>((resolve) => {
          cur.choose = resolve;
          cur.abort.signal.addEventListener('abort', () => resolve(null), { once: true });
          this.deps.emit({ channel: EVENTS.series, payload: { id, series } });
        });
        cur.choose = undefined;
        if (!live()) return; // cancel() or a newer open already told the renderer
        if (uid === null) return this.finishIdle(cur);
        if (!series.some((s) => s.uid === uid)) throw new Error(`unknown series ${uid}`);
        seriesUid = uid;
      }
      const prepared = await this.deps.opener.open(paths, {
        onProgress: this.progressEmitter(cur),
        seriesUid,
        signal: cur.abort.signal,
      });
      if (!live()) return;
      const bytes = this.deps.encode(prepared);
      const token = this.deps.volumes.put(bytes);
      const key = this.keyFor(paths);
      this.shown = { paths, seriesUid, key };
      this.current = null;
      this.deps.emit({
        channel: EVENTS.volume,
        payload: {
          id,
          url: `${VOLUME_PREFIX}${token}`,
          byteLength: bytes.byteLength,
          name: prepared.meta?.name || selectionName(paths),
          viewState: key && this.deps.state ? this.deps.state.viewState(key) : null,
        },
      });
      this.deps.onOpened?.(paths);
    } catch (e) {
      if (this.current !== cur) return; // replaced by a newer open: its events win
      if (isCancelled(e) || cur.abort.signal.aborted) return this.finishIdle(cur);
      this.current = null;
      this.deps.emit({ channel: EVENTS.error, payload: { id, message: errorLine(e) } });
    }
  }

  /** Stops the current load (if any); the renderer gets an idle event. */
  cancel(): void {
    const cur = this.current;
    if (!cur) return;
    cur.abort.abort();
    this.finishIdle(cur);
  }

  /** The user's answer to a series question (null = cancel). Ignored when nothing asked. */
  chooseSeries(uid: string | null): void {
    this.current?.choose?.(uid);
  }

  saveViewState(view: ViewState): void {
    if (this.shown?.key && this.deps.state) this.deps.state.setViewState(this.shown.key, view);
  }

  private finishIdle(cur: Current): void {
    if (this.current === cur) this.current = null;
    this.deps.emit({ channel: EVENTS.idle, payload: { id: cur.id } });
  }

  private keyFor(paths: string[]): string | null {
    if (!this.deps.scanKey) return null;
    try {
      // A multi-file DICOM selection is keyed by its first file plus the count.
      const base = this.deps.scanKey(paths[0]);
      return paths.length > 1 ? `${base}|${paths.length}` : base;
    } catch {
      return null;
    }
  }

  /** Progress for the renderer, thinned: stage changes always, otherwise every few ms. */
  private progressEmitter(cur: Current): (p: Progress) => void {
    const interval = this.deps.progressIntervalMs ?? 50;
    let lastStage = '';
    let lastAt = 0;
    return (p) => {
      if (this.current !== cur) return;
      const now = Date.now();
      if (p.stage === lastStage && now - lastAt < interval && p.fraction < 1) return;
      lastStage = p.stage;
      lastAt = now;
      const fraction = Number.isFinite(p.fraction) ? Math.min(1, Math.max(0, p.fraction)) : 0;
      this.deps.emit({ channel: EVENTS.progress, payload: { id: cur.id, stage: String(p.stage), fraction } });
    };
  }
}
