/**
 * Gzipped tar: one streaming pass. `matrix.dat` goes straight into a SharedArrayBuffer as
 * it is inflated; the members whose meaning only main.plist (the last member) reveals are
 * kept by name pattern, each within its limit; everything else is skipped.
 * The pass runs on several cores when it can (gzip-parallel.ts); if that path gives up, the
 * file is read again by the sequential one, whose result or error is then the answer.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ReadOptions } from '../read-options';
import { allocate, fail } from './format-error';
import { type Inv3Archive, type OnVolumeBytes, VOLUME_MEMBER, capFor, keepKind } from './archive';
import { decompressionCap, gunzipFile, type GunzipSink } from './gzip-stream';
import { defaultParts, gunzipParallel } from './gzip-parallel';
import { TarStreamParser } from './tar-stream';
import { printable } from './tar';

/** How many threads inflate at once (1 = sequential only); tests pin it. */
export interface GzipTarOptions {
  parts: number;
}

/** `onVolumeBytes`: matrix.dat bytes as they are inflated (the volume streams by before main.plist). */
export async function openGzipTar(fh: FileHandle, fileSize: number, opts: ReadOptions, onVolumeBytes?: OnVolumeBytes, gz: GzipTarOptions = { parts: defaultParts() }): Promise<Inv3Archive> {
  const cap = decompressionCap(fileSize);
  if (gz.parts > 1) {
    const attempt = collectMembers(fileSize, cap, onVolumeBytes);
    if ((await gunzipParallel(fh, fileSize, attempt.sink, opts, cap, gz.parts)) === 'done') return attempt.finish();
  }
  const members = collectMembers(fileSize, cap, onVolumeBytes);
  await gunzipFile(fh, fileSize, members.sink, opts, cap);
  return members.finish();
}

/** The tar side of one pass: a sink for the inflated bytes, and the archive it leaves behind. */
export function collectMembers(fileSize: number, cap: number, onVolumeBytes?: OnVolumeBytes): { sink: GunzipSink; finish(): Inv3Archive } {
  const sizes = new Map<string, number>();
  const kept = new Map<string, Uint8Array>();
  let volume: SharedArrayBuffer | null = null;
  /** Stream offset of the volume's first byte, and its byte ranges already placed early. */
  let volumeStart = -1;
  const placed = new Spans();
  let declared = 0;

  const tar = new TarStreamParser((member) => {
    if (sizes.has(member.basename)) fail(`archive holds '${printable(member.basename)}' twice`);
    sizes.set(member.basename, member.size);
    // Headers declare sizes before the data: a bomb usually fails here, before any inflation.
    declared += member.size;
    if (declared > cap) {
      fail(`archive declares ${declared} bytes of members, more than the ${cap} bytes a ${fileSize}-byte gzip may expand to (refused as a decompression bomb)`);
    }
    const kind = keepKind(member.basename);
    if (!kind || member.size > capFor(kind)) return null;
    if (kind === 'volume') {
      volume = allocate(member.basename, member.size, () => new SharedArrayBuffer(member.size));
      volumeStart = tar.position;
      return volume;
    }
    const bytes = allocate(member.basename, member.size, () => new Uint8Array(member.size));
    kept.set(member.basename, bytes);
    return bytes;
  }, (target, start, end) => {
    // bytes placed early were reported then: report each byte once
    if (target === volume) for (const [a, b] of placed.missing(start, end)) onVolumeBytes?.(target, a, b);
  }, (target, offset, bytes) => {
    // and copied then: copy only the rest
    for (const [a, b] of placed.missing(offset, offset + bytes.length)) new Uint8Array(target, a, b - a).set(bytes.subarray(a - offset, b - offset));
  });

  const sink: GunzipSink = {
    onData: (chunk) => tar.push(chunk),
    done: () => tar.ended,
    early(offset, bytes) {
      // Volume bytes can go to their place now, so prepare starts on them; when the tar parser
      // reaches them it skips them.
      if (!volume || volumeStart < 0) return;
      const lo = Math.max(offset, volumeStart);
      const hi = Math.min(offset + bytes.length, volumeStart + volume.byteLength);
      if (hi <= lo) return;
      new Uint8Array(volume, lo - volumeStart, hi - lo).set(bytes.subarray(lo - offset, hi - offset));
      placed.add(lo - volumeStart, hi - volumeStart);
      onVolumeBytes?.(volume, lo - volumeStart, hi - volumeStart);
    },
  };
  return { sink, finish: () => archiveOf(tar, sizes, kept, volume) };
}

/** Disjoint, sorted byte ranges [start, end). */
class Spans {
  private readonly list: Array<[number, number]> = [];
  add(start: number, end: number): void {
    this.list.push([start, end]);
    this.list.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [a, b] of this.list) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else merged.push([a, b]);
    }
    this.list.splice(0, this.list.length, ...merged);
  }
  /** Parts of [start, end) not covered. */
  missing(start: number, end: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let at = start;
    for (const [a, b] of this.list) {
      if (b <= at || a >= end) continue;
      if (a > at) out.push([at, a]);
      at = Math.max(at, b);
    }
    if (at < end) out.push([at, end]);
    return out;
  }
}

function archiveOf(tar: TarStreamParser, sizes: Map<string, number>, kept: Map<string, Uint8Array>, volume: SharedArrayBuffer | null): Inv3Archive {
  tar.finish();
  const notKept = (name: string): never => {
    const size = sizes.get(name);
    if (size === undefined) fail(`member '${printable(name)}' is missing`);
    fail(`member '${printable(name)}' (${size} bytes) is too large or not readable from a compressed project`);
  };
  return {
    container: 'gzip',
    size: (name) => sizes.get(name),
    async read(name, limit) {
      const bytes = kept.get(name) ?? notKept(name);
      if (bytes.length > limit) fail(`member '${printable(name)}' is ${bytes.length} bytes, more than the ${limit}-byte limit`);
      return bytes;
    },
    async readVolume(name, bytes) {
      if (name !== VOLUME_MEMBER) fail(`volume member '${printable(name)}': in a compressed project only '${VOLUME_MEMBER}' can be the volume`);
      if (!volume) notKept(name);
      const shared = volume as SharedArrayBuffer;
      if (shared.byteLength !== bytes) fail(`member '${printable(name)}' is ${shared.byteLength} bytes, expected ${bytes}`);
      return shared;
    },
  };
}
