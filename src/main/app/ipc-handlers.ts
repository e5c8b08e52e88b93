/**
 * What each IPC request does, after validation, independent of Electron: the Electron glue
 * (ipc.ts) registers these behind its sender check, the browser test host calls them from
 * HTTP. Everything native (dialogs, export, writing files) comes in through `native`.
 */
import { INVOKE, type DialogKind, type ExportOptions, type InvokeChannel, type SaveResult } from '../../shared/api';
import {
  checkDialogKind,
  checkExportOptions,
  checkOpenPaths,
  checkPng,
  checkSeriesChoice,
  checkViewState,
  type StatFn,
} from './validate';
import type { OpenController } from './open-controller';

export interface NativeSide {
  /** Open dialog; resolves with the chosen paths ([] = cancelled). */
  showOpenDialog(kind: DialogKind): Promise<string[]>;
  /** Asks where to save, then exports what is open there. */
  exportBundle(source: { paths: string[]; seriesUid?: string }, opts: ExportOptions): Promise<SaveResult>;
  saveScreenshot(png: Uint8Array): Promise<SaveResult>;
  /** Every open goes through here (recent documents, progress), not straight to the controller. */
  openPaths(paths: string[]): void;
}

export type Handlers = Record<InvokeChannel, (...args: unknown[]) => Promise<unknown>>;

export function createHandlers(controller: OpenController, native: NativeSide, stat?: StatFn): Handlers {
  return {
    [INVOKE.open]: async (paths) => {
      native.openPaths(checkOpenPaths(paths, stat));
    },
    [INVOKE.openDialog]: async (kind) => {
      const paths = await native.showOpenDialog(checkDialogKind(kind));
      if (paths.length > 0) native.openPaths(paths);
    },
    [INVOKE.cancel]: async () => controller.cancel(),
    [INVOKE.chooseSeries]: async (uid) => controller.chooseSeries(checkSeriesChoice(uid)),
    [INVOKE.saveViewState]: async (state) => controller.saveViewState(checkViewState(state)),
    [INVOKE.exportBundle]: async (options) => {
      const opts = checkExportOptions(options);
      const source = controller.openedPaths;
      if (!source) throw new Error('nothing is open to export');
      return native.exportBundle(source, opts);
    },
    [INVOKE.saveScreenshot]: async (png) => native.saveScreenshot(checkPng(png)),
  };
}
