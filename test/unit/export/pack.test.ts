/**
 * Node side of the export on real CT (Philips DICOM series, real prepare pipeline):
 * pack → HTML assembly → read back from the file text with the bundle's own decoder
 * (the same code the page runs, with fflate for inflate) → identical codes and metadata.
 * Also: size against gzip -9 of the raw codes, anonymisation, atomic writes.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareVolume } from '../../../src/main/prepare';
import type { PreparedVolume } from '../../../src/shared/prepared';
import { pack } from '../../../src/main/export/pack';
import { assembleHtml, readTemplate } from '../../../src/main/export/html';
import { anonymise } from '../../../src/main/export/anonymise';
import { exportMapping } from '../../../src/main/export/mapping';
import { writeAtomic } from '../../../src/main/export/write-atomic';
import { PAYLOAD_MARKER, extractParts } from '../../../src/bundle/codec/html-parts';
import { unescapeText } from '../../../src/bundle/codec/text-safe';
import { decodeBundle } from '../../../src/bundle/codec/decode';
import { inflateFallback } from '../../../src/bundle/codec/inflate';
import { getPool, type WorkerPool } from '../../../src/main/workers/pool';
import { DICOM_DIR } from '../data';
import { loadDicomFolder, type DicomFacts } from './dicom-fixture';

const TEMPLATE = `<!doctype html><html><head><meta charset="windows-1252"></head><body>${PAYLOAD_MARKER}<script>/*viewer*/</script></body></html>`;
const fflate = async (d: Uint8Array, n: number) => inflateFallback(d, n);

async function roundTrip(prepared: PreparedVolume, anonymised: boolean, pool?: WorkerPool) {
  const { header, payload } = await pack(prepared, { anonymised, notes: ['note'] }, { pool });
  const html = assembleHtml(TEMPLATE, header, payload);
  const file = Buffer.concat(html.chunks);
  const text = file.toString('latin1');
  const parts = extractParts(text);
  const decoded = await decodeBundle(JSON.parse(parts.headerJson), unescapeText(parts.payloadText), fflate);
  return { file, text, html, payload, decoded, header };
}

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('export packing on real CT', () => {
  let u8: PreparedVolume;
  let u16: PreparedVolume;
  let facts: DicomFacts;
  beforeAll(async () => {
    const loaded = loadDicomFolder(DICOM_DIR);
    facts = loaded.facts;
    u8 = await prepareVolume(loaded.volume, { format: 'u8', maxGrid: 300, u8Mapping: exportMapping(loaded.volume, 8).mapping });
    u16 = await prepareVolume(loaded.volume, { format: 'u16', maxGrid: 300 });
  });

  test('8-bit, slabs encoded on the worker pool: decoded codes equal the prepared codes; embedded payload < 0.85 × gzip -9 of the raw codes', async () => {
    const { decoded, html, payload, header } = await roundTrip(u8, false, getPool());
    expect(header.volume.chunks.length).toBe(Math.min(getPool().size, 28));
    expect(header.volume.chunks.at(-1)!.slices[1]).toBe(28);
    expect(decoded.prepared.format).toBe('u8');
    expect(decoded.prepared.shape).toEqual(u8.shape);
    expect(bytesOf(decoded.prepared.data).equals(bytesOf(u8.data))).toBe(true);
    expect(Array.from(decoded.prepared.histogram.counts)).toEqual(Array.from(u8.histogram.counts));
    expect(decoded.prepared.spacing).toEqual(u8.spacing);
    expect(decoded.prepared.voxelToPatient).toEqual(u8.voxelToPatient);
    const gz9 = gzipSync(bytesOf(u8.data), { level: 9 }).length;
    // escaping costs ~1.6 %
    expect(html.payloadBytes / payload.length).toBeLessThan(1.03);
    expect(html.payloadBytes + html.headerBytes).toBeLessThan(0.85 * gz9);
  });

  test('a truncated payload or a foreign header is refused with a message', async () => {
    const { header, payload } = await pack(u8, { anonymised: true, notes: [] });
    await expect(decodeBundle(header, payload.subarray(0, payload.length - 10), fflate)).rejects.toThrow(/truncated/);
    await expect(decodeBundle({ ...header, format: 'other' }, payload, fflate)).rejects.toThrow(/not a Hounsfield bundle/);
    await expect(decodeBundle({ ...header, version: 99 }, payload, fflate)).rejects.toThrow(/newer/);
  });

  test('slabs that do not tile the grid are refused', async () => {
    const { header, payload } = await pack(u8, { anonymised: true, notes: [] }, { pool: getPool() });
    const broken = JSON.parse(JSON.stringify(header));
    broken.volume.chunks[0].slices[1] -= 1;
    await expect(decodeBundle(broken, payload, fflate)).rejects.toThrow(/slabs|grid/);
  });

  test('16-bit: exact HU survive (code + huMin)', async () => {
    const { decoded } = await roundTrip(u16, false);
    expect(decoded.prepared.format).toBe('u16');
    expect(decoded.prepared.data).toBeInstanceOf(Uint16Array);
    expect(bytesOf(decoded.prepared.data).equals(bytesOf(u16.data))).toBe(true);
    expect(decoded.prepared.mapping).toEqual(u16.mapping);
    // The phantom's HU range −1024…782 (reference JSON) is inside the exact 16-bit codes.
    const d = decoded.prepared.data;
    let max = 0;
    for (let i = 0; i < d.length; i++) if (d[i] > max) max = d[i];
    expect(decoded.prepared.mapping!.huMin).toBe(-1024);
    expect(max + decoded.prepared.mapping!.huMin).toBeLessThanOrEqual(782);
  });

  test('identity is left out of the file unless kept', async () => {
    expect(facts.patientName).toBe('HEAD');
    expect(u8.meta.identity?.patientId).toBe('PLASTIC');
    const anon = await roundTrip(anonymise(u8), true);
    expect(anon.text).not.toContain(facts.patientId);
    expect(anon.html.chunks[1].toString()).not.toContain(facts.patientName);
    expect(anon.decoded.prepared.meta.identity).toBeUndefined();
    expect(anon.decoded.prepared.meta.name).toBe('CT (anonymised)');
    expect(anon.decoded.header.anonymised).toBe(true);

    const kept = await roundTrip(u8, false);
    expect(kept.text).toContain(`"patientId":"${facts.patientId}"`);
    expect(kept.text).toContain(`"patientName":"${facts.patientName}"`);
  });

  test('anonymise scrubs identifiers from other strings, whole words only', () => {
    const meta = { ...u8.meta, name: 'DOE^JANE', identity: { patientName: 'DOE^JANE', patientId: 'X123', birthDate: '19600101' }, warnings: ['slice of DOE^JANE skipped', 'X1234 kept', 'Jane 19600101'], sourcePath: '/scans/doe' };
    const p = { ...u8, meta };
    const a = anonymise(p);
    expect(a.meta.identity).toBeUndefined();
    expect('sourcePath' in a.meta).toBe(false);
    expect(a.meta.warnings).toEqual(['slice of [removed] skipped', 'X1234 kept', '[removed] [removed]']);
    expect(a.data).toBe(p.data);
  });
});

describe('files', () => {
  test('writeAtomic replaces the whole file and leaves no temp behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hf-export-'));
    const file = path.join(dir, 'out.html');
    writeFileSync(file, 'old');
    const n = await writeAtomic(file, [Buffer.from('new '), Buffer.from('content')]);
    expect(n).toBe(11);
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['out.html']);
  });

  test('a missing template fails with a clear message', () => {
    expect(() => readTemplate('/nonexistent/viewer.html')).toThrow(/web-bundle viewer is not built.*npm run build/);
  });
});
