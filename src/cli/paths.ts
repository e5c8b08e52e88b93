/** Checks the scan paths before opening: a missing file is bad input (exit 2), not a crash. */
import { stat } from 'node:fs/promises';
import { ScanError } from '../main/scan/errors';

export async function checkPaths(paths: string[]): Promise<void> {
  for (const p of paths) {
    try {
      await stat(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ScanError(p, code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : `cannot open (${code ?? 'unknown error'})`);
    }
  }
}
