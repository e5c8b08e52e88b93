/**
 * Argument checks for every IPC request. The renderer is treated as untrusted (a
 * compromised page must not get a filesystem API out of us), so each handler runs its
 * arguments through one of these before touching anything. Pure: no electron import,
 * unit-tested with hostile values in test/unit/app/validate.test.ts.
 */
import path from 'node:path';
import { statSync } from 'node:fs';
import {
  DIALOG_KINDS,
  EXPORT_BITS,
  type DialogKind,
  type ExportOptions,
  type JsonValue,
  type ViewState,
} from '../../shared/api';

export class InvalidArgument extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidArgument';
  }
}

export const LIMITS = {
  /** A DICOM selection of more files than this is a folder's job. */
  maxPaths: 10_000,
  maxPathLength: 4096,
  maxSeriesUidLength: 64 * 2,
  maxPngBytes: 256 * 1024 * 1024,
  maxViewStateBytes: 16 * 1024,
  maxViewStateDepth: 6,
} as const;

/** A syntactically safe absolute path: string, bounded, no NUL, absolute, already normal. */
export function checkPathString(value: unknown): string {
  if (typeof value !== 'string') throw new InvalidArgument('path must be a string');
  if (value.length === 0 || value.length > LIMITS.maxPathLength) throw new InvalidArgument('path length out of range');
  if (value.includes('\0')) throw new InvalidArgument('path contains a NUL byte');
  if (!path.isAbsolute(value)) throw new InvalidArgument('path must be absolute');
  // No `..` or `.` segments, no doubled separators: the path must already be what it says.
  const segments = value.split(/[\\/]+/);
  if (segments.some((s) => s === '..' || s === '.')) throw new InvalidArgument('path must not contain . or .. segments');
  return value;
}

export type StatFn = (p: string) => { isFile(): boolean; isDirectory(): boolean } | undefined;

const realStat: StatFn = (p) => statSync(p, { throwIfNoEntry: false });

/** checkPathString + the path exists and is a file or folder. */
export function checkExistingPath(value: unknown, stat: StatFn = realStat): string {
  const p = checkPathString(value);
  let st: ReturnType<StatFn>;
  try {
    st = stat(p);
  } catch {
    st = undefined;
  }
  if (!st || !(st.isFile() || st.isDirectory())) throw new InvalidArgument(`no such file or folder: ${p}`);
  return p;
}

/** The `open` request: a non-empty array of existing absolute paths, no duplicates. */
export function checkOpenPaths(value: unknown, stat: StatFn = realStat): string[] {
  if (!Array.isArray(value)) throw new InvalidArgument('paths must be an array');
  if (value.length === 0 || value.length > LIMITS.maxPaths) throw new InvalidArgument('paths count out of range');
  const out = value.map((v) => checkExistingPath(v, stat));
  return [...new Set(out)];
}

export function checkDialogKind(value: unknown): DialogKind {
  if (typeof value !== 'string' || !(DIALOG_KINDS as readonly string[]).includes(value)) {
    throw new InvalidArgument('dialog kind must be "file" or "folder"');
  }
  return value as DialogKind;
}

/** A DICOM UID (digits and dots, ≤ 64 chars by the standard; we allow a little slack) or null. */
export function checkSeriesChoice(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > LIMITS.maxSeriesUidLength) {
    throw new InvalidArgument('series uid must be a short string or null');
  }
  if (!/^[0-9A-Za-z._-]+$/.test(value)) throw new InvalidArgument('series uid has unexpected characters');
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own keys only; rejects __proto__/constructor/prototype keys outright. */
function ownKeys(obj: Record<string, unknown>): string[] {
  const keys = Object.keys(obj);
  for (const k of Object.getOwnPropertyNames(obj)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') throw new InvalidArgument(`forbidden key "${k}"`);
  }
  return keys;
}

export function checkExportOptions(value: unknown): ExportOptions {
  if (!isPlainObject(value)) throw new InvalidArgument('export options must be an object');
  const keys = ownKeys(value);
  for (const k of keys) if (!['grid', 'bits', 'keepIdentity', 'view'].includes(k)) throw new InvalidArgument(`unknown export option "${k}"`);
  const { grid, bits, keepIdentity, view } = value;
  if (typeof grid !== 'number' || !Number.isInteger(grid) || grid < 64 || grid > 1024) {
    throw new InvalidArgument('grid must be an integer in 64..1024');
  }
  if (!(EXPORT_BITS as readonly unknown[]).includes(bits)) throw new InvalidArgument('bits must be 8 or 16');
  if (typeof keepIdentity !== 'boolean') throw new InvalidArgument('keepIdentity must be a boolean');
  const options: ExportOptions = { grid, bits: bits as 8 | 16, keepIdentity };
  if (view !== undefined) options.view = checkViewState(view);
  return options;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG bytes from the renderer: a Uint8Array, bounded, starting with the PNG signature. */
export function checkPng(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InvalidArgument('screenshot must be a Uint8Array');
  if (value.byteLength < 64 || value.byteLength > LIMITS.maxPngBytes) throw new InvalidArgument('screenshot size out of range');
  if (!PNG_SIGNATURE.every((b, i) => value[i] === b)) throw new InvalidArgument('screenshot is not a PNG');
  return value;
}

/**
 * Per-scan view state: plain JSON (objects with safe keys, arrays, finite numbers,
 * strings, booleans, null), depth- and size-bounded. Returns a fresh copy, so nothing
 * the caller holds (getters, prototypes) survives.
 */
export function checkViewState(value: unknown): ViewState {
  if (!isPlainObject(value)) throw new InvalidArgument('view state must be a plain object');
  let budget: number = LIMITS.maxViewStateBytes;
  const spend = (n: number) => {
    budget -= n;
    if (budget < 0) throw new InvalidArgument('view state too large');
  };
  const copy = (v: unknown, depth: number): JsonValue => {
    if (depth > LIMITS.maxViewStateDepth) throw new InvalidArgument('view state nested too deeply');
    if (v === null || typeof v === 'boolean') {
      spend(5);
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidArgument('view state numbers must be finite');
      spend(8);
      return v;
    }
    if (typeof v === 'string') {
      spend(v.length + 2);
      return v;
    }
    if (Array.isArray(v)) {
      spend(2);
      return v.map((x) => copy(x, depth + 1));
    }
    if (isPlainObject(v)) {
      const out: { [k: string]: JsonValue } = {};
      for (const k of ownKeys(v)) {
        spend(k.length + 3);
        Object.defineProperty(out, k, { value: copy(v[k], depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    throw new InvalidArgument(`view state holds a ${typeof v}`);
  };
  return copy(value, 0) as ViewState;
}

/** What we know about an IPC sender, taken from the Electron event by the glue. */
export interface SenderInfo {
  /** URL of the frame that sent the message ('' if unknown). */
  frameUrl: string;
  /** The sending frame is the top frame of its page (not an iframe). */
  isMainFrame: boolean;
  /** webContents id of the sender. */
  webContentsId: number;
}

/**
 * Only our own window's top frame, showing a page from the app protocol, may call us.
 * `expectedWebContentsIds` is the set of our windows' webContents ids.
 */
export function isTrustedSender(sender: SenderInfo, expectedWebContentsIds: ReadonlySet<number>, appOrigin: string): boolean {
  if (!sender.isMainFrame) return false;
  if (!expectedWebContentsIds.has(sender.webContentsId)) return false;
  let origin: string;
  try {
    const url = new URL(sender.frameUrl);
    if (url.username || url.password) return false;
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return false;
  }
  return origin === appOrigin;
}
