/**
 * BundleSource: the web bundle's VolumeSource. Reads the header and payload script elements
 * of this very page, unescapes, inflates and un-predicts the voxel codes, and hands the
 * PreparedVolume to the viewer, exactly as the Electron preload would.
 */
import type { PreparedVolume, Progress, VolumeSource } from '../shared/prepared';
import type { BundleHeader } from './codec/container';
import { decodeBundle } from './codec/decode';
import { HEADER_ID, PAYLOAD_ID } from './codec/html-parts';
import { inflateRaw } from './codec/inflate';
import { unescapeText } from './codec/text-safe';

/** This page's header JSON, parsed (or why it could not be). */
type HeaderRead = { json: unknown } | { error: Error };

function readHeader(doc: Document): HeaderRead {
  const el = doc.getElementById(HEADER_ID);
  if (!el) return { error: new Error('the page holds no volume') };
  try {
    return { json: JSON.parse(el.textContent ?? '') as unknown };
  } catch (e) {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  }
}

export class BundleSource implements VolumeSource {
  private volumeCbs: ((v: PreparedVolume) => void)[] = [];
  private progressCbs: ((p: Progress) => void)[] = [];
  private errorCbs: ((m: string) => void)[] = [];
  /** Resolves with the decoded bundle (also for the About box and tests). */
  readonly ready: Promise<{ header: BundleHeader; prepared: PreparedVolume }>;
  /**
   * The exporter's view (BundleHeader.view), known at once so the viewer opens on it rather than
   * switching after the first frame; undefined when there is none (or the header is bad: `ready`
   * reports that). The viewer drops what it cannot use.
   */
  readonly view: Record<string, unknown> | undefined;

  constructor(doc: Document = document) {
    const header = readHeader(doc);
    const view = 'json' in header ? (header.json as { view?: unknown } | null)?.view : undefined;
    this.view = typeof view === 'object' && view !== null && !Array.isArray(view) ? (view as Record<string, unknown>) : undefined;
    this.ready = this.load(doc, header);
    this.ready.then(
      ({ prepared }) => this.volumeCbs.forEach((cb) => cb(prepared)),
      (e: unknown) => this.errorCbs.forEach((cb) => cb(`Cannot open this bundle: ${e instanceof Error ? e.message : String(e)}`)),
    );
  }

  onVolume(cb: (volume: PreparedVolume) => void): void {
    this.volumeCbs.push(cb);
  }
  onProgress(cb: (progress: Progress) => void): void {
    this.progressCbs.push(cb);
  }
  onError(cb: (message: string) => void): void {
    this.errorCbs.push(cb);
  }

  private progress(stage: string, fraction: number): void {
    this.progressCbs.forEach((cb) => cb({ stage, fraction }));
  }

  private async load(doc: Document, header: HeaderRead): Promise<{ header: BundleHeader; prepared: PreparedVolume }> {
    // Let the viewer subscribe before the first event.
    await Promise.resolve();
    const payloadEl = doc.getElementById(PAYLOAD_ID);
    if (!payloadEl) throw new Error('the page holds no volume');
    if ('error' in header) throw header.error;
    this.progress('decoding', 0.1);
    const payload = unescapeText(payloadEl.textContent ?? '');
    this.progress('decoding', 0.4);
    const result = await decodeBundle(header.json, payload, inflateRaw);
    this.progress('decoding', 1);
    return result;
  }
}
