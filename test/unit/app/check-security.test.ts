import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
// @ts-expect-error plain .mjs script without type declarations
import { checkBuild, cspProblems } from '../../../scripts/check-security.mjs';

const repo = path.resolve(__dirname, '../../..');
const script = path.join(repo, 'scripts/check-security.mjs');
const bad = path.join(__dirname, 'fixtures/insecure-build');

/** A minified-looking build that does everything right (!0 / !1 forms). */
function goodBuild(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hf-sec-'));
  mkdirSync(path.join(root, 'out/main'), { recursive: true });
  mkdirSync(path.join(root, 'out/preload'));
  mkdirSync(path.join(root, 'out/renderer'));
  writeFileSync(
    path.join(root, 'out/main/index.js'),
    `e.protocol.registerSchemesAsPrivileged([]);s.protocol.handle("app",h);const H={"Content-Security-Policy":"default-src 'none'; script-src 'self'"};` +
      `new e.BrowserWindow({webPreferences:{preload:p.join(__dirname,"../preload/index.cjs"),sandbox:!0,contextIsolation:!0,nodeIntegration:!1,webSecurity:!0}});` +
      `w.on("will-navigate",f);w.setWindowOpenHandler(()=>({action:"deny"}));s.setPermissionRequestHandler((a,b,c)=>c(!1));`,
  );
  writeFileSync(path.join(root, 'out/preload/index.cjs'), `const e=require("electron");e.contextBridge.exposeInMainWorld("hounsfield",api(e.ipcRenderer));`);
  writeFileSync(
    path.join(root, 'out/renderer/index.html'),
    `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'"><script type="module" src="./assets/a.js"></script></head></html>`,
  );
  return root;
}

describe('scripts/check-security.mjs', () => {
  it('rejects the deliberately insecure fixture, naming each problem', () => {
    const v: string[] = checkBuild(bad);
    const expected = [
      'does not set sandbox: true',
      'does not set contextIsolation: true',
      'does not set nodeIntegration: false',
      'nodeIntegration is set to true',
      'webSecurity is set to false',
      'contextIsolation is set to false',
      'no will-navigate handler',
      'allows new windows',
      'no setPermissionRequestHandler',
      'not served from a registered custom protocol',
      'loaded from file://',
      "main (CSP header): CSP script-src allows 'unsafe-eval'",
      'openExternal called with a non-literal argument',
      'exposes ipcRenderer itself',
      'loads a Node filesystem/process module',
      'preload ../preload/missing.cjs does not exist',
      "script-src allows 'unsafe-eval'",
      'allows remote origins',
      "object-src is not 'none'",
      'contains an inline script',
      'loads a remote script',
    ];
    for (const e of expected) expect(v.some((line) => line.includes(e)), `${e}\n${v.join('\n')}`).toBe(true);
  });

  it('exits non-zero with a clear message on the bad build, zero on a good one', () => {
    let failed: { status: number; stderr: string } | null = null;
    try {
      execFileSync(process.execPath, [script, bad], { stdio: 'pipe' });
    } catch (e) {
      failed = { status: (e as { status: number }).status, stderr: String((e as { stderr: Buffer }).stderr) };
    }
    expect(failed?.status).toBe(1);
    expect(failed?.stderr).toMatch(/^security check FAILED \(\d+\):/);
    const good = goodBuild();
    try {
      expect(checkBuild(good)).toEqual([]);
      expect(execFileSync(process.execPath, [script, good], { encoding: 'utf8' })).toMatch(/security check passed/);
    } finally {
      rmSync(good, { recursive: true, force: true });
    }
  });

  it('judges CSP strings', () => {
    expect(cspProblems("default-src 'none'; script-src 'self'")).toEqual([]);
    expect(cspProblems("default-src 'none'; script-src 'self' 'unsafe-inline'")).toContain("CSP script-src allows 'unsafe-inline'");
    expect(cspProblems("script-src 'self'")).toContain('CSP has no default-src');
    expect(cspProblems("default-src *")).toContain('CSP allows remote origins');
  });

  it.skipIf(!existsSync(path.join(repo, 'out/main/index.js')))('passes on the real build in out/ (when built)', () => {
    expect(checkBuild(repo)).toEqual([]);
  });
});
