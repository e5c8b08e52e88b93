import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

// Three builds: the main process (plus the worker-thread entry and the CLI, which share the
// pipeline code and run under plain Node), the sandboxed preload, and the renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // plist (ESM-only) is bundled: resolving it and its XML dependencies through Node's ESM
      // loader at run time cost ~50–100 ms of main-thread time on every open.
      externalizeDeps: { exclude: ['plist'] },
      rollupOptions: {
        // We only parse plists: plist's builder and its xmlbuilder dependency (a third of the
        // bundled chunk, ~10 ms to load) have no side effects we need.
        treeshake: { moduleSideEffects: (id: string) => !/[\\/]node_modules[\\/](plist[\\/]dist[\\/]build|xmlbuilder[\\/])/.test(id) },
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          worker: resolve(__dirname, 'src/main/workers/worker.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // sandboxed preloads must be a single CommonJS file
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
