/**
 * The renderer-facing API as a pure function of its transport, so the same code runs in
 * the Electron preload (ipcRenderer + webUtils) and in the browser test host (HTTP + SSE).
 * Exposes functions and plain data only: no ipcRenderer, no events, no Node objects.
 */
import {
  EVENTS,
  INVOKE,
  type EventChannel,
  type HounsfieldApi,
  type IpcLike,
  type Unsubscribe,
} from '../shared/api';

export function createApi(ipc: IpcLike, getPathForFile: (file: File) => string): HounsfieldApi {
  const subscribe =
    <T>(channel: EventChannel) =>
    (cb: (payload: T) => void): Unsubscribe => {
      if (typeof cb !== 'function') throw new TypeError('listener must be a function');
      return ipc.on(channel, (payload) => cb(payload as T));
    };
  return {
    openPaths: async (paths) => {
      await ipc.invoke(INVOKE.open, paths);
    },
    openDialog: async (kind) => {
      await ipc.invoke(INVOKE.openDialog, kind);
    },
    pathForFile: (file) => {
      try {
        return getPathForFile(file) || '';
      } catch {
        return '';
      }
    },
    cancel: async () => {
      await ipc.invoke(INVOKE.cancel);
    },
    chooseSeries: async (uid) => {
      await ipc.invoke(INVOKE.chooseSeries, uid);
    },
    exportBundle: async (options) => (await ipc.invoke(INVOKE.exportBundle, options)) as { path: string | null },
    saveScreenshot: async (png) => (await ipc.invoke(INVOKE.saveScreenshot, png)) as { path: string | null },
    saveViewState: async (state) => {
      await ipc.invoke(INVOKE.saveViewState, state);
    },
    onOpening: subscribe(EVENTS.opening),
    onProgress: subscribe(EVENTS.progress),
    onVolume: subscribe(EVENTS.volume),
    onError: subscribe(EVENTS.error),
    onIdle: subscribe(EVENTS.idle),
    onSeries: subscribe(EVENTS.series),
    onMenu: subscribe(EVENTS.menu),
  };
}
