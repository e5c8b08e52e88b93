/**
 * Plain (uncompressed) tar: walk the headers with positional reads, skipping member data,
 * then read members straight from their offsets. Nothing is extracted or copied twice; the
 * volume goes from the file into a SharedArrayBuffer in large positional reads.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ReadOptions } from '../read-options';
import { throwIfAborted } from '../errors';
import { allocate, fail } from './format-error';
import { type Inv3Archive, MiB } from './archive';
import { BLOCK, TarHeaderState, paddedSize, printable } from './tar';

interface Located {
  offset: number;
  size: number;
}

/** Big reads keep syscall overhead negligible; small enough to hand prepare work early. */
const VOLUME_CHUNK = 8 * MiB;
/**
 * Reads queued at once. The copies run on libuv's thread pool (4 threads), so several cores
 * share them, and a longer queue keeps those threads copying while this thread is busy (a GC,
 * handing out prepare jobs). A cancelled read still finishes the queued ones (≤ 128 MiB).
 */
const QUEUED_READS = 16;

async function readExactly(fh: FileHandle, into: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await fh.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) fail('archive is truncated');
    done += bytesRead;
  }
}

/** Every regular member by basename, with where its data starts. */
async function scanHeaders(fh: FileHandle, fileSize: number): Promise<Map<string, Located>> {
  const members = new Map<string, Located>();
  const state = new TarHeaderState();
  const block = new Uint8Array(BLOCK);
  let pos = 0;
  while (pos < fileSize) {
    // Python's tarfile accepts an archive that ends at a block boundary without the end marker; so do we.
    if (pos + BLOCK > fileSize) fail('archive is truncated inside a tar header');
    await readExactly(fh, block, pos);
    const step = state.next(block);
    pos += BLOCK;
    if (step.kind === 'end') break;
    if (pos + step.size > fileSize) fail('archive is truncated (a member extends past the end of the file)');
    if (step.kind === 'meta') {
      const body = new Uint8Array(step.size);
      await readExactly(fh, body, pos);
      state.addMeta(step.typeflag, body);
    } else if (step.kind === 'member') {
      if (members.has(step.basename)) fail(`archive holds '${printable(step.basename)}' twice`);
      members.set(step.basename, { offset: pos, size: step.size });
    }
    pos += paddedSize(step.size);
  }
  return members;
}

export async function openPlainTar(fh: FileHandle, fileSize: number, opts: ReadOptions): Promise<Inv3Archive> {
  const members = await scanHeaders(fh, fileSize);
  const locate = (name: string): Located => members.get(name) ?? fail(`member '${printable(name)}' is missing`);

  return {
    container: 'plain',
    size: (name) => members.get(name)?.size,
    async read(name, cap) {
      const { offset, size } = locate(name);
      if (size > cap) fail(`member '${printable(name)}' is ${size} bytes, more than the ${cap}-byte limit`);
      const bytes = allocate(name, size, () => new Uint8Array(size));
      await readExactly(fh, bytes, offset);
      return bytes;
    },
    async readVolume(name, bytes, signal = opts.signal, onBytes) {
      const { offset, size } = locate(name);
      if (size !== bytes) fail(`member '${printable(name)}' is ${size} bytes, expected ${bytes}`);
      const shared = allocate(name, bytes, () => new SharedArrayBuffer(bytes));
      let next = 0;
      let done = 0;
      let failed = false;
      // Each loop claims the next chunk until none is left (or another loop failed).
      const loop = async () => {
        while (next < bytes && !failed) {
          throwIfAborted(signal);
          const start = next;
          const end = Math.min(bytes, start + VOLUME_CHUNK);
          next = end;
          // Views per chunk: one Uint8Array cannot span more than 4 GiB.
          try {
            await readExactly(fh, new Uint8Array(shared, start, end - start), offset + start);
          } catch (e) {
            failed = true;
            throw e;
          }
          done += end - start;
          onBytes?.(shared, start, end);
          opts.onProgress?.({ stage: 'reading', fraction: done / bytes });
        }
      };
      await Promise.all(Array.from({ length: QUEUED_READS }, loop));
      return shared;
    },
  };
}
