/**
 * IPC glue: registers the handlers of ipc-handlers.ts with ipcMain behind a sender check
 * (our window's top frame, showing an app:// page), and supplies the native side: dialogs,
 * export, atomic file writes. The renderer never names a file to write: saves always go
 * through a save dialog the user answers.
 */
import { app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import type { ExportOptions, SaveResult } from '../../shared/api';
import { isTrustedSender } from './validate';
import { errorLine, type OpenController } from './open-controller';
import { createHandlers } from './ipc-handlers';
import { showOpenScanDialog } from './dialogs';
import { writeFileAtomic } from './write-atomic';

export interface IpcDeps {
  controller: OpenController;
  /** Origins whose top frame may call us: app://hounsfield (plus the dev server in dev runs). */
  trustedOrigins: readonly string[];
  getWindow(): BrowserWindow | null;
  /** Writes the one-file web viewer for what is open now (src/main/export). */
  exportBundle(source: { paths: string[]; seriesUid?: string }, outFile: string, opts: ExportOptions): Promise<void>;
  /** Opens paths (same route as drop/argv, so recent documents etc. apply). */
  openPaths(paths: string[]): void;
}

function senderIsOurs(event: IpcMainInvokeEvent, win: BrowserWindow | null, origins: readonly string[]): boolean {
  const frame = event.senderFrame;
  if (!win || !frame) return false;
  const info = { frameUrl: frame.url, isMainFrame: frame.parent === null && frame === event.sender.mainFrame, webContentsId: event.sender.id };
  const ours = new Set([win.webContents.id]);
  return origins.some((origin) => isTrustedSender(info, ours, origin));
}

async function askSavePath(win: BrowserWindow | null, options: Electron.SaveDialogOptions): Promise<string | null> {
  const answer = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return answer.canceled || !answer.filePath ? null : answer.filePath;
}

export function registerIpc(deps: IpcDeps): void {
  const handlers = createHandlers(deps.controller, {
    openPaths: deps.openPaths,
    showOpenDialog: (kind) => showOpenScanDialog(deps.getWindow(), kind),

    exportBundle: async (source, opts): Promise<SaveResult> => {
      const win = deps.getWindow();
      const base = path.basename(source.paths[0]).replace(/\.(inv3|nii(\.gz)?|dcm)$/i, '') || 'scan';
      const out = await askSavePath(win, {
        title: 'Export Web Bundle',
        defaultPath: path.join(app.getPath('documents'), `${base}.html`),
        filters: [{ name: 'Web page', extensions: ['html'] }],
      });
      if (!out) return { path: null };
      win?.setProgressBar(2); // indeterminate until export reports
      try {
        await deps.exportBundle(source, out, opts);
      } catch (e) {
        throw new Error(errorLine(e));
      } finally {
        win?.setProgressBar(-1);
      }
      return { path: out };
    },

    saveScreenshot: async (png): Promise<SaveResult> => {
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const out = await askSavePath(deps.getWindow(), {
        title: 'Save Screenshot',
        defaultPath: path.join(app.getPath('pictures'), `hounsfield-${stamp}.png`),
        filters: [{ name: 'PNG image', extensions: ['png'] }],
      });
      if (!out) return { path: null };
      await writeFileAtomic(out, png);
      return { path: out };
    },
  });

  for (const [channel, handler] of Object.entries(handlers)) {
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!senderIsOurs(event, deps.getWindow(), deps.trustedOrigins)) throw new Error('refused: unknown sender');
      return handler(...args);
    });
  }
}
