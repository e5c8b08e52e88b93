/**
 * The real pipeline behind the open controller: sniff → (DICOM: list series) → read →
 * prepare on the worker pool → encode for transport. Shared by the Electron main process
 * and the browser test host, so the tests exercise exactly what the app runs. No electron.
 */
import type { WorkerPool } from '../workers/pool';
import { createOpener } from '../prepare';
import { sniff } from '../scan/sniff';
import { listDicomSeries } from '../scan/dicom';
import { throwIfAborted } from '../scan/errors';
import { encodePrepared } from '../../shared/serialize';
import type { SeriesInfo } from '../../shared/volume';
import type { OpenControllerDeps } from './open-controller';

/** Series to choose from: only a DICOM selection can have more than one. */
export async function seriesInSelection(paths: string[], pool: WorkerPool, signal: AbortSignal): Promise<SeriesInfo[]> {
  if (paths.length === 1) {
    const kind = (await sniff(paths[0])).kind;
    if (kind !== 'dicom' && kind !== 'dicom-folder') return [];
  }
  throwIfAborted(signal);
  return listDicomSeries(paths, { pool, signal });
}

export function pipelineDeps(pool: WorkerPool): Pick<OpenControllerDeps, 'opener' | 'listSeries' | 'encode'> {
  const opener = createOpener(pool);
  return {
    opener: {
      async open(paths, { onProgress, seriesUid, signal }) {
        // The controller cancels through `signal`; the opener cancels its own read/prepare jobs.
        const onAbort = () => opener.cancel();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          return (await opener.open(paths, { onProgress, seriesUid })).prepared;
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      },
    },
    listSeries: (paths, signal) => seriesInSelection(paths, pool, signal),
    encode: encodePrepared,
  };
}
