import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { CSP, contentTypeFor, isAppUrl, routeAppPath, routeAppUrl } from '../../../src/main/app/protocol-map';

const root = path.resolve('/srv/app/out/renderer');

describe('app:// routing', () => {
  it('maps app files under the renderer root, index.html by default', () => {
    expect(routeAppUrl('app://hounsfield/', root)).toEqual({ kind: 'file', file: path.join(root, 'index.html') });
    expect(routeAppUrl('app://hounsfield/assets/index-abc.js?x=1#h', root)).toEqual({ kind: 'file', file: path.join(root, 'assets/index-abc.js') });
    expect(routeAppUrl('app://hounsfield/assets/a%20b.css', root)).toEqual({ kind: 'file', file: path.join(root, 'assets/a b.css') });
  });

  it('routes volume tokens (exactly 32 hex digits)', () => {
    const token = 'a'.repeat(32);
    expect(routeAppUrl(`app://hounsfield/volume/${token}`, root)).toEqual({ kind: 'volume', token });
    for (const t of ['a'.repeat(31), 'g'.repeat(32), `${token}/x`, 'A'.repeat(32)]) {
      expect(routeAppUrl(`app://hounsfield/volume/${t}`, root).kind).toBe('reject');
    }
  });

  it('never leaves the root: encoded dots, backslashes, NUL, drive letters', () => {
    const evil = [
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%2E%2E/%2E%2E/secret',
      '/..%2f..%2fetc/passwd',
      '/..%5c..%5cwindows',
      '/a%00.js',
      '/C:/Windows/win.ini',
      '/%E0%A4%A', // malformed escape
    ];
    for (const p of evil) expect(routeAppPath(p, root).kind, p).toBe('reject');
    // the URL parser folds literal dot segments itself; whatever survives must stay inside
    const r = routeAppUrl('app://hounsfield/../../etc/passwd', root);
    if (r.kind === 'file') expect(r.file.startsWith(root + path.sep)).toBe(true);
  });

  it('rejects other schemes, hosts, ports and user info', () => {
    for (const u of ['file:///etc/passwd', 'app://other/index.html', 'app://hounsfield:8080/', 'app://x@hounsfield/', 'https://hounsfield/', 'nonsense']) {
      expect(routeAppUrl(u, root).kind, u).toBe('reject');
      expect(isAppUrl(u), u).toBe(false);
    }
    expect(isAppUrl('app://hounsfield/index.html')).toBe(true);
  });

  it('content types', () => {
    expect(contentTypeFor('/a/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('/a/x.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('/a/blob')).toBe('application/octet-stream');
  });

  it('CSP allows only our origin for scripts and connections, and no eval', () => {
    const directives = Object.fromEntries(CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
