import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sniff } from '../../src/main/scan/sniff';
import { DICOM_DIR, INV3_GZ, INV3_PLAIN, NIFTI } from './data';

describe('sniff (by content, never by extension)', () => {
  it('recognises the real files', async () => {
    expect(await sniff(INV3_GZ)).toEqual({ kind: 'inv3', container: 'gzip' });
    expect(await sniff(INV3_PLAIN)).toEqual({ kind: 'inv3', container: 'plain' });
    expect(await sniff(NIFTI)).toEqual({ kind: 'nifti', container: 'gzip' });
    expect(await sniff(DICOM_DIR)).toEqual({ kind: 'dicom-folder', container: 'plain' });
    expect(await sniff(path.join(DICOM_DIR, 'I10'))).toEqual({ kind: 'dicom', container: 'plain' });
  });

  it('rejects junk with a one-line reason naming the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hf-sniff-'));
    const junk = path.join(dir, 'scan.inv3');
    writeFileSync(junk, 'hello, not a scan');
    await expect(sniff(junk)).rejects.toThrow(`${junk}: not a recognised scan`);
    const empty = path.join(dir, 'empty.dcm');
    writeFileSync(empty, '');
    await expect(sniff(empty)).rejects.toThrow('file is empty');
    const gz = path.join(dir, 'x.gz');
    writeFileSync(gz, gzipSync(Buffer.alloc(4096, 7)));
    await expect(sniff(gz)).rejects.toThrow('neither an InVesalius project');
    await expect(sniff(path.join(dir, 'missing'))).rejects.toThrow('no such file');
  });
});
