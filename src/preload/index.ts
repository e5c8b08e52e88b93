/**
 * Sandboxed preload (built to out/preload/index.cjs, one CommonJS file): exposes exactly
 * one object, `window.hounsfield`, built by createApi over ipcRenderer. The page never
 * sees ipcRenderer, the IPC event objects, or any Node API.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_GLOBAL, type IpcLike } from '../shared/api';
import { createApi } from './create-api';

const ipc: IpcLike = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => {
    // Drop the IpcRendererEvent: only the payload reaches the page.
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

// File.path is gone since Electron 32; webUtils.getPathForFile is the supported way.
contextBridge.exposeInMainWorld(API_GLOBAL, createApi(ipc, (file) => webUtils.getPathForFile(file)));
