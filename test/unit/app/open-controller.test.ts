import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { OpenController, errorLine, selectionName, type Opener } from '../../../src/main/app/open-controller';
import { VolumeStore } from '../../../src/main/app/volume-store';
import { pipelineDeps } from '../../../src/main/app/pipeline';
import { routeAppUrl, volumeResponse, APP_ORIGIN } from '../../../src/main/app/protocol-map';
import { WorkerPool } from '../../../src/main/workers/pool';
import { ScanError, CancelledError } from '../../../src/main/scan/errors';
import { decodePrepared, encodePrepared } from '../../../src/shared/serialize';
import type { AppEvent, VolumeEvent } from '../../../src/shared/api';
import type { PreparedVolume } from '../../../src/shared/prepared';
import type { SeriesInfo } from '../../../src/shared/volume';
import { DICOM_DIR, INV3_PLAIN, NIFTI, dataPath } from '../data';

/** A tiny but complete PreparedVolume for the fake opener. */
function fakePrepared(name: string): PreparedVolume {
  return {
    shape: [2, 2, 2],
    spacing: [1, 1, 1],
    voxelToPatient: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    format: 'u8',
    data: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]),
    mapping: { huMin: -1000, huMax: 1000 },
    histogram: { min: 0, max: 7, binWidth: 1, counts: new Uint32Array(8).fill(1), mean: 3.5, total: 8 },
    window: { level: 40, width: 80 },
    sourceShape: [2, 2, 2],
    sourceSpacing: [1, 1, 1],
    meta: { name, modality: 'CT', sourceFormat: 'test', isHU: true, warnings: [] },
    masks: [],
    surfaces: [],
    measurements: [],
  };
}

/** Opener whose opens finish only when the test says so. */
function manualOpener() {
  const pending: { paths: string[]; resolve: (v: PreparedVolume) => void; reject: (e: unknown) => void; seriesUid?: string }[] = [];
  const opener: Opener = {
    open: (paths, opts) =>
      new Promise((resolve, reject) => {
        opts.onProgress?.({ stage: 'reading', fraction: 0.1 });
        opts.onProgress?.({ stage: 'reading', fraction: 0.2 }); // thinned (same stage, too soon)
        opts.onProgress?.({ stage: 'resampling', fraction: 0.6 });
        pending.push({ paths, resolve, reject, seriesUid: opts.seriesUid });
        opts.signal?.addEventListener('abort', () => reject(new CancelledError()));
      }),
  };
  return { opener, pending };
}

function setup(series: SeriesInfo[] = []) {
  const events: AppEvent[] = [];
  const { opener, pending } = manualOpener();
  const volumes = new VolumeStore();
  const views = new Map<string, unknown>();
  const opened: string[][] = [];
  const c = new OpenController({
    opener,
    listSeries: async () => series,
    encode: encodePrepared,
    volumes,
    emit: (e) => events.push(e),
    state: { viewState: (k) => (views.get(k) as never) ?? null, setViewState: (k, v) => void views.set(k, v) },
    scanKey: (f) => `key:${f}`,
    onOpened: (p) => opened.push(p),
    progressIntervalMs: 10_000,
  });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { c, events, pending, volumes, views, opened, tick, channels: () => events.map((e) => e.channel) };
}

// The controller checks that paths exist; these stand-ins are real files/folders.
const A = NIFTI;
const B = INV3_PLAIN;

describe('open controller', () => {
  it('opening → progress (thinned) → volume with a one-time URL; remembers the scan', async () => {
    const t = setup();
    const done = t.c.open([A]);
    await t.tick();
    t.pending[0].resolve(fakePrepared('A'));
    await done;
    expect(t.channels()).toEqual(['hf:opening', 'hf:progress', 'hf:progress', 'hf:volume']);
    expect(t.events[0].payload).toEqual({ id: 1, name: path.basename(A) });
    const vol = t.events[3].payload as VolumeEvent;
    expect(vol.name).toBe('A');
    expect(vol.viewState).toBeNull();
    const route = routeAppUrl(`${APP_ORIGIN}${vol.url}`, '/nowhere');
    expect(route.kind).toBe('volume');
    const bytes = t.volumes.take((route as { token: string }).token)!;
    expect(bytes.byteLength).toBe(vol.byteLength);
    expect(decodePrepared(bytes).meta.name).toBe('A');
    expect(t.opened).toEqual([[A]]);
    // view state is stored under the shown scan's key and handed back on the next open of it
    t.c.saveViewState({ mode: 'mip' });
    expect(t.views.get(`key:${A}`)).toEqual({ mode: 'mip' });
    const again = t.c.open([A]);
    await t.tick();
    t.pending[1].resolve(fakePrepared('A'));
    await again;
    expect((t.events.at(-1)!.payload as VolumeEvent).viewState).toEqual({ mode: 'mip' });
  });

  it('a new open cancels the current one: the old result never reaches the renderer', async () => {
    const t = setup();
    const first = t.c.open([A]);
    await t.tick();
    const second = t.c.open([B]);
    await t.tick();
    t.pending[0].resolve(fakePrepared('A')); // too late: already rejected by the abort
    t.pending[1].resolve(fakePrepared('B'));
    await Promise.all([first, second]);
    const volumesShown = t.events.filter((e) => e.channel === 'hf:volume').map((e) => (e.payload as VolumeEvent).name);
    expect(volumesShown).toEqual(['B']);
    expect(t.events.find((e) => e.channel === 'hf:idle')!.payload).toEqual({ id: 1 });
    expect(t.c.busy).toBe(false);
  });

  it('cancel() stops the load and reports idle; errors become one line', async () => {
    const t = setup();
    const a = t.c.open([A]);
    await t.tick();
    t.c.cancel();
    await a;
    expect(t.channels().at(-1)).toBe('hf:idle');
    const b = t.c.open([B]);
    await t.tick();
    t.pending[1].reject(new ScanError('/scans/bad.inv3', 'not a tar archive\nsecond line')); // as a reader would
    await b;
    expect(t.events.at(-1)).toEqual({ channel: 'hf:error', payload: { id: 2, message: '/scans/bad.inv3: not a tar archive' } });
    expect(errorLine(new TypeError('x is undefined'))).toBe('internal error: x is undefined');
    expect(selectionName(['/d/1.dcm', '/d/2.dcm'])).toBe('2 files');
    const gone = t.c.open(['/scans/deleted-since.inv3']); // e.g. a stale Open Recent entry
    await gone;
    expect(t.events.at(-1)).toEqual({ channel: 'hf:error', payload: { id: 3, message: '/scans/deleted-since.inv3: no such file or folder' } });
    expect(t.pending.length).toBe(2); // nothing was started for it
  });

  it('several series: asks, then opens the chosen one; null cancels', async () => {
    const series = [
      { uid: '1.2.3', description: 'Axial', count: 100 },
      { uid: '1.2.4', description: 'Scout', count: 2 },
    ];
    const t = setup(series);
    const a = t.c.open([DICOM_DIR]);
    await t.tick();
    expect(t.events.at(-1)).toEqual({ channel: 'hf:series', payload: { id: 1, series } });
    t.c.chooseSeries('1.2.4');
    await t.tick();
    expect(t.pending[0].seriesUid).toBe('1.2.4');
    t.pending[0].resolve(fakePrepared('Scout'));
    await a;
    const b = t.c.open([DICOM_DIR]);
    await t.tick();
    t.c.chooseSeries(null);
    await b;
    expect(t.channels().at(-1)).toBe('hf:idle');
    expect(t.pending.length).toBe(1); // nothing was opened for the cancelled choice
    const c = t.c.open([DICOM_DIR]);
    await t.tick();
    t.c.chooseSeries('9.9.9'); // not offered
    await c;
    expect(t.events.at(-1)!.channel).toBe('hf:error');
  });
});

