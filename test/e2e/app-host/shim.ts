/**
 * Browser side of the app test host: the REAL createApi (src/preload/create-api.ts) over an
 * HTTP + server-sent-events IpcLike instead of ipcRenderer, installed as window.hounsfield
 * before the real renderer's main.ts runs.
 *
 * getPathForFile stands in for Electron's webUtils.getPathForFile, which only Electron has:
 * the host tells the page (window.__hfHostFiles) which dropped file name maps to which path.
 */
import { createApi } from '../../../src/preload/create-api';
import { API_GLOBAL, type EventChannel, type IpcLike } from '../../../src/shared/api';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
const hostWindow = window as unknown as Record<string, unknown> & { __hfHostFiles?: Record<string, string>; __hfEventsOpen?: boolean };

const events = new EventSource('/__host/events');
events.addEventListener('open', () => {
  hostWindow.__hfEventsOpen = true;
});
events.addEventListener('message', (m: MessageEvent<string>) => {
  const { channel, payload } = JSON.parse(m.data) as { channel: string; payload: unknown };
  listeners.get(channel)?.forEach((l) => l(payload));
});

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

const ipc: IpcLike = {
  async invoke(channel, ...args) {
    const body = JSON.stringify({ channel, args }, (_k, v: unknown) => (v instanceof Uint8Array ? { $bytes: toBase64(v) } : v));
    const res = await fetch('/__host/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const answer = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
    if (!answer.ok) throw new Error(answer.error);
    return answer.result;
  },
  on(channel: EventChannel, listener: Listener) {
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)!.add(listener);
    return () => listeners.get(channel)?.delete(listener);
  },
};

hostWindow[API_GLOBAL] = createApi(ipc, (file) => hostWindow.__hfHostFiles?.[file.name] ?? '');
