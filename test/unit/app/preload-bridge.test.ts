/**
 * The BUILT preload (out/preload/index.cjs) run the way Electron runs a sandboxed preload: in a
 * context of its own, whose `require` knows only 'electron'. Electron is faked (the binary
 * cannot be downloaded here): contextBridge records what is exposed, ipcRenderer carries
 * invokes to the BUILT main process (fixtures/main-process.ts) and its events back. The page's
 * API, window.hounsfield, then drives the real main process and pipeline end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { API_GLOBAL, EVENTS, type HounsfieldApi, type IpcLike, type VolumeEvent } from '../../../src/shared/api';
import { createApi } from '../../../src/preload/create-api';
import { APP_ENTRY } from '../../../src/main/app/protocol-map';
import { decodePrepared } from '../../../src/shared/serialize';
import { INV3_GZ, INV3_PLAIN, reference } from '../data';
import { MainProcess, repo } from './fixtures/main-process';

const preloadScript = path.join(repo, 'out/preload/index.cjs');

/** Runs the built preload against a fake Electron whose IPC reaches `main`. */
function runPreload(main: MainProcess) {
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const fromMain = new EventEmitter();
  main.onEvent((e) => fromMain.emit(e.channel, { sender: 'the IpcRenderer the page must not get' }, e.payload));
  const electron = {
    contextBridge: { exposeInMainWorld: (name: string, api: unknown) => exposed.set(name, api) },
    ipcRenderer: {
      // what Electron does for a page of our window: the sender frame is the app's top frame
      async invoke(channel: string, ...args: unknown[]) {
        const r = await main.request('invoke', { channel, frameUrl: APP_ENTRY, args });
        if (!r.resolved) throw new Error(r.error);
        return r.value;
      },
      on: (channel: string, fn: (...a: unknown[]) => void) => fromMain.on(channel, fn),
      removeListener: (channel: string, fn: (...a: unknown[]) => void) => fromMain.removeListener(channel, fn),
    },
    webUtils: { getPathForFile: (file: { fakePath?: string }) => file.fakePath ?? '' },
  };
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require '${id}'`);
  };
  const module = { exports: {} };
  const source = readFileSync(preloadScript, 'utf8');
  // Web globals a preload has in a renderer; no Node ones (process, Buffer, require.resolve …).
  const context = { console, URL, TextEncoder, TextDecoder, setTimeout, clearTimeout, queueMicrotask };
  vm.runInNewContext(`(function (require, module, exports) {\n${source}\n})`, context, { filename: preloadScript })(sandboxRequire, module, module.exports);
  return { exposed, required, fromMain };
}

/** Resolves with the first payload `subscribe` delivers, and the arguments it came with. */
function next<T>(subscribe: (cb: (p: T) => void) => () => void, match: (p: T) => boolean = () => true): Promise<{ payload: T; args: number }> {
  return new Promise((resolve) => {
    const off = subscribe(function (this: unknown, p: T) {
      if (!match(p)) return;
      off();
      resolve({ payload: p, args: arguments.length });
    });
  });
}

describe('the built preload, wired to the built main process', () => {
  let main: MainProcess;
  let userData: string;
  let bridge: ReturnType<typeof runPreload>;
  let api: HounsfieldApi;

  beforeAll(async () => {
    if (!existsSync(preloadScript)) throw new Error('out/preload/index.cjs is missing: run `npm run build` first');
    userData = mkdtempSync(path.join(tmpdir(), 'hf-preload-'));
    main = MainProcess.start([], userData);
    await main.windowReady();
    bridge = runPreload(main);
    api = bridge.exposed.get(API_GLOBAL) as HounsfieldApi;
  });
  afterAll(() => {
    main?.stop();
    rmSync(userData, { recursive: true, force: true });
  });

  it('requires only electron and exposes one object, with exactly the methods of createApi', () => {
    expect(bridge.required).toEqual(['electron']);
    expect([...bridge.exposed.keys()]).toEqual([API_GLOBAL]);
    const reference = createApi({} as IpcLike, () => '');
    expect(Object.keys(api).sort()).toEqual(Object.keys(reference).sort());
    for (const key of Object.keys(api)) expect(typeof (api as unknown as Record<string, unknown>)[key], key).toBe('function');
    expect(api.pathForFile({ fakePath: '/data/head.inv3' } as unknown as File)).toBe('/data/head.inv3');
  });

  it('opens a scan through the page API and hands the page payloads only', async () => {
    const opening = next(api.onOpening);
    const volume = next<VolumeEvent>(api.onVolume);
    await api.openPaths([INV3_GZ]);
    expect((await opening).payload.name).toBe(path.basename(INV3_GZ));
    const got = await volume;
    expect(got.args).toBe(1); // the Electron event object never reaches the page
    const url = new URL(got.payload.url, APP_ENTRY).href;
    const prepared = decodePrepared((await main.request('fetch', { url })).body);
    expect(prepared.shape).toEqual(reference('inv3_philips-std-brain-5mm_bone-skin-surfaces-measures_gz.json').main_plist.matrix.shape);
    // every listener the API added is gone once its subscription ends
    for (const channel of Object.values(EVENTS)) expect(bridge.fromMain.listenerCount(channel), channel).toBe(0);
  });

  it("main's refusals reach the page as rejected promises, and the app goes on", async () => {
    await expect(api.openPaths(['/no/such/scan.inv3'])).rejects.toThrow();
    await expect(api.openPaths('not a list' as unknown as string[])).rejects.toThrow();
    await expect(api.saveViewState({ mode: 'dvr', window: { level: Number.NaN, width: 400 } } as never)).rejects.toThrow();
    const volume = next<VolumeEvent>(api.onVolume);
    await api.openPaths([INV3_PLAIN]);
    expect((await volume).payload.byteLength).toBeGreaterThan(0);
  });
});
