/**
 * A stand-in for the Electron main process, for browser tests: a Node HTTP server that
 *  - serves the REAL renderer build (src/renderer built by Vite here) with the app's CSP header,
 *  - answers the REAL IPC handlers (src/main/app/ipc-handlers.ts: validation included) at
 *    POST /__host/invoke, and pushes the controller's events over server-sent events,
 *  - runs the REAL pipeline (openScan → prepare on the worker pool → encodePrepared) through
 *    the same OpenController as the app, and serves volumes at /volume/<token> as the
 *    app:// protocol does.
 * Only what needs Electron is replaced: native dialogs (open dialogs are refused; save dialogs
 * are answered with a file in `saveDir`) and webUtils (shim.ts).
 */
import http from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import type { AddressInfo } from 'node:net';
import { OpenController } from '../../../src/main/app/open-controller';
import { createHandlers } from '../../../src/main/app/ipc-handlers';
import { pipelineDeps } from '../../../src/main/app/pipeline';
import { VolumeStore } from '../../../src/main/app/volume-store';
import { contentTypeFor, routeAppPath, securityHeaders } from '../../../src/main/app/protocol-map';
import { StateStore, scanKey } from '../../../src/main/app/state-store';
import { writeFileAtomic } from '../../../src/main/app/write-atomic';
import { runAppExport } from '../../../src/main/app/export-request';
import { WorkerPool } from '../../../src/main/workers/pool';
import { CancelledError } from '../../../src/main/scan/errors';
import { EVENTS, type AppEvent, type InvokeChannel, type MenuCommand } from '../../../src/shared/api';

const repo = path.resolve(__dirname, '../../..');

/** Builds the real renderer and the host shim into a temp folder (production builds, like the app). */
export async function buildRenderer(): Promise<{ dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hf-app-host-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: path.join(repo, 'src/renderer'),
    base: '/',
    build: { outDir: path.join(dir, 'renderer'), emptyOutDir: true, reportCompressedSize: false },
  });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: path.join(dir, 'shim'),
      emptyOutDir: true,
      reportCompressedSize: false,
      lib: { entry: path.join(__dirname, 'shim.ts'), formats: ['iife'], name: 'hfHostShim', fileName: () => 'shim.js' },
    },
  });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface AppHost {
  url: string;
  /** What the OS would hand the app (argv, open-file, second instance). */
  openFromOs(paths: string[]): Promise<void>;
  /** Dropped file name → path (the webUtils.getPathForFile stand-in reads this). */
  files: Record<string, string>;
  events: AppEvent[];
  /** What a menu click sends (View ▸ …, File ▸ Save Screenshot…). */
  sendMenu(command: MenuCommand): void;
  /** The persisted app state (per-scan view state), as main keeps it. */
  state: StateStore;
  /** Holds every load before its pipeline starts until the returned function is called. */
  holdLoads(): () => void;
  /** Where the stand-in save dialog puts screenshots and exports. */
  saveDir: string;
  close(): Promise<void>;
}

