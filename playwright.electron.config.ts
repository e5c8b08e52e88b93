import { defineConfig } from '@playwright/test';

/**
 * Electron end-to-end tests (npm run test:electron): launch the BUILT app (npm run build first)
 * with Playwright's _electron launcher. They need the real Electron binary and skip, with one
 * line saying so, when it is not installed. The default playwright.config.ts only looks in
 * test/e2e, so `npm test` never runs these.
 */
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/electron/global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['line']],
});
