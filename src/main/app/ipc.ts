/**
 * IPC handlers. Each one first checks WHO is asking (our window's top frame, showing an
 * app:// page) and WHAT it passes (validate.ts), then calls the open controller or a
 * native dialog. The renderer never names a file to write: saves always go through a
 * save dialog the user answers.
 */
import { app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { writeFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { INVOKE, type ExportOptions, type InvokeChannel, type SaveResult } from '../../shared/api';
import {
  checkDialogKind,
  checkExportOptions,
  checkOpenPaths,
  checkPng,
  checkSeriesChoice,
  checkViewState,
  isTrustedSender,
} from './validate';
import { APP_ORIGIN } from './protocol-map';
import type { OpenController } from './open-controller';
import { errorLine } from './open-controller';
import { DIALOG_FILTERS } from './file-types';

export interface IpcDeps {
  controller: OpenController;
  getWindow(): BrowserWindow | null;
  /** Writes the one-file web viewer for what is open now (src/main/export). */
  exportBundle(source: { paths: string[]; seriesUid?: string }, outFile: string, opts: ExportOptions): Promise<void>;
  /** Opens paths chosen in a dialog (same path as drop/argv, so recent docs etc. apply). */
  openPaths(paths: string[]): void;
}

function senderIsOurs(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  if (!win || !frame) return false;
  return isTrustedSender(
    { frameUrl: frame.url, isMainFrame: frame.parent === null && frame === event.sender.mainFrame, webContentsId: event.sender.id },
    new Set([win.webContents.id]),
    APP_ORIGIN,
  );
}

/** Writes bytes next to the target under a temp name, then renames (never half a file). */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export function registerIpc(deps: IpcDeps): void {
  const handle = (channel: InvokeChannel, fn: (...args: unknown[]) => unknown) => {
    ipcMain.handle(channel, async (event, ...args) => {
      if (!senderIsOurs(event, deps.getWindow())) throw new Error('refused: unknown sender');
      return fn(...args);
    });
  };

  handle(INVOKE.open, (paths) => {
    deps.openPaths(checkOpenPaths(paths));
  });

  handle(INVOKE.openDialog, async (kind) => {
    const which = checkDialogKind(kind);
    const win = deps.getWindow();
    const options: Electron.OpenDialogOptions =
      which === 'folder'
        ? { title: 'Open DICOM Folder', properties: ['openDirectory'] }
        : { title: 'Open Scan', properties: ['openFile', 'multiSelections'], filters: DIALOG_FILTERS };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    if (!result.canceled && result.filePaths.length > 0) deps.openPaths(result.filePaths);
  });

  handle(INVOKE.cancel, () => deps.controller.cancel());

  handle(INVOKE.chooseSeries, (uid) => deps.controller.chooseSeries(checkSeriesChoice(uid)));

  handle(INVOKE.saveViewState, (state) => deps.controller.saveViewState(checkViewState(state)));

  handle(INVOKE.exportBundle, async (options): Promise<SaveResult> => {
    const opts = checkExportOptions(options);
    const source = deps.controller.openedPaths;
    if (!source) throw new Error('nothing is open to export');
    const win = deps.getWindow();
    const base = path.basename(source.paths[0]).replace(/\.(inv3|nii(\.gz)?|dcm)$/i, '') || 'scan';
    const saveOpts: Electron.SaveDialogOptions = {
      title: 'Export Web Bundle',
      defaultPath: path.join(app.getPath('documents'), `${base}.html`),
      filters: [{ name: 'Web page', extensions: ['html'] }],
    };
    const answer = win ? await dialog.showSaveDialog(win, saveOpts) : await dialog.showSaveDialog(saveOpts);
    if (answer.canceled || !answer.filePath) return { path: null };
    win?.setProgressBar(2); // indeterminate while exporting
    try {
      await deps.exportBundle(source, answer.filePath, opts);
    } catch (e) {
      throw new Error(errorLine(e));
    } finally {
      win?.setProgressBar(-1);
    }
    return { path: answer.filePath };
  });

  handle(INVOKE.saveScreenshot, async (png): Promise<SaveResult> => {
    const bytes = checkPng(png);
    const win = deps.getWindow();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const saveOpts: Electron.SaveDialogOptions = {
      title: 'Save Screenshot',
      defaultPath: path.join(app.getPath('pictures'), `hounsfield-${stamp}.png`),
      filters: [{ name: 'PNG image', extensions: ['png'] }],
    };
    const answer = win ? await dialog.showSaveDialog(win, saveOpts) : await dialog.showSaveDialog(saveOpts);
    if (answer.canceled || !answer.filePath) return { path: null };
    await writeFileAtomic(answer.filePath, bytes);
    return { path: answer.filePath };
  });
}
