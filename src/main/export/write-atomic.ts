/** Write a file as a whole or not at all: temp file in the same directory, then rename. */
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ScanError, throwIfAborted } from '../scan/errors';

export async function writeAtomic(file: string, chunks: Uint8Array[], signal?: AbortSignal): Promise<number> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let bytes = 0;
  const handle = await open(temp, 'wx').catch((e: NodeJS.ErrnoException) => {
    // The user chose an impossible place: bad input, not a bug.
    throw new ScanError(file, e.code === 'ENOENT' ? 'cannot write there: the folder does not exist' : `cannot write there (${e.code ?? e.message})`);
  });
  try {
    for (const chunk of chunks) {
      throwIfAborted(signal);
      await handle.write(chunk);
      bytes += chunk.byteLength;
    }
    await handle.sync();
    await handle.close();
    await rename(temp, file);
    return bytes;
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
