/**
 * The app shell around the viewer: toolbar (Open, Open Folder), welcome/drop hint, drop
 * zone, progress bar with Cancel, error banner, series picker, export options, menu
 * commands, and per-scan view state. Talks to main only through the HounsfieldApi.
 */
import './app.css';
import type { HounsfieldApi, MenuCommand, ViewState } from '../../shared/api';
import { mountViewer, type Viewer, type ViewerState } from '../viewer';
import { createApiSource } from './api-source';
import { ProgressBar } from './progress-bar';
import { ErrorBanner } from './error-banner';
import { installDropZone } from './drop-zone';
import { decideDrop, DROP_HELP } from './drop-rules';
import { pickSeries } from './series-picker';
import { askExportOptions } from './export-dialog';

export interface AppHandle {
  viewer: Viewer;
  banner: ErrorBanner;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

export function startApp(root: HTMLElement, api: HounsfieldApi): AppHandle {
  root.classList.add('hf-app');
  const banner = new ErrorBanner();
  const progress = new ProgressBar(() => void api.cancel());
  const report = (e: unknown) => banner.show(e instanceof Error ? e.message.replace(/^Error invoking remote method '[^']+': (Error: )?/, '') : String(e));

  const toolbar = document.createElement('div');
  toolbar.className = 'hf-toolbar';
  toolbar.append(
    button('Open…', () => void api.openDialog('file').catch(report)),
    button('Open Folder…', () => void api.openDialog('folder').catch(report)),
  );
  const welcome = document.createElement('div');
  welcome.className = 'hf-welcome';
  welcome.textContent = DROP_HELP;
  const viewerRoot = document.createElement('div');
  viewerRoot.className = 'hf-viewer-root';
  root.append(toolbar, banner.element, progress.element, viewerRoot, welcome);

  const source = createApiSource(api);
  const viewer = mountViewer(viewerRoot, source);
  let hasVolume = false;

  api.onOpening((e) => {
    banner.hide();
    progress.start(`Opening ${e.name}…`);
  });
  // Escape cancels a load, like the Cancel button (modals handle their own Escape first).
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && progress.canCancel && !document.querySelector('dialog[open]')) void api.cancel();
  });
  api.onProgress((e) => progress.update(e.stage, e.fraction));
  api.onIdle(() => progress.stop());
  api.onError((e) => {
    progress.stop();
    banner.show(e.message);
  });
  source.onError((message) => {
    progress.stop();
    banner.show(message);
  });
  source.onVolumeShown((volume, saved) => {
    progress.stop();
    hasVolume = true;
    welcome.hidden = true;
    root.dataset.volume = volume.meta.name;
    document.title = `${volume.meta.name} — Hounsfield`;
    if (saved) viewer.setState(saved as Parameters<Viewer['setState']>[0]);
  });
  api.onSeries((e) => {
    progress.stop();
    void pickSeries(e.series).then((uid) => api.chooseSeries(uid).catch(report));
  });

  // Remember the view per scan, a moment after the user stops changing it.
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  viewer.onChange((state) => {
    if (!hasVolume) return;
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void api.saveViewState(asViewState(state)).catch(() => undefined), 800);
  });

  installDropZone(root, (f) => api.pathForFile(f), (items) => {
    const decision = decideDrop(items);
    if (decision.kind === 'reject') banner.show(decision.message);
    else void api.openPaths(decision.paths).catch(report);
  });

  api.onMenu((command) => void runMenuCommand(command).catch(report));

  async function runMenuCommand(command: MenuCommand): Promise<void> {
    switch (command.type) {
      case 'mode':
        return viewer.setMode(command.mode);
      case 'window-preset':
        return viewer.applyWindowPreset(command.name);
      case 'transfer-preset':
        return viewer.applyTransferPreset(command.name);
      case 'standard-view':
        return viewer.standardView(command.view);
      case 'reset-view':
        return viewer.resetView();
      case 'slice-plane': {
        // the plane shown keeps its place; another starts in its middle
        const { slice } = viewer.getState();
        return viewer.setState({ slice: { plane: command.plane, position: slice.plane === command.plane ? slice.position : 0.5 } });
      }
      case 'screenshot': {
        if (!hasVolume) return;
        const blob = await viewer.screenshot();
        const saved = await api.saveScreenshot(new Uint8Array(await blob.arrayBuffer()));
        if (saved.path) banner.show(`Screenshot saved to ${saved.path}`, 'notice');
        return;
      }
      case 'export': {
        if (!hasVolume) return;
        const options = await askExportOptions();
        if (!options) return;
        progress.start('Exporting web bundle…', false); // main reports its stages as progress events
        try {
          // The bundle opens on the view the user has now.
          const saved = await api.exportBundle({ ...options, view: asViewState(viewer.getState()) });
          if (saved.path) banner.show(`Web bundle saved to ${saved.path}`, 'notice');
        } finally {
          progress.stop();
        }
        return;
      }
    }
  }

  return { viewer, banner };
}

/** The viewer's state as the plain JSON the IPC API carries (main checks it again). */
function asViewState(state: ViewerState): ViewState {
  return JSON.parse(JSON.stringify(state)) as ViewState;
}
