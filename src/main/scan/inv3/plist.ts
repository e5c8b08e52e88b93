/**
 * InVesalius writes XML plists with Python's plistlib. We parse them with the `plist`
 * package after refusing anything an XML parser could be tricked with (entity
 * declarations, DOCTYPE internal subsets, unknown entity references) and binary plists
 * (InVesalius itself rejects those). Then small typed accessors validate each field.
 */
import type { PlistValue } from 'plist';
import { fail, Inv3FormatError } from './format-error';

/**
 * `plist` is an ESM-only package, so under plain Node (tests, tsx) `require('plist')` fails; a
 * dynamic import works there and in the build (which bundles plist into its own chunk, see
 * electron.vite.config.ts). Call `loadPlistParser()` once (readInv3 does) before parsing.
 */
let parse: ((xml: string) => PlistValue) | null = null;
export async function loadPlistParser(): Promise<void> {
  parse ??= (await import('plist')).parse;
}

export type PlistDict = { [key: string]: PlistValue };

const PREDEFINED_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** Parse an XML plist member; `what` names it in errors. */
export function parseXmlPlist(bytes: Uint8Array, what: string): PlistValue {
  if (Buffer.from(bytes.subarray(0, 6)).toString('latin1') === 'bplist') fail(`${what} is a binary plist (only XML plists are supported)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail(`${what} is not valid UTF-8 text`);
  }
  if (/<!ENTITY/i.test(text)) fail(`${what} declares XML entities (refused)`);
  if (/<!DOCTYPE[^>]*\[/i.test(text)) fail(`${what} has a DOCTYPE internal subset (refused)`);
  for (const m of text.matchAll(/&([^;\s<&]{0,32});/g)) {
    if (!PREDEFINED_ENTITIES.has(m[1]) && !/^#(x[0-9a-fA-F]+|[0-9]+)$/.test(m[1])) {
      fail(`${what} references an unknown XML entity (refused)`);
    }
  }
  // Python writes non-finite floats as nan / inf / -inf, which parseFloat does not read.
  text = text.replace(/<real>\s*([+-]?)inf(inity)?\s*<\/real>/gi, (_m, sign: string) => `<real>${sign}Infinity</real>`);
  if (!parse) throw new Error('loadPlistParser() was not called');
  try {
    return parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Inv3FormatError(`${what} is not a valid XML plist (${reason.slice(0, 120)})`);
  }
}

export function isDict(v: PlistValue | undefined): v is PlistDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);
}

export function parseDictPlist(bytes: Uint8Array, what: string): PlistDict {
  const value = parseXmlPlist(bytes, what);
  if (!isDict(value)) fail(`${what} does not hold a dictionary`);
  return value;
}

/** Typed, validated access to one plist dictionary; errors name the member and key. */
export class Fields {
  constructor(
    readonly dict: PlistDict,
    readonly what: string,
  ) {}

  private bad(key: string, expected: string): never {
    fail(`${this.what}: '${key}' ${this.dict[key] === undefined ? 'is missing' : `is not ${expected}`}`);
  }

  has(key: string): boolean {
    return this.dict[key] !== undefined;
  }

  raw(key: string): PlistValue | undefined {
    return this.dict[key];
  }

  string(key: string): string {
    const v = this.dict[key];
    return typeof v === 'string' ? v : this.bad(key, 'a string');
  }

  /** Any number: <integer> and <real> are interchangeable (plistlib writes both). */
  number(key: string): number {
    const v = this.dict[key];
    return typeof v === 'number' ? v : this.bad(key, 'a number');
  }

  finite(key: string): number {
    const v = this.number(key);
    return Number.isFinite(v) ? v : this.bad(key, 'a finite number');
  }

  integer(key: string): number {
    const v = this.number(key);
    return Number.isSafeInteger(v) ? v : this.bad(key, 'an integer');
  }

  bool(key: string, fallback?: boolean): boolean {
    const v = this.dict[key];
    if (v === undefined && fallback !== undefined) return fallback;
    return typeof v === 'boolean' ? v : this.bad(key, 'true or false');
  }

  /** An array of exactly `n` finite numbers. */
  numbers(key: string, n: number): number[] {
    const v = this.dict[key];
    if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      this.bad(key, `a list of ${n} finite numbers`);
    }
    return v as number[];
  }

  dictionary(key: string): Fields {
    const v = this.dict[key];
    return isDict(v) ? new Fields(v, `${this.what} ${key}`) : this.bad(key, 'a dictionary');
  }
}