describe('volume transfer with the real pipeline', () => {
  const pool = new WorkerPool(2);
  afterAll(() => pool.close());

  it('NIfTI: prepared → encode → served by the protocol → fetched → decoded equals the prepared volume', async () => {
    const events: AppEvent[] = [];
    const volumes = new VolumeStore();
    const deps = pipelineDeps(pool);
    let prepared: PreparedVolume | null = null;
    const c = new OpenController({
      ...deps,
      encode: (v) => {
        prepared = v;
        return deps.encode(v);
      },
      volumes,
      emit: (e) => events.push(e),
    });
    await c.open([NIFTI]);
    const vol = events.find((e) => e.channel === 'hf:volume')?.payload as VolumeEvent;
    expect(vol, JSON.stringify(events.filter((e) => e.channel === 'hf:error'))).toBeDefined();
    const route = routeAppUrl(`${APP_ORIGIN}${vol.url}`, '/nowhere') as { kind: 'volume'; token: string };
    const res = volumeResponse(volumes.take(route.token)!);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const decoded = decodePrepared(new Uint8Array(await res.arrayBuffer()));
    const p = prepared!;
    expect(decoded.shape).toEqual(p.shape);
    expect(decoded.shape).toEqual([58, 248, 175]); // CT_pitch: 175×248×58, no resampling needed
    expect(decoded.spacing).toEqual(p.spacing);
    expect(decoded.voxelToPatient).toEqual(p.voxelToPatient);
    expect(decoded.format).toBe(p.format);
    expect(decoded.data.constructor).toBe(p.data.constructor);
    expect(Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength).equals(Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength))).toBe(true);
    expect(Array.from(decoded.histogram.counts)).toEqual(Array.from(p.histogram.counts));
    expect(decoded.meta).toEqual(p.meta);
    expect(decoded.meta.isHU).toBe(false); // uint8 NIfTI: honest label
    expect(volumes.size).toBe(0); // served once, then gone
  });

  it('cancelling mid-pipeline (at the first progress report) ends in idle, and the pool still works after', async () => {
    const events: AppEvent[] = [];
    let c: OpenController | null = null;
    c = new OpenController({
      ...pipelineDeps(pool),
      volumes: new VolumeStore(),
      progressIntervalMs: 0,
      emit: (e) => {
        events.push(e);
        if (e.channel === 'hf:progress' && (e.payload as { id: number }).id === 1) c!.cancel();
      },
    });
    await c.open([DICOM_DIR]);
    const first = events.filter((e) => (e.payload as { id: number }).id === 1).map((e) => e.channel);
    expect(first).toContain('hf:progress');
    expect(first.at(-1)).toBe('hf:idle');
    expect(first).not.toContain('hf:volume');
    expect(first).not.toContain('hf:error');
    await c.open([NIFTI]);
    expect(events.at(-1)!.channel).toBe('hf:volume');
  });

  it('a single-series DICOM folder opens without asking; a non-scan gives a one-line ScanError', async () => {
    const events: AppEvent[] = [];
    const c = new OpenController({ ...pipelineDeps(pool), volumes: new VolumeStore(), emit: (e) => events.push(e) });
    await c.open([DICOM_DIR]);
    expect(events.some((e) => e.channel === 'hf:series')).toBe(false);
    expect(events.at(-1)!.channel, JSON.stringify(events.at(-1))).toBe('hf:volume');
    await c.open([dataPath('README.md')]);
    const err = events.at(-1)!;
    expect(err.channel).toBe('hf:error');
    expect((err.payload as { message: string }).message).toContain(path.basename(dataPath('README.md')));
    expect((err.payload as { message: string }).message).not.toMatch(/internal error|\n/);
  });
});
