/**
 * File ▸ Export Web Bundle…, after the save dialog: the checked IPC options (validate.ts) →
 * exportBundle, with its stages shown on the renderer's progress bar. Pure Node: main (index.ts)
 * and the browser tests' stand-in for main (test/e2e/app-host) both run exactly this.
 */
import { EVENTS, type AppEvent, type ExportOptions } from '../../shared/api';
import { exportBundle } from '../export';

export async function runAppExport(source: { paths: string[]; seriesUid?: string }, output: string, opts: ExportOptions, emit: (event: AppEvent) => void): Promise<void> {
  await exportBundle(source.paths, {
    output,
    grid: opts.grid,
    bits: opts.bits,
    keepIdentity: opts.keepIdentity,
    view: opts.view,
    seriesUid: source.seriesUid,
    // id 0: not an open; the renderer's bar shows it while its export request is pending
    onProgress: (p) => emit({ channel: EVENTS.progress, payload: { id: 0, stage: `export: ${p.stage}`, fraction: p.fraction } }),
  });
}
