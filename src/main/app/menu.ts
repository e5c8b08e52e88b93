/** Installs the application menu built by menu-template.ts; rebuilt when its inputs change. */
import { app, Menu } from 'electron';
import { buildMenuTemplate, type MenuActions } from './menu-template';

export function installMenu(opts: { recent: readonly string[]; hasVolume: boolean; isDev: boolean }, actions: MenuActions): void {
  const template = buildMenuTemplate(
    { platform: process.platform, appName: app.getName(), recent: opts.recent, hasVolume: opts.hasVolume, isDev: opts.isDev },
    actions,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
