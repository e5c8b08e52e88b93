/**
 * Hounsfield volume viewer — public API (the app shell and the exported web bundle use only this).
 *
 *   import { mountViewer } from './viewer';
 *   const viewer = mountViewer(root: HTMLElement, source: VolumeSource, opts?: ViewerOptions): Viewer;
 *
 * mountViewer builds, inside `root`, the 3-D canvas (raymarched volume, orientation letters,
 * standard-view buttons, InVesalius surfaces as meshes) and the side panels (mode buttons, window
 * fields + presets, transfer presets, histogram with window / transfer-function / iso editors,
 * a 2-D axial / coronal / sagittal slice with the value under the pointer, masks and measurements,
 * crop sliders, surface and mask visibility, the measurement list). It shows each volume the
 * source delivers (a new volume replaces the old one).
 *
 * interface Viewer {
 *   setMode(mode: 'dvr' | 'mip' | 'minip' | 'iso'): void;
 *   setWindow(w: { level: number; width: number }): void;     // HU (value for non-HU volumes)
 *   applyWindowPreset(id: string): void;                       // ids in shared/presets/window-presets.ts
 *   applyTransferPreset(id: string): void;                     // ids in shared/presets/transfer-presets.ts
 *   setIsoThreshold(hu: number): void;
 *   standardView(view: 'anterior'|'posterior'|'left'|'right'|'superior'|'inferior'): void;
 *   resetView(): void;
 *   screenshot(opts?: { width?: number; height?: number }): Promise<Blob>;  // PNG, canvas size by default
 *   getState(): ViewerState;                 // { mode, window, windowPresetId, transferPresetId, transfer, isoThreshold, visibleSurfaces, visibleMasks, crop, slice }
 *   setState(patch: Partial<ViewerState>): void;  // junk fields are ignored; safe with stale persisted state
 *   onChange(cb: (state: ViewerState) => void): () => void;  // returns an unsubscribe function
 *   readonly stats: { uploads: number; frames: number };    // uploads = 3-D volume texture uploads
 *   dispose(): void;
 * }
 *
 * Semantics: the window maps HU to grey in MIP and MinIP; DVR uses the transfer function (opacity
 * per mm, colours, in HU); iso uses the threshold. Changing any of them never re-uploads the volume.
 * applyTransferPreset switches to the preset's mode (DVR, or MIP for the 'mip' preset) and sets its
 * iso threshold; applyWindowPreset/setWindow never change the mode (the panel's window controls
 * do: picking a window while in DVR or iso switches to MIP, where a window is visible).
 * Non-HU volumes (meta.isHU false): values are shown as "value", HU presets are disabled in the panel.
 * Before the first volume arrives, setters only record the state; it is applied on arrival.
 * crop (state.crop: per volume axis, the fraction 0…1 kept) limits the rays in every mode, so MIP and
 * MinIP can show a slab (the panel's Slab button: across the viewing direction); it never re-uploads
 * the volume, and cuts the surfaces too.
 * slice (state.slice: plane and position 0…1 along it) is the 2-D panel's slice, drawn on the CPU
 * through the window from the volume's own array, so its readout is the stored value; moving it
 * never draws a 3-D frame. A double-click on the 3-D view turns it to the voxel shown there (pick.ts).
 * Surfaces (PreparedVolume.surfaces) are drawn as meshes in patient space, depth-combined with
 * the volume: opaque ones end the rays (see surface-layer.ts). They show in DVR and iso only: a
 * MIP/MinIP pixel projects the whole ray, with no "in front of" to combine with. visibleSurfaces starts from each surface's `visible`
 * flag; toggling one draws one frame and never re-uploads anything.
 */
