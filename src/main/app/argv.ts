/**
 * Which scans the command line asks us to open. Windows and Linux pass the double-clicked
 * file in argv (the desktop entry uses %U, so it may be a file:// URI); a second instance
 * forwards its argv to the first. Pure, so it is unit-tested without Electron.
 *
 * argv layouts:
 *   packaged:        [exe, ...args]
 *   dev (defaultApp): [electron, <app path or '.'>, ...args]   (electron . file.inv3)
 * Chromium may add its own switches (--foo, --foo=bar) anywhere, also after a second-instance
 * relaunch; they are never files.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ArgvContext {
  /** process.defaultApp: true when run as `electron <app>` (dev), false when packaged. */
  defaultApp: boolean;
  /** Working directory of the process that received the argv (relative paths resolve here). */
  cwd: string;
  /** The app's own path/main script, which dev argv contains and which is never a scan. */
  appPath?: string;
}

/** file:///a/b%20c → /a/b c. Returns null for other URI schemes or malformed URIs. */
export function fileUriToPath(uri: string): string | null {
  if (!/^file:\/\//i.test(uri)) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** Arguments after the executable (and, in dev, after the app path). */
function userArgs(argv: readonly string[], ctx: ArgvContext): string[] {
  const rest = argv.slice(1);
  if (!ctx.defaultApp) return rest;
  // Dev: the first non-switch argument is the app path ('.', out/main/index.js, …).
  const i = rest.findIndex((a) => !a.startsWith('-'));
  return i < 0 ? [] : [...rest.slice(0, i), ...rest.slice(i + 1)];
}

/** Paths (absolute, normalised) the user asked to open, in order, without duplicates. */
export function scanPathsFromArgv(argv: readonly string[], ctx: ArgvContext): string[] {
  const out: string[] = [];
  let afterDoubleDash = false;
  for (const arg of userArgs(argv, ctx)) {
    if (typeof arg !== 'string' || arg.length === 0 || arg.includes('\0')) continue;
    if (!afterDoubleDash && arg === '--') {
      afterDoubleDash = true;
      continue;
    }
    if (!afterDoubleDash && arg.startsWith('-')) continue; // Chromium / Electron switches
    let p: string | null;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
      p = fileUriToPath(arg); // other URI schemes (http:, hounsfield:) are not files
      if (p === null) continue;
    } else {
      p = path.resolve(ctx.cwd, arg);
    }
    p = path.normalize(p);
    if (ctx.appPath && path.resolve(ctx.appPath) === p) continue;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

const OPENS_ALONE = /\.(inv3|nii|nii\.gz)$/i;

/**
 * What to open from several paths the OS handed over at once (argv, a burst of macOS
 * open-file events): DICOM files belong together, but an .inv3 project or a NIfTI file is
 * opened on its own (the first one), since one window shows one scan.
 */
export function selectionFromOs(paths: readonly string[]): string[] {
  if (paths.length <= 1) return [...paths];
  const alone = paths.find((p) => OPENS_ALONE.test(p));
  return alone ? [alone] : [...paths];
}
