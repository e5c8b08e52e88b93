import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuActions } from '../../../src/main/app/menu-template';
import type { MenuCommand } from '../../../src/shared/api';
import { WINDOW_PRESETS } from '../../../src/shared/presets/window-presets';
import { TRANSFER_PRESETS } from '../../../src/shared/presets/transfer-presets';

function recorder() {
  const calls: unknown[] = [];
  const actions: MenuActions = {
    openDialog: (k) => calls.push(['dialog', k]),
    openRecent: (f) => calls.push(['recent', f]),
    clearRecent: () => calls.push(['clear']),
    send: (c: MenuCommand) => calls.push(['send', c]),
    about: () => calls.push(['about']),
  };
  return { calls, actions };
}

const sub = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
const find = (items: MenuItemConstructorOptions[], label: string) => items.find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();

describe('menu template', () => {
  it('File menu: open items call the dialog, recent entries open their file, accelerators set', () => {
    const { calls, actions } = recorder();
    const t = buildMenuTemplate({ platform: 'linux', appName: 'Hounsfield', recent: ['/s/a.inv3', '/s/dicom'], hasVolume: true }, actions);
    expect(t.map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'Help']);
    const file = sub(find(t, 'File'));
    expect(find(file, 'Open…')!.accelerator).toBe('CmdOrCtrl+O');
    click(find(file, 'Open…'));
    click(find(file, 'Open Folder…'));
    const recent = sub(find(file, 'Open Recent'));
    expect(recent.map((r) => r.label)).toEqual(['a.inv3', 'dicom', undefined, 'Clear Menu']);
    click(recent[1]);
    click(find(recent, 'Clear Menu'));
    click(find(file, 'Export Web Bundle…'));
    click(find(file, 'Save Screenshot…'));
    expect(file.some((i) => i.role === 'quit')).toBe(true);
    expect(calls).toEqual([
      ['dialog', 'file'],
      ['dialog', 'folder'],
      ['recent', '/s/dicom'],
      ['clear'],
      ['send', { type: 'export' }],
      ['send', { type: 'screenshot' }],
    ]);
  });

  it('View menu: modes, every window and transfer preset, standard views, reset, slice planes', () => {
    const { calls, actions } = recorder();
    const t = buildMenuTemplate({ platform: 'win32', appName: 'Hounsfield', recent: [], hasVolume: true }, actions);
    const view = sub(find(t, 'View'));
    click(find(view, 'Maximum Intensity Projection'));
    const wl = sub(find(view, 'Window Preset'));
    expect(wl.length).toBe(WINDOW_PRESETS.length);
    wl.forEach(click);
    const tf = sub(find(view, 'Transfer Function'));
    expect(tf.length).toBe(TRANSFER_PRESETS.length);
    click(tf[0]);
    const views = sub(find(view, 'Standard View'));
    click(find(views, 'Superior'));
    click(find(view, 'Reset View'));
    const planes = sub(find(view, 'Slice'));
    expect(planes.map((p) => p.label)).toEqual(['Axial', 'Coronal', 'Sagittal']);
    click(find(planes, 'Coronal'));
    expect(calls[0]).toEqual(['send', { type: 'mode', mode: 'mip' }]);
    expect(calls.slice(1, 1 + WINDOW_PRESETS.length)).toEqual(WINDOW_PRESETS.map((p) => ['send', { type: 'window-preset', name: p.id }]));
    expect(calls.slice(-4)).toEqual([
      ['send', { type: 'transfer-preset', name: TRANSFER_PRESETS[0].id }],
      ['send', { type: 'standard-view', view: 'superior' }],
      ['send', { type: 'reset-view' }],
      ['send', { type: 'slice-plane', plane: 'coronal' }],
    ]);
    // accelerators are unique across the whole menu
    const accels: string[] = [];
    const walk = (items: MenuItemConstructorOptions[]) =>
      items.forEach((i) => {
        if (i.accelerator) accels.push(String(i.accelerator));
        walk(sub(i));
      });
    walk(t);
    expect(new Set(accels).size).toBe(accels.length);
  });

  it('without a volume, volume-only items are disabled; empty recent list shows a placeholder', () => {
    const { actions } = recorder();
    const t = buildMenuTemplate({ platform: 'linux', appName: 'H', recent: [], hasVolume: false }, actions);
    const file = sub(find(t, 'File'));
    expect(find(file, 'Export Web Bundle…')!.enabled).toBe(false);
    expect(find(file, 'Open…')!.enabled).toBeUndefined();
    expect(sub(find(file, 'Open Recent'))[0]).toMatchObject({ label: 'No Recent Scans', enabled: false });
    expect(find(sub(find(t, 'View')), 'Reset View')!.enabled).toBe(false);
  });

  it('macOS: app menu first with About and Quit, no Quit in File', () => {
    const { calls, actions } = recorder();
    const t = buildMenuTemplate({ platform: 'darwin', appName: 'Hounsfield', recent: [], hasVolume: true }, actions);
    expect(t.map((m) => m.label ?? m.role)).toEqual(['Hounsfield', 'File', 'editMenu', 'View', 'windowMenu']);
    click(find(sub(t[0]), 'About Hounsfield'));
    expect(calls).toEqual([['about']]);
    expect(sub(t[0]).some((i) => i.role === 'quit')).toBe(true);
    expect(sub(find(t, 'File')).some((i) => i.role === 'quit')).toBe(false);
  });
});
