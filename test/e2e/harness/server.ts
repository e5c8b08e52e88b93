/**
 * Starts a Vite dev server on a free port serving this folder's index.html, which mounts the
 * real viewer (src/renderer/viewer) against a test VolumeSource. Used by the viewer browser tests
 * and bench/render.mjs. Inline config (configFile: false) so it works from any loader.
 */
import { dirname, resolve } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';

// dirname(__filename) rather than __dirname: some TS loaders (tsx) only define the former reliably.
const here = dirname(__filename);
const repo = resolve(here, '../../..');

export async function startHarness(opts: { niivue?: boolean } = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: here,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, fs: { allow: [repo] } },
    // NiiVue only for bench.html (bench/render.mjs); pre-bundled up front so the page never reloads.
    optimizeDeps: { include: opts.niivue ? ['three', '@niivue/niivue'] : ['three'] },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('harness server has no port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}
