/**
 * The app:// protocol: serves out/renderer (the UI) and prepared-volume blobs, with the CSP
 * as a response header. The scheme must be registered as privileged before `ready`
 * (registerAppScheme) and handled after it (handleAppProtocol). Mapping rules live in
 * protocol-map.ts (pure, unit-tested).
 */
import { protocol, type Session } from 'electron';
import { readFile } from 'node:fs/promises';
import { APP_SCHEME, contentTypeFor, routeAppUrl, securityHeaders, volumeResponse } from './protocol-map';
import type { VolumeStore } from './volume-store';

/** Before app `ready`: a standard, secure origin with fetch support (not file://). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // corsEnabled: module scripts are fetched in CORS mode; our responses carry no
      // Access-Control-Allow-Origin, so no other origin can read them.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true },
    },
  ]);
}

function reject(status: number, reason: string): Response {
  return new Response(reason, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/** After `ready`: answers app://hounsfield/… from `rendererRoot` and the volume store. */
export function handleAppProtocol(session: Session, rendererRoot: string, volumes: VolumeStore): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET') return reject(405, 'method not allowed');
    const route = routeAppUrl(request.url, rendererRoot);
    if (route.kind === 'reject') return reject(404, route.reason);
    if (route.kind === 'volume') {
      const bytes = volumes.take(route.token);
      if (!bytes) return reject(404, 'volume expired');
      return volumeResponse(bytes);
    }
    try {
      const body = await readFile(route.file);
      return new Response(new Uint8Array(body), { headers: securityHeaders(contentTypeFor(route.file)) });
    } catch {
      return reject(404, 'not found');
    }
  });
}
