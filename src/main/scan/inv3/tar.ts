/**
 * Just enough tar to read an InVesalius project, without extracting anything: ustar headers,
 * PAX `x`/`g` extended headers (`path=`, `size=`), GNU `L`/`K` long names, octal and
 * base-256 numbers, header checksums. Both the positional reader (plain tar) and the
 * streaming reader (gzip) feed 512-byte header blocks to a `TarHeaderState` and act on
 * what it says; this file does no I/O.
 *
 * Member names are only ever used to pick members by basename. Names that would escape a
 * folder (`..`, absolute paths) and link members are refused outright: InVesalius never
 * writes them, so an archive holding one is not a project we should half-trust.
 */
import { fail } from './format-error';

export const BLOCK = 512;
/** PAX and GNU long-name bodies are tiny in practice; a bigger one is hostile. */
export const MAX_META_BYTES = 1024 * 1024;
/** An InVesalius project has ~2 members per object; 10,000 bounds the time a hostile archive costs. */
export const MAX_MEMBERS = 10_000;

export interface TarHeader {
  name: string;
  size: number;
  typeflag: string;
}

/** What the caller must do after a header block. */
export type HeaderStep =
  /** Read `size` bytes of extension data and hand them to `addMeta`. */
  | { kind: 'meta'; typeflag: string; size: number }
  /** A regular file: its data (`size` bytes) follows. */
  | { kind: 'member'; basename: string; size: number }
  /** Something harmless we ignore (a directory entry): skip `size` bytes. */
  | { kind: 'skip'; size: number }
  /** End-of-archive marker (a zero block). */
  | { kind: 'end' };

const ZERO_BLOCK = Buffer.alloc(BLOCK);
const utf8 = new TextDecoder('utf-8');

/** Round a member size up to whole blocks. */
export function paddedSize(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

/** For error messages: one line, no control characters, not too long. */
export function printable(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}

function cString(field: Uint8Array): string {
  const nul = field.indexOf(0);
  return utf8.decode(nul < 0 ? field : field.subarray(0, nul));
}

/** A numeric header field: octal text (NUL/space terminated) or GNU base-256 binary. */
export function parseNumber(field: Uint8Array, what: string): number {
  if (field[0] & 0x80) {
    if (field[0] === 0xff) fail(`tar header has a negative ${what}`);
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    if (!Number.isSafeInteger(value)) fail(`tar header ${what} is too large`);
    return value;
  }
  const text = String.fromCharCode(...field).replace(/[\0 ]+$/, '').trimStart();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) fail(`tar header has a malformed ${what}`);
  const value = parseInt(text, 8);
  if (!Number.isSafeInteger(value)) fail(`tar header ${what} is too large`);
  return value;
}

