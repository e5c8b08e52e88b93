/**
 * Damaged real files (seeded random byte flips and truncations of shared slices, one per
 * transfer syntax family): each read must end in a volume or a ScanError naming the file —
 * never a crash, a hang or another kind of error.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DICOM_DIR, DICOM_VARIANTS } from '../data';
import { readDicom } from '../../../src/main/scan/dicom';
import { WorkerPool } from '../../../src/main/workers/pool';
import { isScanError } from '../../../src/main/scan/errors';

let pool: WorkerPool;
let root: string;
beforeAll(() => {
  pool = new WorkerPool(2);
  root = mkdtempSync(path.join(tmpdir(), 'dicom-corrupt-'));
});
afterAll(async () => {
  await pool.close();
  rmSync(root, { recursive: true, force: true });
});

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sources = [DICOM_DIR, ...DICOM_VARIANTS].map((d) => path.join(d, 'I150'));

describe.each(sources)('damaged copies of %s', (source) => {
  it('end in a volume or a ScanError naming the file', async () => {
    const original = new Uint8Array(readFileSync(source));
    const random = rng(source.length);
    const outcomes = { ok: 0, scanError: 0 };
    for (let trial = 0; trial < 6; trial++) {
      const bytes = original.slice();
      let damaged: Uint8Array;
      if (trial % 2 === 0) {
        damaged = bytes.subarray(0, 132 + Math.floor(random() * (bytes.length - 132)));
      } else {
        // flip bytes in the header region and in the pixel data
        for (let i = 0; i < 8; i++) bytes[132 + Math.floor(random() * 4000)] ^= 1 + Math.floor(random() * 255);
        for (let i = 0; i < 8; i++) bytes[bytes.length - 1 - Math.floor(random() * (bytes.length / 2))] ^= 1 + Math.floor(random() * 255);
        damaged = bytes;
      }
      const dir = path.join(root, `${path.basename(path.dirname(source))}-${trial}`);
      mkdirSync(dir);
      const file = path.join(dir, 'slice');
      writeFileSync(file, damaged);
      try {
        const v = await readDicom([dir], { pool });
        expect(v.shape[1] * v.shape[2]).toBeGreaterThan(0);
        outcomes.ok++;
      } catch (e) {
        if (!isScanError(e)) throw new Error(`trial ${trial}: not a ScanError: ${String(e)}`);
        expect(e.file).toBe(file);
        expect(e.message).not.toMatch(/\n/);
        outcomes.scanError++;
      }
    }
    expect(outcomes.ok + outcomes.scanError).toBe(6);
    expect(outcomes.scanError).toBeGreaterThan(0); // truncations at least must be caught
  });
});
