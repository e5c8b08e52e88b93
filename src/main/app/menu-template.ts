/**
 * The application menu as data: a pure function of the platform, the recent-documents list
 * and the actions to call, so it is unit-tested without Electron. menu.ts turns it into a
 * native Menu. View commands go to the renderer as MenuCommand messages.
 */
import type { MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { DialogKind, MenuCommand, StandardViewName, ViewModeName } from '../../shared/api';
import { WINDOW_PRESETS } from '../../shared/presets/window-presets';
import { TRANSFER_PRESETS } from '../../shared/presets/transfer-presets';
import type { SlicePlane } from '../../shared/view-state';

export interface MenuActions {
  openDialog(kind: DialogKind): void;
  openRecent(file: string): void;
  clearRecent(): void;
  /** Forward a view/file command to the renderer. */
  send(command: MenuCommand): void;
  about(): void;
}

export interface MenuContext {
  platform: NodeJS.Platform;
  appName: string;
  recent: readonly string[];
  /** False while no scan is shown: export/screenshot/view items are disabled. */
  hasVolume: boolean;
  isDev?: boolean;
}

const MODE_ITEMS: { mode: ViewModeName; label: string }[] = [
  { mode: 'dvr', label: 'Volume Rendering' },
  { mode: 'mip', label: 'Maximum Intensity Projection' },
  { mode: 'minip', label: 'Minimum Intensity Projection' },
  { mode: 'iso', label: 'Iso-Surface' },
];

const SLICE_ITEMS: { plane: SlicePlane; label: string }[] = [
  { plane: 'axial', label: 'Axial' },
  { plane: 'coronal', label: 'Coronal' },
  { plane: 'sagittal', label: 'Sagittal' },
];

const VIEW_ITEMS: { view: StandardViewName; label: string }[] = [
  { view: 'anterior', label: 'Anterior' },
  { view: 'posterior', label: 'Posterior' },
  { view: 'left', label: 'Left' },
  { view: 'right', label: 'Right' },
  { view: 'superior', label: 'Superior' },
  { view: 'inferior', label: 'Inferior' },
];

export function buildMenuTemplate(ctx: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const needsVolume = { enabled: ctx.hasVolume };
  const about: MenuItemConstructorOptions = { label: `About ${ctx.appName}`, click: () => actions.about() };

  const recentItems: MenuItemConstructorOptions[] = ctx.recent.map((file) => ({
    label: path.basename(file) || file,
    sublabel: file,
    toolTip: file,
    click: () => actions.openRecent(file),
  }));
  const openRecent: MenuItemConstructorOptions = {
    label: 'Open Recent',
    submenu: [
      ...(recentItems.length ? recentItems : [{ label: 'No Recent Scans', enabled: false }]),
      { type: 'separator' },
      { label: 'Clear Menu', enabled: recentItems.length > 0, click: () => actions.clearRecent() },
    ],
  };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDialog('file') },
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openDialog('folder') },
      openRecent,
      { type: 'separator' },
      { label: 'Export Web Bundle…', accelerator: 'CmdOrCtrl+E', ...needsVolume, click: () => actions.send({ type: 'export' }) },
      { label: 'Save Screenshot…', accelerator: 'CmdOrCtrl+Shift+S', ...needsVolume, click: () => actions.send({ type: 'screenshot' }) },
      ...(mac ? [] : ([{ type: 'separator' }, { role: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q' }] as MenuItemConstructorOptions[])),
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...MODE_ITEMS.map(
        ({ mode, label }, i): MenuItemConstructorOptions => ({
          label,
          accelerator: `CmdOrCtrl+${i + 1}`,
          ...needsVolume,
          click: () => actions.send({ type: 'mode', mode }),
        }),
      ),
      { type: 'separator' },
      {
        label: 'Window Preset',
        ...needsVolume,
        submenu: WINDOW_PRESETS.map((p) => ({
          label: `${p.label}  (W ${p.width} / L ${p.level})`,
          click: () => actions.send({ type: 'window-preset', name: p.id }),
        })),
      },
      {
        label: 'Transfer Function',
        ...needsVolume,
        submenu: TRANSFER_PRESETS.map((p) => ({
          label: p.label,
          click: () => actions.send({ type: 'transfer-preset', name: p.id }),
        })),
      },
      {
        label: 'Standard View',
        ...needsVolume,
        submenu: VIEW_ITEMS.map(({ view: v, label }, i) => ({
          label,
          accelerator: `Alt+${i + 1}`,
          click: () => actions.send({ type: 'standard-view', view: v }),
        })),
      },
      { label: 'Reset View', accelerator: 'CmdOrCtrl+0', ...needsVolume, click: () => actions.send({ type: 'reset-view' }) },
      {
        label: 'Slice',
        ...needsVolume,
        submenu: SLICE_ITEMS.map(({ plane, label }, i) => ({
          label,
          accelerator: `CmdOrCtrl+Shift+${i + 1}`,
          click: () => actions.send({ type: 'slice-plane', plane }),
        })),
      },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(ctx.isDev ? ([{ role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  };

  const help: MenuItemConstructorOptions = { label: 'Help', role: 'help', submenu: [about] };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };

  if (mac) {
    const appMenu: MenuItemConstructorOptions = {
      label: ctx.appName,
      submenu: [about, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    };
    return [appMenu, file, edit, view, { role: 'windowMenu' }]; // About lives in the app menu
  }
  return [file, edit, view, help];
}
