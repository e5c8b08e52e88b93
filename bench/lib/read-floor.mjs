#!/usr/bin/env node
/**
 * The floor of the plain-tar read method issue #2 prescribes, for bench/open.mjs: a bare `node`
 * that finds matrix.dat's data by walking the tar headers, then reads it with positional reads
 * straight into a SharedArrayBuffer (8 MiB reads, 16 queued, as src/main/scan/inv3/plain-tar.ts
 * does) — and nothing else: no plist, no validation, no histogram, no worker threads.
 * `hounsfield prepare` cannot be faster than this; its ratio to `tar xf` is the lowest the
 * method can reach on this machine.
 *
 *   node bench/lib/read-floor.mjs <plain.inv3>   (prints the bytes read)
 */
import { open } from 'node:fs/promises';

const CHUNK = 8 * 1024 * 1024;
const QUEUED = 16;

const fh = await open(process.argv[2], 'r');
const { size: fileSize } = await fh.stat();
const header = Buffer.alloc(512);
let pos = 0;
let member = null;
while (!member && pos + 512 <= fileSize) {
  await fh.read(header, 0, 512, pos);
  const name = header.toString('latin1', 0, 100).replace(/\0.*$/s, '');
  const size = parseInt(header.toString('latin1', 124, 136), 8) || 0;
  pos += 512;
  if (name.endsWith('matrix.dat')) member = { offset: pos, size };
  pos += Math.ceil(size / 512) * 512;
}
if (!member) throw new Error('no matrix.dat');

const shared = new SharedArrayBuffer(member.size);
let next = 0;
const loop = async () => {
  while (next < member.size) {
    const start = next;
    const end = Math.min(member.size, start + CHUNK);
    next = end;
    for (let done = start; done < end; ) {
      const { bytesRead } = await fh.read(new Uint8Array(shared, done, end - done), 0, end - done, member.offset + done);
      if (bytesRead === 0) throw new Error('truncated');
      done += bytesRead;
    }
  }
};
await Promise.all(Array.from({ length: QUEUED }, loop));
console.log(shared.byteLength);
process.exit(0);
