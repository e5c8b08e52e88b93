/**
 * Gzipped tar: one streaming pass. `matrix.dat` goes straight into a SharedArrayBuffer as
 * it is inflated; the members whose meaning only main.plist (the last member) reveals are
 * kept by name pattern, each within its limit; everything else is skipped.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ReadOptions } from '../read-options';
import { allocate, fail } from './format-error';
import { type Inv3Archive, type OnVolumeBytes, VOLUME_MEMBER, capFor, keepKind } from './archive';
import { decompressionCap, gunzipFile } from './gzip-stream';
import { TarStreamParser } from './tar-stream';
import { printable } from './tar';

/** `onVolumeBytes`: matrix.dat bytes as they are inflated (the volume streams by before main.plist). */
export async function openGzipTar(fh: FileHandle, fileSize: number, opts: ReadOptions, onVolumeBytes?: OnVolumeBytes): Promise<Inv3Archive> {
  const cap = decompressionCap(fileSize);
  const sizes = new Map<string, number>();
  const kept = new Map<string, Uint8Array>();
  let volume: SharedArrayBuffer | null = null;
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
      return volume;
    }
    const bytes = allocate(member.basename, member.size, () => new Uint8Array(member.size));
    kept.set(member.basename, bytes);
    return bytes;
  }, (target, start, end) => {
    if (target === volume) onVolumeBytes?.(target, start, end);
  });

  await gunzipFile(fh, fileSize, { onData: (chunk) => tar.push(chunk), done: () => tar.ended }, opts, cap);
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
