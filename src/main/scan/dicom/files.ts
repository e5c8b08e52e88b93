/**
 * What the user dropped → the list of candidate files. A folder is walked recursively, several
 * paths are taken together, and a single file stands for its folder (its series is opened).
 * Content sniffing (DICM at byte 128) happens later, in the header jobs.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ScanError, throwIfAborted } from '../errors';

/** More files than any CT series; a drop of a whole disk stops here with a clear error. */
export const MAX_FILES = 20_000;
const MAX_DEPTH = 12;

export interface Collected {
  files: string[];
  /** Set when exactly one file was given: open the series this file belongs to. */
  focusFile?: string;
  /** What to show as the source (the folder or the single path given). */
  sourcePath: string;
}

export async function collectFiles(paths: string[], signal?: AbortSignal): Promise<Collected> {
  if (paths.length === 0) throw new ScanError('(nothing)', 'no file given');
  const files: string[] = [];
  let focusFile: string | undefined;
  for (const p of paths) {
    throwIfAborted(signal);
    const st = await stat(p).catch(() => {
      throw new ScanError(p, 'no such file or folder');
    });
    if (st.isDirectory()) await walk(p, 0, files, signal);
    else if (st.isFile()) {
      if (paths.length === 1) {
        // One file: its siblings form the series (not recursive: sub-folders are other series).
        focusFile = path.resolve(p);
        await walk(path.dirname(focusFile), MAX_DEPTH, files, signal);
      } else add(files, path.resolve(p));
    } else throw new ScanError(p, 'not a regular file or folder');
  }
  const unique = [...new Set(files)].sort();
  if (unique.length === 0) throw new ScanError(paths[0], 'no files found');
  return { files: unique, focusFile, sourcePath: paths.length === 1 ? paths[0] : path.dirname(paths[0]) };
}

function add(files: string[], file: string): void {
  if (files.length >= MAX_FILES) throw new ScanError(file, `more than ${MAX_FILES} files; open one series folder`);
  files.push(file);
}

/** Recursive listing; symbolic links are not followed (no cycles, no escaping the folder). */
async function walk(dir: string, depth: number, files: string[], signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new ScanError(dir, 'cannot list folder');
  }
  for (const e of entries) {
    const full = path.resolve(dir, e.name);
    if (e.isFile()) add(files, full);
    else if (e.isDirectory() && depth < MAX_DEPTH) await walk(full, depth + 1, files, signal);
  }
}
