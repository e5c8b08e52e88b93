/**
 * VolumeSource over the preload API: a volume event carries a same-origin URL whose body is
 * the encoded PreparedVolume, fetched once into one ArrayBuffer and decoded in place
 * (decodePrepared returns views, no copy). A volume that arrives after a newer open started
 * is dropped.
 *
 * Load progress and pipeline errors are shown by the app shell (progress bar with Cancel,
 * error banner), not fed to the viewer's own overlay: that overlay has no "load cancelled"
 * state and would keep showing the last stage. Only transfer errors (fetch/decode) go to
 * onError here.
 */
import type { PreparedVolume, Progress, VolumeSource } from '../../shared/prepared';
import type { HounsfieldApi, ViewState } from '../../shared/api';
import { decodePrepared } from '../../shared/serialize';

export interface ApiSource extends VolumeSource {
  /** Called after the viewer got the volume, with the view state saved for this scan. */
  onVolumeShown(cb: (volume: PreparedVolume, viewState: ViewState | null) => void): void;
}

export type FetchBytes = (url: string) => Promise<ArrayBuffer>;

const defaultFetch: FetchBytes = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`volume transfer failed (${res.status})`);
  return res.arrayBuffer();
};

export function createApiSource(api: HounsfieldApi, fetchBytes: FetchBytes = defaultFetch): ApiSource {
  const volumeCbs: ((v: PreparedVolume) => void)[] = [];
  const shownCbs: ((v: PreparedVolume, s: ViewState | null) => void)[] = [];
  const errorCbs: ((m: string) => void)[] = [];
  let latest = 0;

  api.onOpening((e) => {
    latest = e.id;
  });
  api.onVolume(async (e) => {
    try {
      const buf = await fetchBytes(e.url);
      if (e.id !== latest) return; // a newer open started meanwhile
      if (buf.byteLength !== e.byteLength) throw new Error(`volume transfer incomplete (${buf.byteLength} of ${e.byteLength} bytes)`);
      const volume = decodePrepared(new Uint8Array(buf));
      volumeCbs.forEach((cb) => cb(volume));
      shownCbs.forEach((cb) => cb(volume, e.viewState));
    } catch (err) {
      errorCbs.forEach((cb) => cb(err instanceof Error ? err.message : String(err)));
    }
  });

  return {
    onVolume: (cb) => void volumeCbs.push(cb),
    onProgress: (_cb: (p: Progress) => void) => undefined, // see the note at the top
    onError: (cb) => void errorCbs.push(cb),
    onVolumeShown: (cb) => void shownCbs.push(cb),
  };
}
