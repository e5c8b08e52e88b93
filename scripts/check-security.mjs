#!/usr/bin/env node
/**
 * Security check of the BUILT Electron app (run by CI after `npm run build`):
 *   node scripts/check-security.mjs [build-root]      (default: the repo; reads <root>/out)
 *
 * Reads out/main/**.js, out/preload/*.cjs and out/renderer/index.html and fails (exit 1,
 * one line per violation) unless:
 *  - every BrowserWindow webPreferences sets sandbox: true, contextIsolation: true,
 *    nodeIntegration: false, and nothing anywhere turns nodeIntegration/webSecurity/
 *    contextIsolation/sandbox the wrong way (also in minified `!0`/`!1` form);
 *  - navigation and new windows are denied (will-navigate, setWindowOpenHandler → deny),
 *    permissions are denied, the UI comes from a privileged custom protocol (not loadFile/file://);
 *  - shell.openExternal is never called with a non-literal (untrusted) argument;
 *  - the preload exposes an API through contextBridge and never ipcRenderer itself, and the
 *    window's preload path points at a file that exists;
 *  - index.html has a strict CSP meta tag (no unsafe-eval, no inline/remote scripts, no
 *    remote origins) and the main process sends a CSP header.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TRUE = String.raw`(?:true|!0)`;
const FALSE = String.raw`(?:false|!1)`;
const key = (name) => String.raw`["']?${name}["']?\s*:\s*`;

function listJs(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listJs(p));
    else if (/\.(c|m)?js$/.test(name)) out.push(p);
  }
  return out;
}

/** The text of every `webPreferences: { … }` object literal (brace-matched). */
function webPreferencesBlocks(code) {
  const blocks = [];
  const re = new RegExp(key('webPreferences') + String.raw`\{`, 'g');
  let m;
  while ((m = re.exec(code))) {
    let depth = 0;
    let i = m.index + m[0].length - 1;
    for (; i < code.length; i++) {
      if (code[i] === '{') depth++;
      else if (code[i] === '}' && --depth === 0) break;
    }
    blocks.push(code.slice(m.index, i + 1));
  }
  return blocks;
}

