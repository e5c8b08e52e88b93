/**
 * The IPC contract between the Electron main process and the renderer. Both sides (and the
 * browser test host in test/e2e/app-host) import these types; only plain data crosses.
 *
 * Shape: the renderer calls `invoke` channels (requests, answered with a promise) and
 * subscribes to event channels (pushed by main). The preload turns this into one small
 * object, `window.hounsfield: HounsfieldApi` (see src/preload/create-api.ts).
 */
import type { SeriesInfo } from './volume';
import type { RenderMode } from './presets/transfer-presets';
import type { SlicePlane } from './view-state';

/** Channels the renderer invokes (request → promise). */
export const INVOKE = {
  open: 'hf:open',
  openDialog: 'hf:open-dialog',
  cancel: 'hf:cancel',
  chooseSeries: 'hf:choose-series',
  exportBundle: 'hf:export-bundle',
  saveScreenshot: 'hf:save-screenshot',
  saveViewState: 'hf:save-view-state',
} as const;

/** Channels main pushes to the renderer. */
export const EVENTS = {
  opening: 'hf:opening',
  progress: 'hf:progress',
  volume: 'hf:volume',
  error: 'hf:error',
  idle: 'hf:idle',
  series: 'hf:series',
  menu: 'hf:menu',
} as const;

export type InvokeChannel = (typeof INVOKE)[keyof typeof INVOKE];
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];

export type DialogKind = 'file' | 'folder';
export const DIALOG_KINDS: readonly DialogKind[] = ['file', 'folder'];

/** A load started (the renderer shows its progress bar if it lasts over ~300 ms). */
export interface OpeningEvent {
  id: number;
  /** Display name of what is being opened (file or folder base name). */
  name: string;
}

export interface ProgressEvent {
  id: number;
  stage: string;
  fraction: number;
}

/**
 * A prepared volume is ready. Its bytes (encodePrepared, src/shared/serialize.ts) are
 * served once at `url` (same origin as the page: app://hounsfield/volume/<token> in the
 * app) so they arrive as one ArrayBuffer through the network stack: no base64, no JSON.
 */
export interface VolumeEvent {
  id: number;
  url: string;
  byteLength: number;
  name: string;
  /** What the user last had for this scan (view state saved by saveViewState), if anything. */
  viewState: ViewState | null;
}

export interface ErrorEvent {
  id: number;
  /** One line: the file and the reason. */
  message: string;
}

/** The load ended without a volume (cancelled). */
export interface IdleEvent {
  id: number;
}

/** A DICOM selection holds several series: the renderer asks the user (chooseSeries). */
export interface SeriesEvent {
  id: number;
  series: SeriesInfo[];
}

export type ViewModeName = RenderMode;

export const STANDARD_VIEWS = ['anterior', 'posterior', 'left', 'right', 'superior', 'inferior'] as const;
export type StandardViewName = (typeof STANDARD_VIEWS)[number];

/** What the menus ask the renderer to do (accelerators included). */
export type MenuCommand =
  | { type: 'mode'; mode: ViewModeName }
  | { type: 'window-preset'; name: string }
  | { type: 'transfer-preset'; name: string }
  | { type: 'standard-view'; view: StandardViewName }
  | { type: 'slice-plane'; plane: SlicePlane }
  | { type: 'reset-view' }
  | { type: 'screenshot' }
  | { type: 'export' };

export const EXPORT_BITS = [8, 16] as const;
export interface ExportOptions {
  /** Longest side of the exported render grid, in voxels (64..1024). */
  grid: number;
  /** 8: u8 codes (small file); 16: u16 codes (near-exact HU). */
  bits: 8 | 16;
  /** Keep patient name/ID/birth date in the file (default: anonymised). */
  keepIdentity: boolean;
  /**
   * The view the bundle opens on: the viewer's state when exporting (mode, window, transfer
   * function, crop, …), so the recipient sees what the sender saw. Absent: the viewer's defaults.
   */
  view?: ViewState;
}

/** Result of a save (export, screenshot): where it went, or null when the user cancelled. */
export interface SaveResult {
  path: string | null;
}

/**
 * Per-scan view state the renderer wants back next time (window/level, mode, camera…):
 * any small JSON object. Main checks it (plain JSON, bounded size/depth) and stores it
 * keyed by the scan's path + size + mtime.
 */
export type ViewState = { [key: string]: JsonValue };
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type Unsubscribe = () => void;

/** What the preload exposes as `window.hounsfield`. */
export interface HounsfieldApi {
  /** Open absolute paths: one .inv3 / NIfTI / DICOM file or folder, or several DICOM files. */
  openPaths(paths: string[]): Promise<void>;
  /** Show the native open dialog; resolves once the choice is made (opening continues in events). */
  openDialog(kind: DialogKind): Promise<void>;
  /** The filesystem path of a dropped File ('' if it has none). Electron: webUtils.getPathForFile. */
  pathForFile(file: File): string;
  cancel(): Promise<void>;
  /** Answer a SeriesEvent; null = the user cancelled the choice. */
  chooseSeries(uid: string | null): Promise<void>;
  exportBundle(options: ExportOptions): Promise<SaveResult>;
  /** PNG bytes → native save dialog in main. */
  saveScreenshot(png: Uint8Array): Promise<SaveResult>;
  saveViewState(state: ViewState): Promise<void>;
  onOpening(cb: (e: OpeningEvent) => void): Unsubscribe;
  onProgress(cb: (e: ProgressEvent) => void): Unsubscribe;
  onVolume(cb: (e: VolumeEvent) => void): Unsubscribe;
  onError(cb: (e: ErrorEvent) => void): Unsubscribe;
  onIdle(cb: (e: IdleEvent) => void): Unsubscribe;
  onSeries(cb: (e: SeriesEvent) => void): Unsubscribe;
  onMenu(cb: (command: MenuCommand) => void): Unsubscribe;
}

/**
 * The transport under the API: ipcRenderer in Electron, HTTP + server-sent events in the
 * browser test host. `on` listeners get the payload only, never the Electron event
 * (whose `sender` would hand the page ipcRenderer itself).
 */
export interface IpcLike {
  invoke(channel: InvokeChannel, ...args: unknown[]): Promise<unknown>;
  on(channel: EventChannel, listener: (payload: unknown) => void): Unsubscribe;
}

/** Everything main can push, as one tagged union (used by the shared open controller). */
export type AppEvent =
  | { channel: typeof EVENTS.opening; payload: OpeningEvent }
  | { channel: typeof EVENTS.progress; payload: ProgressEvent }
  | { channel: typeof EVENTS.volume; payload: VolumeEvent }
  | { channel: typeof EVENTS.error; payload: ErrorEvent }
  | { channel: typeof EVENTS.idle; payload: IdleEvent }
  | { channel: typeof EVENTS.series; payload: SeriesEvent }
  | { channel: typeof EVENTS.menu; payload: MenuCommand };

/** Global name the preload exposes the API under. */
export const API_GLOBAL = 'hounsfield';
