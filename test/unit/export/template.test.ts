/**
 * The built viewer template (out/bundle/viewer.html, from `npm run build`) and exportBundle's
 * contract: nothing in the template can make a request, the viewer code inside unpacks to
 * the real viewer, cancelling leaves no file, progress runs forward to 1.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readTemplate } from '../../../src/main/export/html';
import { exportBundle } from '../../../src/main/export';
import { unescapeText } from '../../../src/bundle/codec/text-safe';
import { inflateFallback } from '../../../src/bundle/codec/inflate';
import type { Progress } from '../../../src/shared/prepared';
import { NIFTI } from '../data';

describe('viewer template', () => {
  const html = readTemplate();

  test('declares windows-1252 first, forbids every network request, loads nothing by URL', () => {
    expect(html.indexOf('<meta charset="windows-1252">')).toBeLessThan(1024);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none';[^"]*connect-src 'none'/);
    // only the loader and the viewer code may run, by hash
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+';/);
    const outsideCode = html.replace(/(<script type="application\/octet-stream"[^>]*>)[^]*?<\/script>/g, '$1</script>');
    for (const bad of [/<link\b/i, /<script[^>]+\bsrc=/i, /<img\b/i, /<iframe\b/i, /@import/i, /url\((?!data:)/i, /modulepreload/i]) {
      expect(outsideCode).not.toMatch(bad);
    }
  });

  test('the packed viewer code unpacks to the viewer (three.js raymarcher + panels)', () => {
    const m = /<script type="application\/octet-stream" id="hf-viewer-code" data-raw-length="(\d+)">([^]*?)<\/script>/.exec(html);
    expect(m).not.toBeNull();
    const bytes = inflateFallback(unescapeText(m![2]), Number(m![1]));
    expect(bytes.length).toBe(Number(m![1]));
    const code = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    expect(code).toContain('hf-viewer');
    expect(code).toContain('window-preset');
    expect(code).toContain('hf-header');
  });
});

describe('exportBundle contract', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hf-export-contract-'));

  test('progress runs forward to 1 through every stage', async () => {
    const seen: Progress[] = [];
    const r = await exportBundle(NIFTI, { output: path.join(dir, 'p.html'), grid: 32, onProgress: (p) => seen.push(p) });
    expect(r.shape.every((n) => n <= 32)).toBe(true);
    expect(seen.at(-1)!.fraction).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction);
    expect(new Set(seen.map((p) => p.stage))).toEqual(new Set(['reading', 'preparing', 'compressing', 'writing']));
  });

  test('a cancelled export rejects and writes nothing', async () => {
    const controller = new AbortController();
    const output = path.join(dir, 'cancelled.html');
    const pending = exportBundle(NIFTI, { output, signal: controller.signal, onProgress: (p) => p.stage === 'preparing' && controller.abort() });
    await expect(pending).rejects.toThrow(/cancel|abort/i);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
