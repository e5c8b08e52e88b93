/**
 * Builds the web-bundle viewer template: src/bundle/main.ts (the renderer's viewer + panels
 * and the BundleSource) into ONE file, out/bundle/viewer.html, with the JS and CSS inline —
 * no module preload, no chunks, no fonts or assets by URL. Export (src/main/export/html.ts)
 * later puts the volume where `<!--hounsfield:payload-->` stands.
 *
 * The viewer JS (~580 kB minified, three.js included) is stored deflated and escaped like the
 * volume (~150 kB) and started by src/bundle/loader.ts (~15 kB, built here with a nested vite
 * build): on a small scan the code would otherwise outweigh the data.
 *
 * The page is declared windows-1252 (for the byte payload), so the inlined code must be
 * ASCII: every other character is written as a \uXXXX escape, which means the same in JS
 * strings, regexps, identifiers and comments. '</script' cannot appear inside the element.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { build, defineConfig, type Plugin, type Rolldown } from 'vite';
import { escapeBytes } from './src/bundle/codec/text-safe';

const SHELL = resolve(__dirname, 'src/bundle/shell.html');
const LOADER = resolve(__dirname, 'src/bundle/loader.ts');
const VIEWER_CODE_ID = 'hf-viewer-code';

/** The loader as one minified IIFE (nested build, nothing written). */
async function buildLoader(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'warn',
    build: { write: false, target: 'es2022', minify: true, rollupOptions: { input: LOADER, output: { format: 'iife' } } },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((o) => o.output).map((c) => (c.type === 'chunk' ? c.code : '')).join('');
}

function asciiOnly(code: string): string {
  return code.replace(/[^\x00-\x7f]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

function inlineIntoShell(): Plugin {
  return {
    name: 'hounsfield-inline-bundle',
    apply: 'build',
    enforce: 'post',
    async generateBundle(_options, bundle) {
      let js = '';
      let css = '';
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type === 'chunk') js += item.code;
        else if (name.endsWith('.css')) css += typeof item.source === 'string' ? item.source : new TextDecoder().decode(item.source);
        else this.error(`bundle asset ${name} would be a separate file; inline it instead`);
        delete bundle[name];
      }
      const loader = asciiOnly(await buildLoader()).replace(/<\/(script)/gi, '<\\/$1');
      css = asciiOnly(css).replace(/<\/(style)/gi, '<\\/$1');
      if (/<!--/.test(loader)) this.error('inlined loader contains "<!--", which would confuse the HTML parser');
      if (/[\x00\x0d]/.test(loader + css)) this.error('inlined code contains NUL or CR');
      const code = Buffer.from(js, 'utf8');
      const packed = Buffer.from(escapeBytes(deflateRawSync(code, { level: 9 }))).toString('latin1');
      // Only these two scripts may run: the loader and the viewer code it unpacks (CSP hashes).
      const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
      const html = readFileSync(SHELL, 'utf8')
        .replace(/(Content-Security-Policy" content="[^"]*)script-src 'unsafe-inline'/, (_m, head: string) => `${head}script-src ${hash(loader)} ${hash(js)}`)
        .replace('<!--hounsfield:css-->', () => `<style>${css}</style>`)
        .replace('<!--hounsfield:viewer-code-->', () => `<script type="application/octet-stream" id="${VIEWER_CODE_ID}" data-raw-length="${code.length}">${packed}</script>`)
        .replace('<!--hounsfield:loader-->', () => `<script>${loader}</script>`);
      // The deflated viewer code is raw bytes (read back as windows-1252); the rest must be ASCII.
      if (/[^\x09\x0a\x20-\x7e]/.test(html.replace(packed, ''))) this.error('viewer.html must be ASCII outside the packed code');
      this.emitFile({ type: 'asset', fileName: 'viewer.html', source: Buffer.from(html, 'latin1') });
    },
  };
}

export default defineConfig({
  root: resolve(__dirname, 'src/bundle'),
  base: './',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: resolve(__dirname, 'out/bundle'),
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    cssCodeSplit: false,
    assetsInlineLimit: () => true,
    reportCompressedSize: false,
    copyPublicDir: false,
    rollupOptions: {
      input: resolve(__dirname, 'src/bundle/main.ts'),
      output: { format: 'iife', entryFileNames: 'viewer.js' },
    },
  },
  plugins: [inlineIntoShell()],
});
