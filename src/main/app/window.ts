/**
 * The main window, locked down: sandboxed renderer, context isolation, no Node, web
 * security on, no navigation away from the app, no new windows, no permissions. The UI
 * is loaded from app://hounsfield (protocol.ts), never file://.
 */
import { BrowserWindow, screen, type Session } from 'electron';
import path from 'node:path';
import { APP_ENTRY, APP_ORIGIN, isAppUrl } from './protocol-map';
import type { WindowBounds } from './state-store';

/** The built preload: electron-vite writes the sandboxed preload as one CommonJS file. */
export function preloadPath(mainDir: string): string {
  return path.join(mainDir, '../preload/index.cjs');
}

/** Deny every permission request and check (camera, notifications, clipboard, HID, …). */
export function lockDownSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // The only download the UI starts is the viewer's own PNG (a blob: URL it made); Electron
  // then asks where to save it. Anything else (a remote URL a compromised page tries) is refused.
  session.on('will-download', (event, item) => {
    if (!item.getURL().startsWith(`blob:${APP_ORIGIN}/`)) event.preventDefault();
  });
}

/** Saved bounds if they still fit on a connected display, otherwise a sensible default. */
function initialBounds(saved: WindowBounds | undefined): WindowBounds {
  const fallback = { width: 1280, height: 860 };
  if (!saved) return fallback;
  if (saved.x === undefined || saved.y === undefined) return { width: saved.width, height: saved.height };
  const visible = screen.getAllDisplays().some(({ workArea: a }) =>
    saved.x! < a.x + a.width - 50 && saved.x! + saved.width > a.x + 50 && saved.y! >= a.y - 10 && saved.y! < a.y + a.height - 50,
  );
  return visible ? saved : { width: saved.width, height: saved.height };
}

export function createMainWindow(opts: {
  mainDir: string;
  saved?: WindowBounds;
  title: string;
  icon?: string;
  /** app://hounsfield/index.html, or the electron-vite dev server in unpackaged dev runs. */
  entryUrl?: string;
}): BrowserWindow {
  const entry = opts.entryUrl ?? APP_ENTRY;
  const entryOrigin = new URL(entry).origin;
  const allowed = (url: string) => isAppUrl(url) || (entry !== APP_ENTRY && url.startsWith(entryOrigin + '/'));
  const bounds = initialBounds(opts.saved);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 640,
    minHeight: 480,
    title: opts.title,
    icon: opts.icon,
    show: false,
    backgroundColor: '#111318',
    webPreferences: {
      preload: preloadPath(opts.mainDir),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  if (opts.saved?.maximized) win.maximize();

  const wc = win.webContents;
  // Dropping a file must reach our drop zone, never navigate the window to file://.
  wc.on('will-navigate', (event, url) => {
    if (!allowed(url)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!allowed(url)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));

  win.once('ready-to-show', () => win.show());
  void win.loadURL(entry);
  return win;
}

/** Bounds worth remembering (normal bounds even while maximised). */
export function boundsToSave(win: BrowserWindow): WindowBounds {
  const b = win.getNormalBounds();
  return { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
}