import '../styles/viewer.css';
import type { PreparedVolume, VolumeSource } from '../../shared/prepared';
import type { WindowLevel } from '../../shared/volume';
import { findTransferPreset, type RenderMode } from '../../shared/presets/transfer-presets';
import { findWindowPreset } from '../../shared/presets/window-presets';
import { ControlsPanel } from '../panels/controls-panel';
import { downloadBlob, el } from '../panels/dom';
import { HistogramPanel } from '../panels/histogram-panel';
import { SurfacesPanel } from '../panels/surfaces-panel';
import { CropPanel, cropAxisLabels } from '../panels/crop-panel';
import { PLANE_VIEWS, SlicePanel } from '../panels/slice-panel';
import { MeasurementsPanel } from '../panels/measurements-panel';
import { ScanPanel } from '../panels/scan-panel';
import type { PanelHost } from '../panels/panel-host';
import { viewButtons } from '../panels/view-buttons';
import { extentMm, type StandardView } from './geometry';
import { cloneCrop, clonePoints, defaultState, initialState, mergeState, slabCrop, type ViewerState } from '../../shared/view-state';
import { VolumeView } from './volume-view';
import { pickVoxel } from './pick';

export type { ViewerState, StandardView, RenderMode };

export interface ViewerOptions {
  /** State to apply once the first volume arrives (e.g. persisted per scan). */
  initialState?: Partial<ViewerState>;
  /** Width of the histogram panel in CSS pixels (default 300). */
  histogramWidth?: number;
}

export interface Viewer {
  setMode(mode: RenderMode): void;
  setWindow(window: WindowLevel): void;
  applyWindowPreset(id: string): void;
  applyTransferPreset(id: string): void;
  setIsoThreshold(hu: number): void;
  standardView(view: StandardView): void;
  resetView(): void;
  screenshot(opts?: { width?: number; height?: number }): Promise<Blob>;
  getState(): ViewerState;
  setState(patch: Partial<ViewerState>): void;
  onChange(cb: (state: ViewerState) => void): () => void;
  readonly stats: Readonly<{ uploads: number; frames: number }>;
  dispose(): void;
}

