/**
 * Persisted app state: window bounds, the recent-documents list, and per-scan view state
 * (keyed by path + size + mtime, so an edited file starts fresh). One JSON file in the
 * user-data folder, written atomically (temp file + rename) and bounded in size: oldest
 * scans are dropped past `maxScans`. Pure Node (no electron), so it is unit-tested.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { ViewState } from '../../shared/api';
import { checkViewState } from './validate';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export interface AppState {
  window?: WindowBounds;
  recent: string[];
  /** scan key → view state, insertion order = least recently used first. */
  scans: Record<string, ViewState>;
}

export const STATE_LIMITS = { maxScans: 200, maxRecent: 10 } as const;

/** Identity of a scan on disk: changes when the file is replaced or edited. */
export function scanKey(file: string, stat: (p: string) => { size: number; mtimeMs: number } = statSync): string {
  const st = stat(file);
  return `${path.resolve(file)}|${st.size}|${Math.floor(st.mtimeMs)}`;
}

function emptyState(): AppState {
  return { recent: [], scans: {} };
}

function sane(n: unknown, lo: number, hi: number): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n >= lo && n <= hi;
}

/** Keeps only what is well-formed; a corrupt or hand-edited file degrades to defaults. */
export function sanitizeState(raw: unknown): AppState {
  const state = emptyState();
  if (typeof raw !== 'object' || raw === null) return state;
  const r = raw as Record<string, unknown>;
  const w = r.window as Record<string, unknown> | undefined;
  if (w && sane(w.width, 200, 100_000) && sane(w.height, 150, 100_000)) {
    state.window = { width: Math.round(w.width), height: Math.round(w.height) };
    if (sane(w.x, -100_000, 100_000) && sane(w.y, -100_000, 100_000)) {
      state.window.x = Math.round(w.x);
      state.window.y = Math.round(w.y);
    }
    if (w.maximized === true) state.window.maximized = true;
  }
  if (Array.isArray(r.recent)) {
    state.recent = r.recent
      .filter((p): p is string => typeof p === 'string' && p.length > 0 && p.length < 4096 && path.isAbsolute(p))
      .slice(0, STATE_LIMITS.maxRecent);
  }
  if (typeof r.scans === 'object' && r.scans !== null && !Array.isArray(r.scans)) {
    for (const [k, v] of Object.entries(r.scans as Record<string, unknown>).slice(-STATE_LIMITS.maxScans)) {
      try {
        state.scans[k] = checkViewState(v);
      } catch {
        // drop one bad entry, keep the rest
      }
    }
  }
  return state;
}

/** Most recent first, no duplicates, bounded. */
export function addRecent(list: readonly string[], file: string, max: number = STATE_LIMITS.maxRecent): string[] {
  return [file, ...list.filter((p) => p !== file)].slice(0, max);
}

export class StateStore {
  private state: AppState;

  constructor(readonly file: string) {
    this.state = StateStore.load(file);
  }

  static load(file: string): AppState {
    try {
      return sanitizeState(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      return emptyState();
    }
  }

  get snapshot(): AppState {
    return this.state;
  }

  setWindow(bounds: WindowBounds): void {
    this.state.window = sanitizeState({ window: bounds }).window;
    this.save();
  }

  addRecent(file: string): string[] {
    this.state.recent = addRecent(this.state.recent, file);
    this.save();
    return this.state.recent;
  }

  clearRecent(): void {
    this.state.recent = [];
    this.save();
  }

  viewState(key: string): ViewState | null {
    return Object.prototype.hasOwnProperty.call(this.state.scans, key) ? this.state.scans[key] : null;
  }

  setViewState(key: string, view: ViewState): void {
    const scans = this.state.scans;
    delete scans[key]; // re-insert: most recently used goes last
    Object.defineProperty(scans, key, { value: checkViewState(view), enumerable: true, writable: true, configurable: true });
    const keys = Object.keys(scans);
    for (const old of keys.slice(0, Math.max(0, keys.length - STATE_LIMITS.maxScans))) delete scans[old];
    this.save();
  }

  /**
   * Temp file + rename: a crash mid-write leaves the old file intact, never half a file.
   * Returns false (and logs) when the disk refuses: losing view state must not stop the app.
   */
  save(): boolean {
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(tmp, JSON.stringify(this.state));
      renameSync(tmp, this.file);
      return true;
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing to clean up
      }
      console.warn(`could not save app state to ${this.file}: ${(e as Error).message}`);
      return false;
    }
  }
}