function cspDirectives(csp) {
  const map = new Map();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

/** Problems with a CSP string (empty list = strict enough). */
export function cspProblems(csp) {
  const problems = [];
  const d = cspDirectives(csp);
  const scripts = d.get('script-src') ?? d.get('default-src');
  if (!d.has('default-src')) problems.push('CSP has no default-src');
  if (!scripts) problems.push('CSP restricts no scripts (no script-src/default-src)');
  else {
    for (const bad of ["'unsafe-eval'", "'unsafe-inline'", 'data:', 'blob:', '*', 'http:', 'https:', "'wasm-unsafe-eval'"]) {
      if (scripts.includes(bad)) problems.push(`CSP script-src allows ${bad}`);
    }
  }
  if (/\bunsafe-eval\b/.test(csp)) problems.push('CSP allows unsafe-eval');
  if (/https?:\/\/|\bhttps?:|\bws:|\bwss:|(^|\s)\*(\s|;|$)/.test(csp)) problems.push('CSP allows remote origins');
  const objects = d.get('object-src') ?? d.get('default-src');
  if (!objects || !objects.includes("'none'")) problems.push("CSP object-src is not 'none'");
  return problems;
}

/** All violations found under `root` (which holds out/). */
export function checkBuild(root) {
  const v = [];
  const out = path.join(root, 'out');
  const mainFiles = listJs(path.join(out, 'main'));
  const preloadFiles = listJs(path.join(out, 'preload'));
  if (mainFiles.length === 0) return [`no built main process in ${path.join(out, 'main')} (run npm run build first)`];
  const main = mainFiles.map((f) => readFileSync(f, 'utf8')).join('\n');

  // webPreferences
  const blocks = webPreferencesBlocks(main);
  if (blocks.length === 0) v.push('main: no webPreferences found (BrowserWindow must set them explicitly)');
  for (const b of blocks) {
    if (!new RegExp(key('sandbox') + TRUE).test(b)) v.push('main: a webPreferences block does not set sandbox: true');
    if (!new RegExp(key('contextIsolation') + TRUE).test(b)) v.push('main: a webPreferences block does not set contextIsolation: true');
    if (!new RegExp(key('nodeIntegration') + FALSE).test(b)) v.push('main: a webPreferences block does not set nodeIntegration: false');
  }
  const forbidden = [
    ['nodeIntegration', TRUE],
    ['nodeIntegrationInWorker', TRUE],
    ['nodeIntegrationInSubFrames', TRUE],
    ['webSecurity', FALSE],
    ['contextIsolation', FALSE],
    ['sandbox', FALSE],
    ['allowRunningInsecureContent', TRUE],
    ['enableRemoteModule', TRUE],
    ['experimentalFeatures', TRUE],
    ['webviewTag', TRUE],
  ];
  for (const [name, value] of forbidden) {
    if (new RegExp(key(name) + value + String.raw`(?![\w$])`).test(main)) v.push(`main: ${name} is set to ${value === TRUE ? 'true' : 'false'}`);
  }
  if (/disableWebSecurity|--disable-web-security|ignore-certificate-errors/.test(main)) v.push('main: web security is switched off by a command-line switch');

  // navigation, new windows, permissions, protocol
  if (!/["']will-navigate["']/.test(main)) v.push('main: no will-navigate handler (navigation must be restricted)');
  if (!/setWindowOpenHandler\s*\(/.test(main)) v.push('main: no setWindowOpenHandler (new windows must be denied)');
  else if (!/action\s*:\s*["']deny["']/.test(main)) v.push('main: setWindowOpenHandler never answers { action: "deny" }');
  if (/action\s*:\s*["']allow["']/.test(main)) v.push('main: a window-open handler allows new windows');
  if (!/setPermissionRequestHandler\s*\(/.test(main)) v.push('main: no setPermissionRequestHandler (permissions must be denied)');
  if (!/registerSchemesAsPrivileged\s*\(/.test(main) || !/protocol\.handle\s*\(/.test(main)) v.push('main: the UI is not served from a registered custom protocol');
  if (/\.loadFile\s*\(|loadURL\s*\(\s*["'`]file:/.test(main)) v.push('main: the UI is loaded from file:// (use the custom protocol)');
  if (!/Content-Security-Policy/.test(main)) v.push('main: no Content-Security-Policy response header');
  else {
    // The header's policy: the double-quoted directive strings in the bundle (rolldown keeps
    // them as one literal per directive, or one literal for the whole policy).
    const parts = [...main.matchAll(/"((?:default|script|style|img|font|connect|worker|object|media|frame|child)-src [^"]*)"/g)].map((r) => r[1]);
    if (parts.length === 0) v.push('main: the Content-Security-Policy header value was not found');
    else for (const p of cspProblems(parts.join('; '))) v.push(`main (CSP header): ${p}`);
  }

  // shell.openExternal only with literal URLs
  const openExternal = /openExternal\s*\(\s*([^)]*)\)/g;
  let m;
  while ((m = openExternal.exec(main))) {
    if (!/^\s*(["'])https:\/\/[^"'`]*\1\s*$/.test(m[1])) v.push(`main: shell.openExternal called with a non-literal argument (${m[1].trim().slice(0, 40)})`);
  }

  // preload
  if (preloadFiles.length === 0) v.push('preload: no built preload in out/preload');
  const preload = preloadFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
  if (preloadFiles.length) {
    if (!/contextBridge\.exposeInMainWorld\s*\(/.test(preload)) v.push('preload: does not expose its API through contextBridge.exposeInMainWorld');
    if (/exposeInMainWorld\s*\([^,]+,\s*(?:[\w$.]*\.)?ipcRenderer\s*\)/.test(preload) || /exposeInMainWorld\s*\([^)]*\{[^}]*\bipcRenderer\b\s*[,}]/.test(preload)) {
      v.push('preload: exposes ipcRenderer itself to the page');
    }
    if (/require\s*\(\s*["'](?:node:)?(?:fs|child_process|fs\/promises)["']\s*\)/.test(preload)) v.push('preload: loads a Node filesystem/process module');
  }
  const preloadRefs = [...main.matchAll(/["']\.\.\/preload\/([\w.-]+)["']/g)].map((r) => r[1]);
  if (preloadRefs.length === 0) v.push('main: no reference to the built preload (../preload/<file>)');
  for (const ref of preloadRefs) if (!existsSync(path.join(out, 'preload', ref))) v.push(`main: preload ../preload/${ref} does not exist in the build`);

  // renderer CSP
  const htmlFile = path.join(out, 'renderer', 'index.html');
  if (!existsSync(htmlFile)) v.push('renderer: no out/renderer/index.html');
  else {
    const html = readFileSync(htmlFile, 'utf8');
    const meta = /<meta[^>]+http-equiv=["']Content-Security-Policy["'][^>]*content=(["'])(.*?)\1/i.exec(html);
    if (!meta) v.push('renderer: index.html has no Content-Security-Policy meta tag');
    else for (const p of cspProblems(meta[2])) v.push(`renderer: ${p}`);
    if (/<script(?![^>]*\bsrc=)[^>]*>\s*\S/i.test(html)) v.push('renderer: index.html contains an inline script');
    if (/<script[^>]+src=["']https?:/i.test(html)) v.push('renderer: index.html loads a remote script');
  }
  return v;
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkBuild(root);
  if (violations.length > 0) {
    console.error(`security check FAILED (${violations.length}):`);
    for (const line of violations) console.error(`  - ${line}`);
    process.exit(1);
  }
  console.log('security check passed: sandboxed, isolated, no Node in the renderer, navigation/new windows/permissions denied, custom protocol, strict CSP');
}
