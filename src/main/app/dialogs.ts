/** Native open dialog for scans, shared by the menu and the renderer's Open buttons. */
import { dialog, type BrowserWindow } from 'electron';
import type { DialogKind } from '../../shared/api';
import { DIALOG_FILTERS } from './file-types';

/** The chosen paths, or [] when the user cancelled. */
export async function showOpenScanDialog(win: BrowserWindow | null, kind: DialogKind): Promise<string[]> {
  const options: Electron.OpenDialogOptions =
    kind === 'folder'
      ? { title: 'Open DICOM Folder', properties: ['openDirectory'] }
      : { title: 'Open Scan', properties: ['openFile', 'multiSelections'], filters: DIALOG_FILTERS };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}
