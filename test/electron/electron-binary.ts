/**
 * Where the Electron binary is, WITHOUT require('electron'): that module downloads the binary
 * when it is missing, which must never happen here. null when it is not installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const pkg = path.resolve(__dirname, '../../node_modules/electron');

export function electronBinary(): string | null {
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, relative || 'electron') : relative ? path.join(pkg, 'dist', relative) : '';
  return candidate && existsSync(candidate) ? candidate : null;
}

export const SKIP_REASON = 'Electron binary not installed (node_modules/electron/dist is missing): Electron end-to-end tests skipped';
