/**
 * The BUILT main process (out/main/index.js: lifecycle, window, app:// protocol, IPC, menu)
 * running under plain Node. Electron itself is mocked (fixtures/fake-electron.cjs), because its
 * binary cannot be downloaded here; everything behind it is the real built code: argv handling,
 * the open controller, the pipeline on the worker pool, the volume store, the protocol and IPC
 * checks, opening the real files. `npm run test:electron` runs the same app in real Electron
 * where the binary exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENTS, INVOKE } from '../../../src/shared/api';
import { decodePrepared } from '../../../src/shared/serialize';
import { APP_ENTRY, CSP } from '../../../src/main/app/protocol-map';
import { INV3_GZ, INV3_PLAIN, NIFTI, reference } from '../data';
import { MainProcess, mainScript, repo, volumeOf } from './fixtures/main-process';

describe('the built main process under a fake Electron', () => {
  let main: MainProcess;
  let userData: string;

  beforeAll(() => {
    if (!existsSync(mainScript)) throw new Error('out/main/index.js is missing: run `npm run build` first');
    userData = mkdtempSync(path.join(tmpdir(), 'hf-main-'));
    main = MainProcess.start([INV3_GZ], userData);
  });
  afterAll(() => {
    main?.stop();
    rmSync(userData, { recursive: true, force: true });
  });

  it('registers app:// and takes the single-instance lock before ready, then opens one locked-down window', async () => {
    await main.waitFor((e) => e.channel === EVENTS.opening);
    const s = await main.request('state');
    const at = (what: string) => s.calls.indexOf(what);
    expect(at('setPath userData')).toBe(0);
    expect(at('registerSchemesAsPrivileged')).toBeLessThan(at('ready'));
    expect(at('requestSingleInstanceLock')).toBeLessThan(at('ready'));
    expect(at('handle app')).toBeGreaterThan(at('ready'));
    expect(at('new BrowserWindow')).toBeGreaterThan(at('ready'));
    expect(s.userData).toBe(userData);
    expect(s.privileged).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
    expect(s.schemes).toEqual(['app']);

    expect(s.windows).toBe(1);
    expect(s.window.url).toBe(APP_ENTRY);
    const prefs = s.window.options.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(existsSync(prefs.preload)).toBe(true); // the built preload the window will load
    expect(s.menu.map((m: any) => m.label)).toEqual(expect.arrayContaining(['File', 'View']));
  });

  it('opens the scan named on its command line and serves the prepared volume once over app://', async () => {
    const volume = await volumeOf(main, INV3_GZ);
    expect(main.events.some((e) => e.channel === EVENTS.error)).toBe(false);

    const url = new URL(volume.payload.url, APP_ENTRY).href; // the page fetches it from its own origin
    const got = await main.request('fetch', { url });
    expect(got.status).toBe(200);
    expect(got.body.byteLength).toBe(volume.payload.byteLength);
    const prepared = decodePrepared(got.body);
    const ref = reference('inv3_philips-std-brain-5mm_bone-skin-surfaces-measures_gz.json');
    expect(prepared.shape).toEqual(ref.main_plist.matrix.shape);
    expect(prepared.histogram.min).toBe(ref.matrix.min);
    expect(prepared.histogram.min + (prepared.histogram.counts.length - 1) * prepared.histogram.binWidth).toBe(ref.matrix.max);
    expect((await main.request('fetch', { url })).status).toBe(404); // served once

    const s = await main.request('state');
    expect(s.recent).toEqual([INV3_GZ]);
    const file = s.menu.find((m: any) => m.label === 'File');
    const recent = file.submenu.find((m: any) => m.label === 'Open Recent');
    expect(recent.submenu.map((m: any) => m.label)).toContain(path.basename(INV3_GZ));
    // the taskbar progress: indeterminate while opening, cleared when the volume is there
    expect(s.window.progress[0]).toBe(2);
    expect(s.window.progress.at(-1)).toBe(-1);
  });

  it('serves the UI with the CSP, and refuses other methods and paths outside it', async () => {
    const page = await main.request('fetch', { url: APP_ENTRY });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(Buffer.from(page.body).toString('utf8')).toContain('<html');
    for (const url of ['app://hounsfield/%2e%2e/%2e%2e/package.json', 'app://hounsfield/..%2f..%2fpackage.json', 'app://hounsfield/volume/not-a-token']) {
      const r = await main.request('fetch', { url });
      expect(r.status, url).toBe(404);
      expect(Buffer.from(r.body).toString('utf8')).not.toContain('"name"');
    }
    expect((await main.request('fetch', { url: APP_ENTRY, method: 'POST' })).status).toBe(405);
  });

  it('denies navigation away from the app, new windows, webviews, permissions and foreign downloads', async () => {
    for (const url of ['file:///etc/passwd', 'https://example.com/', 'app://elsewhere/index.html']) {
      expect((await main.request('navigate', { url })).prevented, url).toBe(true);
      expect((await main.request('navigate', { url, event: 'will-redirect' })).prevented, url).toBe(true);
    }
    expect((await main.request('navigate', { url: APP_ENTRY })).prevented).toBe(false);
    expect(await main.request('windowOpen', { url: 'https://example.com/' })).toMatchObject({ action: 'deny' });
    expect(await main.request('otherContents', { url: 'https://example.com/' })).toMatchObject({ open: { action: 'deny' }, webviewPrevented: true });
    expect(await main.request('permissions')).toMatchObject({ request: false, check: false, device: false });
    expect((await main.request('download', { url: 'https://example.com/x.exe' })).prevented).toBe(true);
    expect((await main.request('download', { url: 'blob:app://hounsfield/5f0c' })).prevented).toBe(false);
  });

  it('answers IPC only from its own page, and checks the arguments', async () => {
    const s = await main.request('state');
    expect([...s.channels].sort()).toEqual(Object.values(INVOKE).sort());
    const foreign = await main.request('invoke', { channel: INVOKE.cancel, frameUrl: 'https://evil.example/' });
    expect(foreign).toMatchObject({ resolved: false, error: expect.stringContaining('refused') });
    const subframe = await main.request('invoke', { channel: INVOKE.cancel, frameUrl: APP_ENTRY, mainFrame: false });
    expect(subframe).toMatchObject({ resolved: false, error: expect.stringContaining('refused') });
    expect(await main.request('invoke', { channel: INVOKE.cancel, frameUrl: APP_ENTRY })).toMatchObject({ resolved: true });
    const badPaths = await main.request('invoke', { channel: INVOKE.open, frameUrl: APP_ENTRY, args: [[42]] });
    expect(badPaths.resolved).toBe(false);
    const missing = await main.request('invoke', { channel: INVOKE.open, frameUrl: APP_ENTRY, args: [['/no/such/scan.inv3']] });
    expect(missing.resolved).toBe(false);
  });

  it('opens what a second instance or the OS hands it, and reports a bad file in one line without stopping', async () => {
    const from = main.events.length;
    await main.request('secondInstance', { argv: [process.execPath, mainScript, path.relative(repo, NIFTI)], cwd: repo });
    const nifti = await volumeOf(main, NIFTI, from);
    const prepared = decodePrepared((await main.request('fetch', { url: new URL(nifti.payload.url, APP_ENTRY).href })).body);
    expect(prepared.shape).toEqual([...reference('nifti_CT_pitch.json').shape].reverse());

    const junk = path.join(userData, 'junk.inv3');
    writeFileSync(junk, 'not a scan at all');
    const before = main.events.length;
    await main.request('openFile', { file: junk });
    const error = await main.waitFor((e) => e.channel === EVENTS.error, before);
    expect(error.payload.message).toContain('junk.inv3');
    expect(error.payload.message).not.toContain('\n');

    const after = main.events.length;
    await main.request('openFile', { file: INV3_PLAIN });
    await volumeOf(main, INV3_PLAIN, after);
    // the OS's recent documents got each good open in turn; the menu lists them newest first
    const s = await main.request('state');
    expect(s.recent).toEqual([INV3_GZ, NIFTI, INV3_PLAIN]);
    const recent = s.menu.find((m: any) => m.label === 'File').submenu.find((m: any) => m.label === 'Open Recent');
    expect(recent.submenu.slice(0, 3).map((m: any) => m.label)).toEqual([INV3_PLAIN, NIFTI, INV3_GZ].map((f) => path.basename(f)));
  });

  it('sends menu commands to the page, with the volume commands enabled once a volume is open', async () => {
    const from = main.events.length;
    expect(await main.request('clickMenu', { path: ['View', 'Slice', 'Coronal'] })).toMatchObject({ enabled: true });
    const command = await main.waitFor((e) => e.channel === EVENTS.menu, from);
    expect(command.payload).toEqual({ type: 'slice-plane', plane: 'coronal' });
    const file = (await main.request('state')).menu.find((m: any) => m.label === 'File');
    expect(file.submenu.find((m: any) => m.label === 'Export Web Bundle…').enabled).toBe(true);
  });

  it('writes an export and a screenshot where the save dialog says, and nothing when it is cancelled', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hf-save-'));
    try {
      const html = path.join(dir, 'scan.html');
      await main.request('answerSave', { path: html });
      const exported = await main.request('invoke', { channel: INVOKE.exportBundle, frameUrl: APP_ENTRY, args: [{ grid: 64, bits: 8, keepIdentity: false }] });
      expect(exported).toMatchObject({ resolved: true, value: { path: html } });
      expect(readFileSync(html, 'utf8').slice(0, 200).toLowerCase()).toContain('<!doctype html>');
      expect(readdirSync(dir)).toEqual(['scan.html']); // written under a temp name, then renamed

      const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 120 }, (_, i) => i)]);
      const shot = path.join(dir, 'shot.png');
      await main.request('answerSave', { path: shot });
      expect(await main.request('invoke', { channel: INVOKE.saveScreenshot, frameUrl: APP_ENTRY, args: [png] })).toMatchObject({ resolved: true, value: { path: shot } });
      expect(new Uint8Array(readFileSync(shot))).toEqual(png);
      const notPng = await main.request('invoke', { channel: INVOKE.saveScreenshot, frameUrl: APP_ENTRY, args: [new Uint8Array(128)] });
      expect(notPng.resolved).toBe(false);

      await main.request('answerSave', { path: null });
      const cancelled = await main.request('invoke', { channel: INVOKE.exportBundle, frameUrl: APP_ENTRY, args: [{ grid: 64, bits: 8, keepIdentity: false }] });
      expect(cancelled).toMatchObject({ resolved: true, value: { path: null } });
      expect(readdirSync(dir).sort()).toEqual(['scan.html', 'shot.png']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('remembers the window bounds on close, and reloads a crashed page after saying so', async () => {
    await main.request('closeWindow');
    const saved = JSON.parse(readFileSync(path.join(userData, 'state.json'), 'utf8'));
    expect(saved.window).toMatchObject({ x: 10, y: 10, width: 1280, height: 860 }); // the fake window's normal bounds
    expect(saved.window.maximized ?? false).toBe(false);

    expect(await main.request('rendererGone', { reason: 'clean-exit' })).toMatchObject({ reloads: 0 });
    expect(await main.request('rendererGone', { reason: 'crashed' })).toMatchObject({ reloads: 1 });
    const s = await main.request('state');
    expect(s.dialogs.at(-1)).toMatchObject({ type: 'error', detail: expect.stringContaining('crashed') });
  });
});
