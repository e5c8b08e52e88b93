/**
 * Prepared-volume blobs waiting for the renderer to fetch them (app://hounsfield/volume/<token>).
 *
 * Why a URL and not IPC: Electron's IPC and MessagePortMain structured-clone their payload
 * (MessagePortMain cannot transfer ArrayBuffers at all: electron/electron#34905, #37157), so
 * a 100 MB volume would be serialised through the IPC channel. Served from our protocol it
 * streams through Chromium's network stack straight into one ArrayBuffer in the renderer
 * (`await (await fetch(url)).arrayBuffer()`): one copy, no base64, no JSON.
 *
 * Tokens are random (unguessable), single-use, and at most `capacity` blobs are held, so
 * an abandoned load cannot pin memory.
 */
import { randomBytes } from 'node:crypto';

export class VolumeStore {
  private blobs = new Map<string, Uint8Array>();

  constructor(private readonly capacity = 2) {}

  /** Keeps `bytes` and returns the token to fetch them with. */
  put(bytes: Uint8Array): string {
    const token = randomBytes(16).toString('hex');
    this.blobs.set(token, bytes);
    while (this.blobs.size > this.capacity) {
      const oldest = this.blobs.keys().next().value as string;
      this.blobs.delete(oldest);
    }
    return token;
  }

  /** The bytes for `token`, removed from the store (a token works once). */
  take(token: string): Uint8Array | undefined {
    const bytes = this.blobs.get(token);
    this.blobs.delete(token);
    return bytes;
  }

  get size(): number {
    return this.blobs.size;
  }
}
