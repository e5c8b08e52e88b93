/**
 * Builds the web-bundle viewer template: src/bundle/main.ts (the renderer's viewer + panels
 * and the BundleSource) into ONE file, out/bundle/viewer.html, with the JS and CSS inline —
 * no module preload, no chunks, no fonts or assets by URL. Export (src/main/export/html.ts)
 * later puts the volume where `<!--hounsfield:payload-->` stands.
 *
 * The page is declared windows-1252 (for the byte payload), so the inlined code must be
 * ASCII: every other character is written as a \uXXXX escape, which means the same in JS
 * strings, regexps, identifiers and comments. '</script' cannot appear inside the element.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const SHELL = resolve(__dirname, 'src/bundle/shell.html');

function asciiOnly(code: string): string {
  return code.replace(/[^\x00-\x7f]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'));
}

function inlineIntoShell(): Plugin {
  return {
    name: 'hounsfield-inline-bundle',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      let js = '';
      let css = '';
      for (const [name, item] of Object.entries(bundle)) {
        if (item.type === 'chunk') js += item.code;
        else if (name.endsWith('.css')) css += typeof item.source === 'string' ? item.source : new TextDecoder().decode(item.source);
        else this.error(`bundle asset ${name} would be a separate file; inline it instead`);
        delete bundle[name];
      }
      js = asciiOnly(js).replace(/<\/(script)/gi, '<\\/$1');
      css = asciiOnly(css).replace(/<\/(style)/gi, '<\\/$1');
      if (/<!--/.test(js)) this.error('inlined JS contains "<!--", which would confuse the HTML parser');
      if (/[\x00\x0d]/.test(js + css)) this.error('inlined code contains NUL or CR');
      const html = readFileSync(SHELL, 'utf8')
        .replace('<!--hounsfield:css-->', () => `<style>${css}</style>`)
        .replace('<!--hounsfield:js-->', () => `<script>${js}</script>`);
      if (/[^\x09\x0a\x20-\x7e]/.test(html)) this.error('viewer.html must be ASCII');
      this.emitFile({ type: 'asset', fileName: 'viewer.html', source: html });
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