export function mountViewer(root: HTMLElement, source: VolumeSource, opts: ViewerOptions = {}): Viewer {
  root.classList.add('hf-viewer');
  const viewHost = el('div', { className: 'hf-view' });
  const message = el('div', { className: 'hf-message', role: 'status' });
  const side = el('div', { className: 'hf-side' });
  root.append(viewHost, side);

  let state: ViewerState | null = null;
  let disposed = false; // the source may still call back after dispose(): ignore it then
  let pending: Partial<ViewerState> = { ...opts.initialState };
  let prep: PreparedVolume | null = null;
  const listeners = new Set<(s: ViewerState) => void>();
  const showMessage = (text: string) => {
    message.textContent = text;
    message.hidden = !text;
  };

  const view = new VolumeView(viewHost, showMessage);
  viewHost.append(message);

  const update = (patch: Partial<ViewerState>) => {
    if (disposed) return;
    if (!state) {
      pending = { ...pending, ...patch };
      return;
    }
    state = mergeState(state, patch);
    view.setClassification(state); // nothing (not even a frame) unless mode, window, transfer or iso changed
    view.setVisibleSurfaces(state.visibleSurfaces);
    view.setCrop(state.crop);
    controls.refresh(state);
    crop.refresh(state);
    histogram.refresh(state);
    slices.refresh(state);
    surfaces.refresh(state);
    for (const cb of listeners) cb(getState());
  };
  const host: PanelHost = {
    state: () => state ?? mergeState(defaultState(), pending),
    update,
    beginInteraction: () => view.scheduler.beginInteraction(),
    endInteraction: () => view.scheduler.endInteraction(),
  };

  const applyWindowPreset = (id: string) => {
    const p = findWindowPreset(id);
    if (p) update({ window: { level: p.level, width: p.width }, windowPresetId: p.id });
  };
  const applyTransferPreset = (id: string) => {
    const p = findTransferPreset(id);
    if (!p) return;
    const patch: Partial<ViewerState> = { transfer: clonePoints(p.points), transferPresetId: p.id, mode: p.mode ?? 'dvr' };
    if (p.window) patch.window = p.window;
    if (p.isoThreshold !== undefined) patch.isoThreshold = p.isoThreshold;
    update(patch);
  };

  const controls = new ControlsPanel(host, { applyWindowPreset, applyTransferPreset });
  const histogramWidth = opts.histogramWidth ?? 300;
  const histogram = new HistogramPanel(host, histogramWidth);
  const surfaces = new SurfacesPanel(host);
  const slices = new SlicePanel(host, histogramWidth, { lookAt: (plane) => view.standardView(PLANE_VIEWS[plane]) }, viewHost);
  const measurements = new MeasurementsPanel(host);
  const scan = new ScanPanel(histogramWidth);
  const crop = new CropPanel(host, {
    slab: (mm) => {
      const across = view.viewAxis();
      if (!across || !prep) return;
      update({ crop: slabCrop(host.state().crop, across.axis, across.at, mm / extentMm(prep.shape, prep.spacing)[across.axis]) });
    },
  });
  const status = el('div', { className: 'hf-status' });
  // wrap long names (InVesalius stores NIfTI imports under their full path) instead of widening the panel
  status.style.maxWidth = `${histogramWidth}px`;
  side.append(controls.element, histogram.element, slices.element, crop.element, surfaces.element, measurements.element, scan.element, status);
  viewHost.append(
    viewButtons({
      standardView: (v) => view.standardView(v),
      resetView: () => view.resetView(),
      savePng: () => void savePng(),
    }),
  );

  // A double-click on the 3-D view turns the slice to what is shown there (viewer/pick.ts).
  view.canvas.addEventListener('dblclick', (e) => {
    const ray = prep && state && view.rayAt(e.clientX, e.clientY);
    const voxel = ray && pickVoxel(prep!, ray.origin, ray.direction, state!.crop, state!);
    if (voxel) slices.focusVoxel(voxel);
  });

  const savePng = async () => downloadBlob(await view.screenshot(), `${prep?.meta.name || 'hounsfield'}.png`);

  source.onVolume((volume) => {
    if (disposed) return;
    try {
      view.setVolume(volume);
    } catch (err) {
      showMessage(err instanceof Error ? err.message : String(err));
      return;
    }
    prep = volume;
    state = mergeState(initialState(volume), pending);
    pending = {};
    histogram.setVolume(volume.histogram, volume.meta.isHU);
    slices.setVolume(volume);
    measurements.setContents(volume.measurements, (m) => slices.locate(m));
    controls.setUnits(volume.meta.isHU);
    scan.setVolume(volume);
    surfaces.setContents(volume.surfaces, volume.masks, volume.spacing[0] * volume.spacing[1] * volume.spacing[2]);
    const [z, y, x] = volume.shape;
    crop.setAxes(cropAxisLabels(volume.voxelToPatient, !volume.meta.orientationUnknown), extentMm(volume.shape, volume.spacing));
    const [sz, sy, sx] = volume.sourceShape;
    status.textContent = `${volume.meta.name} · ${sx}×${sy}×${sz} → ${x}×${y}×${z} · ${volume.meta.isHU ? 'HU' : 'values (not HU)'}`;
    showMessage(volume.meta.warnings.join('\n'));
    update({});
  });
  source.onProgress((p) => !disposed && showMessage(`${p.stage} ${Math.round(p.fraction * 100)} %`));
  source.onError((m) => !disposed && showMessage(m));

  const getState = (): ViewerState => {
    const s = host.state();
    return { ...s, window: { ...s.window }, transfer: clonePoints(s.transfer), visibleSurfaces: [...s.visibleSurfaces], visibleMasks: [...s.visibleMasks], crop: cloneCrop(s.crop), slice: { ...s.slice } };
  };

  return {
    setMode: (mode) => update({ mode }),
    setWindow: (window) => update({ window, windowPresetId: null }),
    applyWindowPreset,
    applyTransferPreset,
    setIsoThreshold: (hu) => update({ isoThreshold: hu }),
    standardView: (v) => view.standardView(v),
    resetView: () => view.resetView(),
    screenshot: (o = {}) => view.screenshot(o.width, o.height),
    getState,
    setState: (patch) => update(patch),
    onChange: (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    get stats() {
      return { uploads: view.stats.uploads, frames: view.stats.frames };
    },
    dispose: () => {
      disposed = true;
      listeners.clear();
      slices.dispose();
      view.dispose();
      root.replaceChildren();
      root.classList.remove('hf-viewer');
    },
  };
}
