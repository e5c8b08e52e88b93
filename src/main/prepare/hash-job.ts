/**
 * The volume hash job (`hounsfield info`), apart from the prepare jobs so that a worker which
 * only prepares never loads node:crypto (a few ms of every thread's start-up otherwise).
 */
import { createHash } from 'node:crypto';
import type { VoxelArray } from '../../shared/volume';

export const hashJobs = {
  /** SHA-256 of the voxel bytes as stored in memory (little-endian on every supported host). */
  prepSha256(input: { data: VoxelArray }): { hex: string } {
    const { data } = input;
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const hash = createHash('sha256');
    const CHUNK = 64 * 1024 * 1024;
    for (let o = 0; o < bytes.length; o += CHUNK) hash.update(bytes.subarray(o, Math.min(bytes.length, o + CHUNK)));
    return { hex: hash.digest('hex') };
  },
};
