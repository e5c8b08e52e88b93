import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createApi } from '../../../src/preload/create-api';
import { EVENTS, INVOKE, type IpcLike } from '../../../src/shared/api';
import { decideDrop } from '../../../src/renderer/app/drop-rules';
import { CSP } from '../../../src/main/app/protocol-map';
import { seriesLabel } from '../../../src/renderer/app/series-picker';

function fakeIpc() {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const ipc: IpcLike = {
    invoke: async (channel, ...args) => {
      invoked.push([channel, args]);
      return channel === INVOKE.exportBundle ? { path: '/out.html' } : undefined;
    },
    on: (channel, l) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(l);
      return () => listeners.get(channel)!.delete(l);
    },
  };
  const fire = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload));
  return { ipc, invoked, fire, listeners };
}

describe('createApi (the preload API factory)', () => {
  it('maps every method onto its channel with the arguments unchanged', async () => {
    const f = fakeIpc();
    const api = createApi(f.ipc, () => '/x');
    await api.openPaths(['/a.inv3']);
    await api.openDialog('folder');
    await api.cancel();
    await api.chooseSeries('1.2');
    expect(await api.exportBundle({ grid: 256, bits: 8, keepIdentity: false })).toEqual({ path: '/out.html' });
    const png = new Uint8Array([1, 2]);
    await api.saveScreenshot(png);
    await api.saveViewState({ mode: 'dvr' });
    expect(f.invoked).toEqual([
      [INVOKE.open, [['/a.inv3']]],
      [INVOKE.openDialog, ['folder']],
      [INVOKE.cancel, []],
      [INVOKE.chooseSeries, ['1.2']],
      [INVOKE.exportBundle, [{ grid: 256, bits: 8, keepIdentity: false }]],
      [INVOKE.saveScreenshot, [png]],
      [INVOKE.saveViewState, [{ mode: 'dvr' }]],
    ]);
  });

  it('exposes only functions (no transport object), delivers payloads only, and unsubscribes', () => {
    const f = fakeIpc();
    const api = createApi(f.ipc, () => '');
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    const got: unknown[] = [];
    const off = api.onProgress((p) => got.push(p));
    f.fire(EVENTS.progress, { id: 1, stage: 'reading', fraction: 0.5 });
    off();
    f.fire(EVENTS.progress, { id: 1, stage: 'reading', fraction: 0.9 });
    expect(got).toEqual([{ id: 1, stage: 'reading', fraction: 0.5 }]);
    expect(() => api.onVolume('nope' as never)).toThrow(TypeError);
  });

  it('pathForFile never throws and never returns undefined', () => {
    const throwing = createApi(fakeIpc().ipc, () => {
      throw new Error('not a real File');
    });
    expect(throwing.pathForFile({} as File)).toBe('');
    const empty = createApi(fakeIpc().ipc, () => undefined as unknown as string);
    expect(empty.pathForFile({} as File)).toBe('');
  });
});

describe('drop rules', () => {
  const item = (p: string) => ({ path: p, name: path.basename(p) });
  it('accepts one project/NIfTI, a folder, or several DICOM files', () => {
    expect(decideDrop([item('/s/head.inv3')])).toEqual({ kind: 'open', paths: ['/s/head.inv3'] });
    expect(decideDrop([item('/s/dicom')])).toEqual({ kind: 'open', paths: ['/s/dicom'] });
    expect(decideDrop([item('/d/I10'), item('/d/I20'), item('/d/I10')])).toEqual({ kind: 'open', paths: ['/d/I10', '/d/I20'] });
  });
  it('refuses items without a path, obvious non-scans, and projects mixed with other files', () => {
    expect(decideDrop([])).toMatchObject({ kind: 'reject' });
    expect(decideDrop([{ path: '', name: 'image.png' }])).toMatchObject({ kind: 'reject', message: expect.stringContaining('not a file on disk') });
    expect(decideDrop([item('/s/report.pdf')])).toMatchObject({ kind: 'reject', message: expect.stringContaining('“report.pdf” is not a CT scan') });
    expect(decideDrop([item('/s/a.inv3'), item('/s/b.inv3')])).toMatchObject({ kind: 'reject', message: expect.stringContaining('on its own') });
    expect(decideDrop([item('/d/I10'), item('/s/x.nii.gz')])).toMatchObject({ kind: 'reject' });
  });
  it('series labels', () => {
    expect(seriesLabel({ uid: '1', description: 'STD BRAIN 5MM', count: 28 })).toBe('STD BRAIN 5MM — 28 images');
    expect(seriesLabel({ uid: '1', description: ' ', count: 1 })).toBe('Unnamed series — 1 image');
  });
});

describe('CSP', () => {
  it('index.html carries the same policy as the protocol header (minus frame-ancestors, which meta cannot set)', () => {
    const html = readFileSync(path.resolve(__dirname, '../../../src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const header = CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');
    expect(meta).toBe(header);
  });
});

describe('api source (renderer side of the volume transfer)', () => {
  it('fetches the announced URL once, decodes it, and drops volumes of superseded opens', async () => {
    const { createApiSource } = await import('../../../src/renderer/app/api-source');
    const { encodePrepared } = await import('../../../src/shared/serialize');
    const f = fakeIpc();
    const api = createApi(f.ipc, () => '');
    const volume = {
      shape: [1, 1, 2],
      spacing: [1, 1, 1],
      voxelToPatient: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
      format: 'u8',
      data: new Uint8Array([3, 4]),
      histogram: { min: 3, max: 4, binWidth: 1, counts: new Uint32Array([1, 1]), mean: 3.5, total: 2 },
      window: { level: 0, width: 1 },
      sourceShape: [1, 1, 2],
      sourceSpacing: [1, 1, 1],
      meta: { name: 'tiny', modality: 'CT', sourceFormat: 'test', isHU: false, warnings: [] },
      masks: [],
      surfaces: [],
      measurements: [],
    } as const;
    const bytes = encodePrepared(volume as never);
    const fetched: string[] = [];
    const source = createApiSource(api, async (url) => {
      fetched.push(url);
      return bytes.slice().buffer;
    });
    const shown: [string, unknown][] = [];
    const errors: string[] = [];
    source.onVolumeShown((v, s) => shown.push([v.meta.name, s]));
    source.onError((m) => errors.push(m));
    f.fire(EVENTS.opening, { id: 1, name: 'a' });
    f.fire(EVENTS.opening, { id: 2, name: 'b' }); // a newer open started
    f.fire(EVENTS.volume, { id: 1, url: '/volume/old', byteLength: bytes.byteLength, name: 'a', viewState: null });
    f.fire(EVENTS.volume, { id: 2, url: '/volume/new', byteLength: bytes.byteLength, name: 'b', viewState: { mode: 'mip' } });
    await new Promise((r) => setTimeout(r, 10));
    f.fire(EVENTS.opening, { id: 3, name: 'c' });
    f.fire(EVENTS.volume, { id: 3, url: '/volume/short', byteLength: bytes.byteLength + 1, name: 'c', viewState: null });
    await new Promise((r) => setTimeout(r, 10));
    expect(fetched).toEqual(['/volume/old', '/volume/new', '/volume/short']);
    expect(shown).toEqual([['tiny', { mode: 'mip' }]]);
    expect(errors).toEqual([`volume transfer incomplete (${bytes.byteLength} of ${bytes.byteLength + 1} bytes)`]);
  });
});
