/**
 * The app:// protocol, as pure functions: which URL maps to which file under out/renderer
 * (never outside it), which to a prepared-volume blob, the content types, and the CSP.
 * protocol.ts wires these into Electron; the browser test host uses the same ones.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'hounsfield';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;
/** Prepared volumes are served under this path prefix, one token per volume. */
export const VOLUME_PREFIX = '/volume/';

/**
 * Content Security Policy for the renderer (sent as a header by the protocol handler and
 * repeated as a <meta> tag in index.html). Only our own origin: no eval, no inline script,
 * no remote hosts. three.js/WebGL needs none of those; blob:/data: images are for
 * screenshots and the histogram canvas, blob: workers for any module worker. Inline styles
 * are allowed for the viewer's positioned overlays (styles cannot run code).
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.glsl': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppRoute =
  | { kind: 'file'; file: string }
  | { kind: 'volume'; token: string }
  | { kind: 'reject'; reason: string };

/**
 * Maps a request URL's pathname (already split from the origin) to a route. `root` is the
 * absolute out/renderer folder. Rejects anything that would leave it: `..` (also encoded),
 * NUL, backslashes, absolute-looking segments.
 */
export function routeAppPath(pathname: string, root: string): AppRoute {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'reject', reason: 'malformed escape' };
  }
  if (decoded.includes('\0')) return { kind: 'reject', reason: 'NUL in path' };
  if (decoded.includes('\\')) return { kind: 'reject', reason: 'backslash in path' };
  if (decoded.startsWith(VOLUME_PREFIX)) {
    const token = decoded.slice(VOLUME_PREFIX.length);
    return /^[0-9a-f]{32}$/.test(token) ? { kind: 'volume', token } : { kind: 'reject', reason: 'bad volume token' };
  }
  const segments = decoded.split('/').filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:$/.test(s))) return { kind: 'reject', reason: 'dot segment' };
  const rel = segments.length === 0 ? 'index.html' : segments.join('/');
  const rootAbs = path.resolve(root);
  const file = path.resolve(rootAbs, rel);
  if (file !== rootAbs && !file.startsWith(rootAbs + path.sep)) return { kind: 'reject', reason: 'outside the app' };
  return { kind: 'file', file };
}

/** True for app://hounsfield/… exactly (no user info, no other host or port). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}

/** Full-URL entry point: only app://hounsfield/… is ours. */
export function routeAppUrl(url: string, root: string): AppRoute {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'reject', reason: 'malformed URL' };
  }
  if (!isAppUrl(url)) return { kind: 'reject', reason: 'foreign origin' };
  return routeAppPath(parsed.pathname, root);
}

/** Response headers for everything the protocol serves. */
export function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

/** The response for a volume blob: the bytes as they are (binary, no re-encoding). */
export function volumeResponse(bytes: Uint8Array): Response {
  const body = new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  return new Response(body, {
    headers: { ...securityHeaders('application/octet-stream'), 'Content-Length': String(bytes.byteLength) },
  });
}
