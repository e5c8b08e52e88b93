import { describe, expect, it } from 'vitest';
import { createHandlers, type NativeSide } from '../../../src/main/app/ipc-handlers';
import { OpenController } from '../../../src/main/app/open-controller';
import { VolumeStore } from '../../../src/main/app/volume-store';
import { INVOKE } from '../../../src/shared/api';
import { INV3_GZ } from '../data';

/** Handlers over a controller whose opener never runs, and a native side that records calls. */
function setup() {
  const calls: unknown[][] = [];
  const controller = new OpenController({
    opener: { open: () => new Promise(() => undefined) },
    listSeries: async () => [],
    encode: () => new Uint8Array(0),
    volumes: new VolumeStore(),
    emit: () => undefined,
  });
  const native: NativeSide = {
    showOpenDialog: async (kind) => {
      calls.push(['dialog', kind]);
      return kind === 'file' ? [INV3_GZ] : [];
    },
    exportBundle: async (source, opts) => {
      calls.push(['export', source, opts]);
      return { path: '/out.html' };
    },
    saveScreenshot: async (png) => {
      calls.push(['png', png.byteLength]);
      return { path: '/s.png' };
    },
    openPaths: (paths) => calls.push(['open', paths]),
  };
  return { handlers: createHandlers(controller, native), calls };
}

describe('IPC handlers', () => {
  it('valid requests reach the native side; a dialog answer is opened like a drop', async () => {
    const { handlers, calls } = setup();
    await handlers[INVOKE.open]([INV3_GZ]);
    await handlers[INVOKE.openDialog]('file');
    await handlers[INVOKE.openDialog]('folder'); // cancelled: nothing opens
    const png = new Uint8Array(100);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(await handlers[INVOKE.saveScreenshot](png)).toEqual({ path: '/s.png' });
    expect(calls).toEqual([['open', [INV3_GZ]], ['dialog', 'file'], ['open', [INV3_GZ]], ['dialog', 'folder'], ['png', 100]]);
  });

  it('hostile arguments are refused before anything native runs', async () => {
    const { handlers, calls } = setup();
    const attempts: [keyof typeof handlers, unknown[]][] = [
      [INVOKE.open, ['/etc/passwd\0.inv3']],
      [INVOKE.open, [['../../etc/passwd']]],
      [INVOKE.open, [[{ toString: () => INV3_GZ }]]],
      [INVOKE.openDialog, ['openDirectory']],
      [INVOKE.saveScreenshot, ['not bytes']],
      [INVOKE.saveScreenshot, [new Uint8Array(100)]],
      [INVOKE.exportBundle, [{ grid: 256, bits: 8, keepIdentity: false, output: '/etc/cron.d/x' }]],
      [INVOKE.saveViewState, [JSON.parse('{"__proto__":{"admin":true}}')]],
      [INVOKE.chooseSeries, [{}]],
    ];
    for (const [channel, args] of attempts) await expect(handlers[channel](...args), channel).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('export needs an open scan', async () => {
    const { handlers, calls } = setup();
    await expect(handlers[INVOKE.exportBundle]({ grid: 256, bits: 16, keepIdentity: true })).rejects.toThrow(/nothing is open/);
    expect(calls).toEqual([]);
  });
});