/** Header checksum: the byte sum with the checksum field counted as spaces (unsigned, or signed as old tars did). */
function checksumMatches(block: Uint8Array): boolean {
  const stored = parseNumber(block.subarray(148, 156), 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

export function parseHeader(block: Uint8Array): TarHeader {
  if (!checksumMatches(block)) fail('tar header checksum mismatch (corrupt or not a tar archive)');
  const magic = String.fromCharCode(...block.subarray(257, 263));
  let name = cString(block.subarray(0, 100));
  // POSIX ustar splits long names into prefix/name; GNU tar ('ustar  ') uses those bytes for other things.
  if (magic === 'ustar\0') {
    const prefix = cString(block.subarray(345, 500));
    if (prefix) name = `${prefix}/${name}`;
  }
  const typeflag = block[156] === 0 ? '0' : String.fromCharCode(block[156]);
  return { name, size: parseNumber(block.subarray(124, 136), 'size'), typeflag };
}

/** PAX records: "<len> <key>=<value>\n", where len counts the whole record. */
export function parsePaxRecords(body: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < body.length) {
    if (body[pos] === 0) break; // some writers pad with NULs
    const space = body.indexOf(0x20, pos);
    // At most 8 digits: also keeps a hostile body from reaching fromCharCode as a huge argument list.
    const lenText = space < 0 || space - pos > 8 ? '' : String.fromCharCode(...body.subarray(pos, space));
    if (!/^[0-9]{1,8}$/.test(lenText)) fail('malformed PAX extended header');
    const len = parseInt(lenText, 10);
    const end = pos + len;
    if (len <= lenText.length + 1 || end > body.length || body[end - 1] !== 0x0a) fail('malformed PAX extended header');
    const record = utf8.decode(body.subarray(space + 1, end - 1));
    const eq = record.indexOf('=');
    if (eq <= 0) fail('malformed PAX extended header');
    records.set(record.slice(0, eq), record.slice(eq + 1));
    pos = end;
  }
  return records;
}

function paxSize(value: string): number {
  if (!/^[0-9]{1,16}$/.test(value)) fail('PAX header has a malformed size');
  const size = Number(value);
  if (!Number.isSafeInteger(size)) fail('PAX header size is too large');
  return size;
}

/**
 * The last path component, after refusing names that would point outside a folder.
 * Returns null for directory-like names ("dir/").
 */
export function safeBasename(name: string): string | null {
  if (name.includes('\0')) fail(`member name '${printable(name)}' contains a NUL byte`);
  if (/^([/\\]|[A-Za-z]:)/.test(name)) fail(`member '${printable(name)}' has an absolute path (refused)`);
  const parts = name.split(/[/\\]/);
  if (parts.includes('..')) fail(`member '${printable(name)}' points outside its folder with '..' (refused)`);
  const nonEmpty = parts.filter((p) => p !== '' && p !== '.');
  return nonEmpty.length ? nonEmpty[nonEmpty.length - 1] : null;
}

/**
 * Carries PAX/GNU extension state from one header to the next. Feed it every header block
 * in order (`next`), and the body of every `meta` step (`addMeta`).
 */
export class TarHeaderState {
  private global = new Map<string, string>();
  private local = new Map<string, string>();
  private longName: string | null = null;
  private members = 0;

  next(block: Uint8Array): HeaderStep {
    if (block.length !== BLOCK) fail('archive is truncated inside a tar header');
    if (ZERO_BLOCK.equals(block)) return { kind: 'end' };
    const header = parseHeader(block);
    switch (header.typeflag) {
      case 'x':
      case 'g':
      case 'L':
      case 'K':
        if (header.size > MAX_META_BYTES) fail(`tar extension header of ${header.size} bytes is too large`);
        return { kind: 'meta', typeflag: header.typeflag, size: header.size };
      default:
        return this.entry(header);
    }
  }

  addMeta(typeflag: string, body: Uint8Array): void {
    if (typeflag === 'x' || typeflag === 'g') {
      const target = typeflag === 'x' ? this.local : this.global;
      for (const [key, value] of parsePaxRecords(body)) {
        if (value === '') target.delete(key); // an empty value cancels the key
        else target.set(key, value);
      }
    } else if (typeflag === 'L') {
      this.longName = cString(body);
    } // 'K' (long link target) only matters for links, which we refuse anyway
  }

  private entry(header: TarHeader): HeaderStep {
    if (++this.members > MAX_MEMBERS) fail(`archive has more than ${MAX_MEMBERS} members`);
    const name = this.local.get('path') ?? this.longName ?? this.global.get('path') ?? header.name;
    const sizeText = this.local.get('size') ?? this.global.get('size');
    const size = sizeText === undefined ? header.size : paxSize(sizeText);
    this.local.clear();
    this.longName = null;
    switch (header.typeflag) {
      case '0':
      case '7': {
        const basename = safeBasename(name);
        return basename === null ? { kind: 'skip', size } : { kind: 'member', basename, size };
      }
      case '5':
        safeBasename(name); // still refuse hostile names
        return { kind: 'skip', size };
      case '1':
      case '2':
        fail(`member '${printable(name)}' is a ${header.typeflag === '1' ? 'hard' : 'symbolic'} link (refused)`);
      default:
        fail(`member '${printable(name)}' has unsupported tar type '${printable(header.typeflag)}'`);
    }
  }
}