export async function startAppHost(builtDir: string): Promise<AppHost> {
  const rendererRoot = path.join(builtDir, 'renderer');
  const shim = readFileSync(path.join(builtDir, 'shim', 'shim.js'));
  const files: Record<string, string> = {};
  const events: AppEvent[] = [];
  const clients = new Set<http.ServerResponse>();
  const volumes = new VolumeStore();
  const pool = new WorkerPool(2);
  const emit = (e: AppEvent) => {
    events.push(e);
    const line = `data: ${JSON.stringify({ channel: e.channel, payload: e.payload })}\n\n`;
    for (const c of clients) c.write(line);
  };
  const state = new StateStore(path.join(builtDir, 'state.json'));
  const pipeline = pipelineDeps(pool);
  // Test control: while a gate is set, loads wait before the pipeline starts (so a test can
  // press Cancel mid-load however fast the machine is). Cancelling aborts the wait.
  let gate: Promise<void> | null = null;
  const listSeries: typeof pipeline.listSeries = async (paths, signal) => {
    if (gate) await Promise.race([gate, new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(new CancelledError())))]);
    return pipeline.listSeries(paths, signal);
  };
  const controller = new OpenController({ ...pipeline, listSeries, volumes, emit, state, scanKey: (f) => scanKey(f), progressIntervalMs: 0 });
  const openPaths = (paths: string[]) => void controller.open(paths);
  const saveDir = path.join(builtDir, 'saves');
  mkdirSync(saveDir, { recursive: true });
  const handlers = createHandlers(controller, {
    openPaths,
    showOpenDialog: () => Promise.reject(new Error('open dialogs need the Electron shell')),
    // As ipc.ts does after its save dialog, with the answer fixed to a file in saveDir.
    exportBundle: async (source, opts) => {
      const output = path.join(saveDir, 'bundle.html');
      await runAppExport(source, output, opts, emit);
      return { path: output };
    },
    saveScreenshot: async (png) => {
      const output = path.join(saveDir, 'screenshot.png');
      await writeFileAtomic(output, png);
      return { path: output };
    },
  });

  const send = (res: http.ServerResponse, status: number, type: string, body: Uint8Array | string) => {
    res.writeHead(status, securityHeaders(type));
    res.end(body);
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    try {
      if (url.pathname === '/__host/events') {
        res.writeHead(200, { ...securityHeaders('text/event-stream'), Connection: 'keep-alive' });
        res.write(': hello\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      if (url.pathname === '/__host/shim.js') return send(res, 200, 'text/javascript', shim);
      if (url.pathname === '/__host/files.js') return send(res, 200, 'text/javascript', `window.__hfHostFiles = ${JSON.stringify(files)};`);
      if (url.pathname === '/__host/invoke' && req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        // Byte arrays travel as {"$bytes": base64} in this test transport (Electron IPC clones them).
        const { channel, args } = JSON.parse(Buffer.concat(chunks).toString('utf8'), (_k, v: unknown) =>
          v && typeof v === 'object' && typeof (v as { $bytes?: unknown }).$bytes === 'string' ? new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, 'base64')) : v,
        ) as { channel: InvokeChannel; args: unknown[] };
        const handler = Object.prototype.hasOwnProperty.call(handlers, channel) ? handlers[channel] : undefined;
        try {
          if (!handler) throw new Error(`unknown channel ${String(channel)}`);
          const result = await handler(...(Array.isArray(args) ? args : []));
          return send(res, 200, 'application/json', JSON.stringify({ ok: true, result: result ?? null }));
        } catch (e) {
          return send(res, 200, 'application/json', JSON.stringify({ ok: false, error: (e as Error).message }));
        }
      }
      // Everything else: the same routing as the app:// protocol handler.
      const route = routeAppPath(url.pathname, rendererRoot);
      if (route.kind === 'reject') return send(res, 404, 'text/plain', route.reason);
      if (route.kind === 'volume') {
        const bytes = volumes.take(route.token);
        return bytes ? send(res, 200, 'application/octet-stream', bytes) : send(res, 404, 'text/plain', 'volume expired');
      }
      let body: Buffer | string = await readFile(route.file);
      if (route.file.endsWith('index.html')) {
        // The preload runs before the page in Electron; here the shim scripts do, as classic scripts.
        body = body.toString('utf8').replace('<head>', '<head><script src="/__host/files.js"></script><script src="/__host/shim.js"></script>');
      }
      return send(res, 200, contentTypeFor(route.file), body);
    } catch (e) {
      if (!res.headersSent) send(res, 500, 'text/plain', (e as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    files,
    events,
    openFromOs: async (paths) => controller.open(paths),
    holdLoads: () => {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
    sendMenu: (command) => emit({ channel: EVENTS.menu, payload: command }),
    state,
    saveDir,
    close: async () => {
      controller.cancel();
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}
