/**
 * How every browser test launches Chromium: Debian's build (never a Playwright download),
 * WebGL2 through SwiftShader, no background network. Override the binary with
 * HOUNSFIELD_CHROMIUM=/path/to/chromium.
 */
export const chromiumPath = process.env.HOUNSFIELD_CHROMIUM ?? '/usr/lib/chromium/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--disable-gpu-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
