/**
 * Electron main process: app lifecycle and the wiring between OS events (double-click,
 * open-file, second instance, menus) and the open controller. Logic lives in src/main/app
 * (pure modules, unit-tested); this file only connects Electron to it.
 */
import { app, BrowserWindow, dialog, session, type WebContents } from 'electron';
import path from 'node:path';
import { EVENTS, type AppEvent, type MenuCommand } from '../shared/api';
import { getPool } from './workers/pool';
import { runAppExport } from './app/export-request';
import { scanPathsFromArgv, selectionFromOs, type ArgvContext } from './app/argv';
import { OpenQueue } from './app/open-queue';
import { OpenController } from './app/open-controller';
import { pipelineDeps } from './app/pipeline';
import { VolumeStore } from './app/volume-store';
import { StateStore, scanKey } from './app/state-store';
import { APP_ENTRY, APP_ORIGIN } from './app/protocol-map';
import { registerAppScheme, handleAppProtocol } from './app/protocol';
import { createMainWindow, lockDownSession, boundsToSave } from './app/window';
import { registerIpc } from './app/ipc';
import { installMenu } from './app/menu';
import { showOpenScanDialog } from './app/dialogs';

const isDev = !app.isPackaged;
// electron-vite dev serves the renderer from a local dev server; packaged builds never do.
const devUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;

let win: BrowserWindow | null = null;
let hasVolume = false;

function argvContext(cwd: string): ArgvContext {
  return { defaultApp: process.defaultApp === true, cwd, appPath: app.getAppPath() };
}

const queue = new OpenQueue({ deliver: (paths) => openPaths(selectionFromOs(paths)) });

// Tests (test/electron) run each app in its own user-data folder, which also scopes the
// single-instance lock. Must be set before anything reads userData.
if (process.env.HOUNSFIELD_USER_DATA) app.setPath('userData', process.env.HOUNSFIELD_USER_DATA);

// Must happen before `ready`: privileged scheme, single-instance lock, macOS open-file.
registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit(); // the running instance gets our argv through 'second-instance'
} else {
  app.on('open-file', (event, file) => {
    event.preventDefault();
    queue.add([file]);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    queue.add(scanPathsFromArgv(argv, argvContext(workingDirectory)));
    if (win) {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
  });
  queue.add(scanPathsFromArgv(process.argv, argvContext(process.cwd())));
  void app.whenReady().then(start);
}

let state: StateStore;
const volumes = new VolumeStore();
let controller: OpenController;

function send(wc: WebContents | undefined, event: AppEvent): void {
  if (wc && !wc.isDestroyed()) wc.send(event.channel, event.payload);
}

/** Events to the renderer, plus the taskbar/dock progress that mirrors the in-window bar. */
function emit(event: AppEvent): void {
  send(win?.webContents, event);
  if (!win) return;
  if (event.channel === EVENTS.progress) win.setProgressBar(event.payload.fraction);
  if (event.channel === EVENTS.opening) win.setProgressBar(2); // indeterminate until the first stage reports
  if (event.channel === EVENTS.volume || event.channel === EVENTS.error || event.channel === EVENTS.idle) win.setProgressBar(-1);
  if (event.channel === EVENTS.volume && !hasVolume) {
    hasVolume = true;
    refreshMenu();
  }
}

function openPaths(paths: string[]): void {
  if (paths.length === 0) return;
  if (!win) {
    // macOS keeps running without windows: a double-click then needs a window first.
    createWindow();
    win!.webContents.once('did-finish-load', () => void controller.open(paths));
    return;
  }
  void controller.open(paths);
}

function rememberOpened(paths: string[]): void {
  // A multi-file selection is remembered by its folder (what the user would reopen).
  const entry = paths.length === 1 ? paths[0] : path.dirname(paths[0]);
  state.addRecent(entry);
  app.addRecentDocument(entry);
  refreshMenu();
}

function menuCommand(command: MenuCommand): void {
  send(win?.webContents, { channel: EVENTS.menu, payload: command });
}

function refreshMenu(): void {
  installMenu(
    { recent: state.snapshot.recent, hasVolume, isDev },
    {
      openDialog: (kind) => void showOpenScanDialog(win, kind).then(openPaths),
      openRecent: (file) => openPaths([file]),
      clearRecent: () => {
        state.clearRecent();
        app.clearRecentDocuments();
        refreshMenu();
      },
      send: menuCommand,
      about: () => {
        void dialog.showMessageBox({
          type: 'info',
          title: `About ${app.getName()}`,
          message: `${app.getName()} ${app.getVersion()}`,
          detail: 'A CT workstation: InVesalius .inv3, DICOM and NIfTI in exact Hounsfield units.\nNot a medical device.',
        });
      },
    },
  );
}

function createWindow(): void {
  win = createMainWindow({ mainDir: __dirname, saved: state.snapshot.window, title: app.getName(), entryUrl: devUrl ?? APP_ENTRY });
  const current = win;
  // Opens that arrived early (argv, open-file) run once the page can show progress.
  current.webContents.once('did-finish-load', () => queue.ready());
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const saveBounds = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => state.setWindow(boundsToSave(current)), 500);
  };
  current.on('resize', saveBounds);
  current.on('move', saveBounds);
  current.on('close', () => state.setWindow(boundsToSave(current)));
  current.on('closed', () => {
    if (saveTimer) clearTimeout(saveTimer);
    controller.cancel();
    win = null;
  });
  // The renderer process died: say so instead of leaving a blank window.
  current.webContents.on('render-process-gone', (_e, details) => {
    if (details.reason === 'clean-exit') return;
    void dialog.showMessageBox({ type: 'error', message: 'The viewer stopped unexpectedly.', detail: `Reason: ${details.reason}. Reopen the scan to continue.` });
    current.reload();
  });
}

function start(): void {
  state = new StateStore(path.join(app.getPath('userData'), 'state.json'));
  const pool = getPool();
  controller = new OpenController({
    ...pipelineDeps(pool),
    volumes,
    emit,
    state,
    scanKey: (file) => scanKey(file),
    onOpened: rememberOpened,
  });

  lockDownSession(session.defaultSession);
  handleAppProtocol(session.defaultSession, path.join(__dirname, '../renderer'), volumes);
  registerIpc({
    controller,
    trustedOrigins: devUrl ? [APP_ORIGIN, new URL(devUrl).origin] : [APP_ORIGIN],
    getWindow: () => win,
    openPaths,
    exportBundle: (source, outFile, opts) => runAppExport(source, outFile, opts, emit),
  });
  // Any web contents we did not create (a compromised page trying) gets no navigation either.
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  refreshMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void getPool().close();
});
