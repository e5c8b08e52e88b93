/**
 * The real Electron app, built (out/), launched by Playwright's _electron launcher:
 * a scan given in argv opens and renders; the renderer has no Node and only our API;
 * a second instance hands its file to the running one and exits.
 * Skipped (one line from global-setup) where the Electron binary is not installed.
 */
import { test, expect, _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { electronBinary } from './electron-binary';
import { INV3_PLAIN, NIFTI } from '../unit/data';
import { viewLitFraction } from '../e2e/lit-pixels';

const binary = electronBinary();
test.skip(!binary, 'Electron binary not installed');

const repo = path.resolve(__dirname, '../..');
const mainScript = path.join(repo, 'out/main/index.js');
let userData: string;

test.beforeEach(() => {
  // Own user-data folder per test: own state file, and its own single-instance lock.
  userData = mkdtempSync(path.join(tmpdir(), 'hf-electron-'));
});
test.afterEach(() => rmSync(userData, { recursive: true, force: true }));

async function launch(args: string[]): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    executablePath: binary!, // never let Playwright require('electron') (it would try to download)
    args: [mainScript, ...args],
    env: { ...process.env, HOUNSFIELD_USER_DATA: userData },
  });
  const page = await app.firstWindow();
  return { app, page };
}

test('opens the scan named in argv and renders it', async () => {
  const { app, page } = await launch([NIFTI]);
  try {
    expect(page.url()).toBe('app://hounsfield/index.html');
    await expect(page.locator('#app')).toHaveAttribute('data-volume', /.+/, { timeout: 60_000 });
    await expect(page.locator('.hf-error')).toBeHidden();
    await expect.poll(() => viewLitFraction(page), { timeout: 30_000 }).toBeGreaterThan(0.02);
  } finally {
    await app.close();
  }
});

test('the renderer is sandboxed: no Node, only the hounsfield API, no navigation away', async () => {
  const { app, page } = await launch([]);
  try {
    const probe = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      api: Object.keys((window as unknown as { hounsfield: object }).hounsfield).sort(),
      protocol: location.protocol,
    }));
    expect(probe.require).toBe('undefined');
    expect(probe.process).toBe('undefined');
    expect(probe.protocol).toBe('app:');
    expect(probe.api).toContain('openPaths');
    expect(probe.api).not.toContain('invoke');
    // A page-side fetch of a file:// URL or a remote origin is blocked (web security + CSP).
    const blocked = await page.evaluate(async () => {
      const tries = ['file:///etc/hostname', 'https://example.com/'];
      const out: boolean[] = [];
      for (const u of tries) out.push(await fetch(u).then(() => false, () => true));
      return out;
    });
    expect(blocked).toEqual([true, true]);
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://hounsfield/index.html');
    expect(app.windows().length).toBe(1);
  } finally {
    await app.close();
  }
});

test('a second instance hands its file to the running app and exits', async () => {
  const { app, page } = await launch([]);
  try {
    await expect(page.locator('.hf-welcome')).toBeVisible();
    const second = spawn(binary!, [mainScript, INV3_PLAIN], { env: { ...process.env, HOUNSFIELD_USER_DATA: userData }, stdio: 'ignore' });
    const exitCode = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(exitCode).toBe(0); // it lost the single-instance lock and quit
    await expect(page.locator('#app')).toHaveAttribute('data-volume', /.+/, { timeout: 60_000 });
    expect(app.windows().length).toBe(1);
  } finally {
    await app.close();
  }
});
