/**
 * "Slice" side-panel section: one axial, coronal or sagittal slice of the volume in 2-D, through
 * the current window, with the visible InVesalius masks tinted over it and the measurements made
 * in that slice drawn on it (slice-marks.ts), and the patient directions at its edges.
 *  - A slider, the mouse wheel or the arrow keys move through the slices.
 *  - A drag sets the window, draws a ruler (its length in mm) or an elliptical ROI (mean, SD and
 *    range of the values inside), as the tool buttons say (slice-pointer.ts).
 *  - "3-D slab" crops the 3-D view to a slab around this slice and turns it to look as the slice is shown.
 *  - "Large" shows the slice in place of the 3-D view, as large as the view allows.
 *  - The readout gives the voxel under the pointer: its indices, its patient position in mm, its
 *    value in HU and the masks it is in.
 * Drawn on the CPU from the prepared volume's own arrays (viewer/slice-image.ts), so the value
 * shown is the stored one, not a rendered colour.
 */
import type { PreparedVolume } from '../../shared/prepared';
import type { Measurement } from '../../shared/volume';
import { SLICE_PLANES, slabCrop, type CropBox, type SlicePlane, type SliceState, type ViewerState } from '../../shared/view-state';
import type { StandardView } from '../viewer/geometry';
import { codeDecoder, greyTable, linearIndex, maskOverlay, sliceRgba } from '../viewer/slice-image';
import { canvasSize, sliceIndex, sliceLayout, voxelAt, withoutDirections, type SliceLayout } from '../viewer/slice-layout';
import { canvasDistanceMm, patientToVoxel, pointsOnSlice, sliceOf } from '../viewer/slice-measurements';
import { describeVoxel, roiText } from '../viewer/slice-readout';
import { roiStats } from '../viewer/slice-tools';
import { SlicePointer } from './slice-pointer';
import { sliceControls, type SliceControls } from './slice-controls';
import { downloadBlob, el } from './dom';
import { slicePng } from './slice-png';
import { SliceMarks, type MarkDrawing } from './slice-marks';
import type { PanelHost } from './panel-host';

/** What the slice panel asks of the viewer beyond the state. */
export interface SliceActions {
  /** Turn the 3-D view to look at the plane as the slice panel shows it (axial from the feet, …). */
  lookAt(plane: SlicePlane): void;
}

/** The 3-D view each plane is seen from in the slice panel's convention (see viewer/slice-layout.ts). */
export const PLANE_VIEWS: Record<SlicePlane, StandardView> = { axial: 'inferior', coronal: 'anterior', sagittal: 'left' };

/** Slices moved by a key on the focused slice. */
const SLICE_KEYS: Record<string, number> = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 10, PageDown: -10 };

/** Saved slices are at least this many pixels wide. */
const MIN_PNG_WIDTH = 512;

/** The canvas is at most this tall relative to the panel's width (a long sagittal stays compact). */
const MAX_ASPECT = 1.25;

/** What is drawn now, to skip redrawing when a state change touches nothing of it. */
interface Drawn {
  plane: SlicePlane;
  index: number;
  level: number;
  width: number;
  /** visibleMasks, joined. */
  masks: string;
}

export class SlicePanel {
  readonly element: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  /** Over the slice, at screen resolution: the measurements made in the slice shown, the ruler. */
  private readonly marks = new SliceMarks();
  /** The volume's drawable measurements, their points in render-grid voxel indices. */
  private measured: { m: Measurement; voxels: [number, number, number][] }[] = [];
  /** Plane buttons, slider, and the 3-D slab / Large / PNG row. */
  private readonly controls: SliceControls;
  private readonly readout: HTMLDivElement;
  private readonly edges: Record<'left' | 'right' | 'top' | 'bottom', HTMLSpanElement>;
  private volume: PreparedVolume | null = null;
  private layouts = new Map<SlicePlane, SliceLayout>();
  private drawn: Drawn | null = null;
  private table: { level: number; width: number; grey: Uint8Array } | null = null;
  /** Last pointer position over the canvas (canvas pixels), to refresh the readout as slices change. */
  private hover: { column: number; row: number } | null = null;
  /** The voxel last picked in the 3-D view (double-click), crossed on its slice. */
  private picked: [number, number, number] | null = null;
  /** Drags on the slice: window, ruler, ROI. */
  private readonly pointer: SlicePointer;
  /** The ruler's length or the ROI's statistics. */
  private readonly markOut = el('div', { className: 'hf-slice-readout', 'data-mark-out': '' });
  /** The slice image with its edge letters and marks: in the panel, or in `largeBox` over the 3-D view. */
  private readonly frame: HTMLDivElement;
  private readonly largeBox = el('div', { className: 'hf-slice-large', 'data-slice-large': '' });
  private readonly observer: ResizeObserver;

  /** `viewArea`: the 3-D view's element, which "Large" covers with the slice. */
  constructor(
    private readonly host: PanelHost,
    private readonly panelWidth: number,
    actions: SliceActions,
    viewArea: HTMLElement,
  ) {
    this.controls = sliceControls({
      plane: (plane) => this.show(plane, this.host.state().slice.plane === plane ? this.host.state().slice.position : 0.5),
      goTo: (index) => this.goTo(index),
      slab: (mm) => {
        const plane = this.host.state().slice.plane;
        const crop = this.slabAround(mm);
        if (!crop) return;
        this.host.update({ crop });
        actions.lookAt(plane);
      },
      toggleLarge: () => this.setLarge(!this.largeBox.contains(this.frame)),
      savePng: () => this.savePng(),
    });
    this.canvas = el('canvas', { className: 'hf-slice-canvas', 'aria-label': 'Slice image' });
    this.edges = {
      left: el('span', { className: 'hf-slice-orient hf-orient-left' }),
      right: el('span', { className: 'hf-slice-orient hf-orient-right' }),
      top: el('span', { className: 'hf-slice-orient hf-orient-top' }),
      bottom: el('span', { className: 'hf-slice-orient hf-orient-bottom' }),
    };
    this.frame = el('div', { className: 'hf-slice-frame' }, [this.canvas, this.marks.canvas, ...Object.values(this.edges)]);
    this.largeBox.hidden = true;
    viewArea.append(this.largeBox);
    // the large slice follows the window's size
    this.observer = new ResizeObserver(() => this.largeBox.contains(this.frame) && this.relayout());
    this.observer.observe(this.largeBox);
    this.readout = el('div', { className: 'hf-slice-readout', 'data-readout': 'slice', role: 'status' });
    this.readout.style.maxWidth = this.markOut.style.maxWidth = `${panelWidth}px`;
    this.pointer = new SlicePointer(this.canvas, host, {
      shown: () => this.drawn && { plane: this.drawn.plane, index: this.drawn.index },
      canvasPoint: (e) => this.canvasPoint(e),
      values: () => this.volume && { range: this.volume.histogram.max - this.volume.histogram.min, integer: this.volume.histogram.binWidth >= 1 },
      markChanged: () => this.drawMarks(),
    });
    this.element = el('div', { className: 'hf-slice-panel', 'aria-label': 'Slice' }, [
      ...this.controls.rows,
      this.pointer.toolbar,
      this.frame,
      this.readout,
      this.markOut,
    ]);
    this.element.hidden = true;
    this.canvas.addEventListener('pointermove', (e) => this.point(e));
    this.canvas.addEventListener('pointerleave', () => {
      this.hover = null;
      this.showReadout();
    });
    // focused (tab or click), the arrow keys step through the slices, Page Up/Down by ten
    this.canvas.tabIndex = 0;
    this.canvas.addEventListener('keydown', (e) => {
      const step = SLICE_KEYS[e.key];
      if (step === undefined) return;
      e.preventDefault();
      this.goTo(Number(this.controls.slider.value) + step);
    });
    this.canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.goTo(Number(this.controls.slider.value) + Math.sign(e.deltaY));
      },
      { passive: false },
    );
  }

  setVolume(volume: PreparedVolume): void {
    this.volume = volume;
    const layoutOf = (p: SlicePlane) => sliceLayout(p, volume.voxelToPatient, volume.shape, volume.spacing);
    this.layouts = new Map(SLICE_PLANES.map((p) => [p, volume.meta.orientationUnknown ? withoutDirections(layoutOf(p)) : layoutOf(p)]));
    this.drawn = null;
    this.table = null;
    this.hover = null;
    this.picked = null;
    this.pointer.clear();
    const toVoxel = patientToVoxel(volume.voxelToPatient);
    this.measured = volume.measurements.filter((m) => m.visible && m.patientPoints).map((m) => ({ m, voxels: m.patientPoints!.map(toVoxel) }));
    this.element.hidden = false;
  }

  /**
   * Turns the slice of the current plane to a voxel picked in the 3-D view, crosses it there and
   * reads it out (until the pointer moves over the slice).
   */
  focusVoxel(voxel: [number, number, number]): void {
    const plane = this.host.state().slice.plane;
    const layout = this.layouts.get(plane);
    if (!layout) return;
    this.picked = voxel;
    const [column, row] = pointsOnSlice([voxel], layout, voxel[layout.normal.axis])![0];
    this.hover = { column: Math.floor(column), row: Math.floor(row) };
    const last = layout.normal.count - 1;
    this.host.update({ slice: { plane, position: last > 0 ? voxel[layout.normal.axis] / last : 0.5 } });
    this.drawMarks(); // the slice may not have changed: refresh() then draws nothing
    this.showReadout();
  }

  /** The slice a measurement was made in, for showing it; null when it cannot be drawn. */
  locate(m: Measurement): SliceState | null {
    const found = this.measured.find((x) => x.m === m);
    const at = found && sliceOf(found.voxels, this.layouts);
    if (!at) return null;
    const last = this.layouts.get(at.plane)!.normal.count - 1;
    return { plane: at.plane, position: last > 0 ? at.index / last : 0.5 };
  }

  refresh(state: ViewerState): void {
    const vol = this.volume;
    const layout = this.layouts.get(state.slice.plane);
    if (!vol || !layout) return;
    const index = sliceIndex(layout, state.slice.position);
    for (const [plane, b] of this.controls.planeButtons) b.setAttribute('aria-pressed', String(plane === state.slice.plane));
    this.controls.slider.max = String(layout.normal.count - 1);
    this.controls.slider.value = String(index);
    this.controls.axisLabel.textContent = layout.normalLabel;
    this.controls.where.textContent = `${index + 1}/${layout.normal.count}`;
    const { level, width } = state.window;
    const shown = this.shownMasks(state);
    const masks = shown.map((m) => m.name).join('\n');
    const d = this.drawn;
    if (d && d.plane === layout.plane && d.index === index && d.level === level && d.width === width && d.masks === masks) return;
    if (!d || d.plane !== layout.plane) this.resize(layout);
    if (!this.table || this.table.level !== level || this.table.width !== width) this.table = { level, width, grey: greyTable(vol, state.window) };
    const size = canvasSize(layout);
    const overlays = shown.map((m) => maskOverlay({ ...m, data: m.data! }));
    const image = new ImageData(sliceRgba(vol, layout, index, this.table.grey, overlays), size.width, size.height);
    this.canvas.getContext('2d')!.putImageData(image, 0, 0);
    this.drawn = { plane: layout.plane, index, level, width, masks };
    this.drawMarks();
    this.showReadout();
  }

  /** The measurements lying in the slice shown, and the ruler or ROI if it was drawn on it, measured. */
  private drawMarks(target = this.marks): void {
    const d = this.drawn;
    const layout = d && this.layouts.get(d.plane);
    const vol = this.volume;
    if (!d || !layout || !vol) return;
    const marked = this.measured.flatMap(({ m, voxels }) => {
      const points = pointsOnSlice(voxels, layout, d.index);
      return points ? [{ m, points }] : [];
    });
    const mark = this.pointer.mark;
    let drawn: MarkDrawing | null = null;
    let text = '';
    const out = this.markOut.dataset;
    for (const key of Object.keys(out)) if (key !== 'markOut') delete out[key];
    if (mark) out.corners = JSON.stringify([mark.a, mark.b]);
    if (mark?.tool === 'ruler') {
      const mm = canvasDistanceMm(vol.voxelToPatient, layout, mark.index, mark.a, mark.b);
      drawn = { shape: 'line', a: mark.a, b: mark.b, label: `${mm.toFixed(1)} mm` };
      text = `Ruler: ${mm.toFixed(1)} mm`;
      out.mm = String(mm);
    } else if (mark?.tool === 'roi') {
      const stats = roiStats(vol, layout, mark.index, mark.a, mark.b);
      drawn = { shape: 'ellipse', a: mark.a, b: mark.b, label: stats ? `${stats.mean.toFixed(1)}${vol.meta.isHU ? ' HU' : ''}` : '' };
      text = stats ? `ROI: ${roiText(stats, vol)}` : '';
      if (stats) Object.assign(out, { count: String(stats.count), mean: String(stats.mean), sd: String(stats.sd), min: String(stats.min), max: String(stats.max) });
    }
    const cross = this.picked && this.picked[layout.normal.axis] === d.index ? pointsOnSlice([this.picked], layout, d.index)![0] : null;
    target.draw(marked, drawn, cross);
    this.markOut.textContent = text;
  }

  /** The slice as shown, as a PNG at least MIN_PNG_WIDTH pixels wide (see slice-png.ts). */
  private savePng(): void {
    const d = this.drawn;
    const layout = d && this.layouts.get(d.plane);
    if (!d || !layout || !this.volume) return;
    const { width, height, widthMm, heightMm } = canvasSize(layout);
    // whole pixels per voxel across, so every voxel stays the same size
    const across = Math.max(width, Math.ceil(MIN_PNG_WIDTH / width) * width);
    const name = `${this.volume.meta.name || 'hounsfield'}-${d.plane}-${d.index + 1}.png`.replace(/[\\/:*?"<>|]+/g, '_');
    void slicePng(this.canvas, across, Math.max(height, Math.round((across * heightMm) / widthMm)), layout.edges, (marks) => this.drawMarks(marks)).then((blob) => downloadBlob(blob, name));
  }

  /** The volume's masks the state shows that have data on the render grid, in the project's order. */
  private shownMasks(state: ViewerState): PreparedVolume['masks'] {
    const visible = new Set(state.visibleMasks);
    return (this.volume?.masks ?? []).filter((m) => m.data && visible.has(m.name));
  }

  dispose(): void {
    this.observer.disconnect();
  }

  /** Moves the slice between the panel and the box over the 3-D view. */
  private setLarge(large: boolean): void {
    (large ? this.largeBox : this.element).insertBefore(this.frame, large ? null : this.readout);
    this.largeBox.hidden = !large;
    this.controls.largeButton.setAttribute('aria-pressed', String(large));
    this.relayout();
  }

  /** Sizes and draws again for where the slice now is (resizing a canvas clears it). */
  private relayout(): void {
    if (!this.drawn) return;
    this.drawn = null;
    this.refresh(this.host.state());
  }

  /**
   * Canvas of one pixel per voxel, shown at the slice's true proportions in mm: the panel's width
   * (at most MAX_ASPECT times as tall), or as large as fits the box over the 3-D view.
   */
  private resize(layout: SliceLayout): void {
    const size = canvasSize(layout);
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    const aspect = size.heightMm / size.widthMm;
    const large = this.largeBox.contains(this.frame);
    const [boxWidth, boxHeight] = large ? [this.largeBox.clientWidth, this.largeBox.clientHeight] : [this.panelWidth, this.panelWidth * MAX_ASPECT];
    const cssWidth = Math.max(1, Math.min(boxWidth, boxHeight / aspect));
    this.canvas.style.width = `${cssWidth}px`;
    this.canvas.style.height = `${cssWidth * aspect}px`;
    this.marks.resize(cssWidth, cssWidth * aspect, size.width);
    for (const side of ['left', 'right', 'top', 'bottom'] as const) this.edges[side].textContent = layout.edges[side];
  }

  /** The crop with a slab `mm` thick centred on the slice shown (the other axes as they are). */
  private slabAround(mm: number): CropBox | null {
    const vol = this.volume;
    const state = this.host.state();
    const layout = this.layouts.get(state.slice.plane);
    if (!vol || !layout) return null;
    const { axis, count, spacingMm } = layout.normal;
    const centre = (sliceIndex(layout, state.slice.position) + 0.5) / count; // voxel centres sit at (i + 0.5)/n
    return slabCrop(state.crop, axis, centre, mm / (count * spacingMm));
  }

  private show(plane: SlicePlane, position: number): void {
    this.host.update({ slice: { plane, position } });
  }

  private goTo(index: number): void {
    const layout = this.layouts.get(this.host.state().slice.plane);
    if (!layout) return;
    const last = layout.normal.count - 1;
    const clamped = Math.min(last, Math.max(0, index));
    this.show(layout.plane, last > 0 ? clamped / last : 0.5);
  }

  /** The pointer in canvas pixels of the slice (continuous: voxel centres at +0.5), clamped to it. */
  private canvasPoint(e: PointerEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    const clamp = (v: number, n: number) => Math.min(n, Math.max(0, v));
    return [clamp(((e.clientX - rect.left) / rect.width) * this.canvas.width, this.canvas.width), clamp(((e.clientY - rect.top) / rect.height) * this.canvas.height, this.canvas.height)];
  }

  private point(e: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width <= 0 || rect.height <= 0) return;
    const [x, y] = this.canvasPoint(e);
    this.hover = { column: Math.min(this.canvas.width - 1, Math.floor(x)), row: Math.min(this.canvas.height - 1, Math.floor(y)) };
    this.showReadout();
  }

  private showReadout(): void {
    const vol = this.volume;
    const d = this.drawn;
    const layout = d && this.layouts.get(d.plane);
    // a pointer position from another plane's canvas (the plane changed under it) reads nothing
    const h = this.hover;
    if (!vol || !d || !layout || !h || h.column >= this.canvas.width || h.row >= this.canvas.height) {
      this.readout.textContent = 'Point at the slice to read a value';
      delete this.readout.dataset.value;
      delete this.readout.dataset.voxel;
      return;
    }
    const voxel = voxelAt(layout, h.column, h.row, d.index);
    const i = linearIndex(vol.shape, voxel);
    const { decode, uncertainty } = codeDecoder(vol);
    const value = decode(vol.data[i]);
    const inside = vol.masks.filter((m) => m.data && m.data[i] >= 128).map((m) => m.name);
    this.readout.dataset.value = String(value);
    this.readout.dataset.voxel = voxel.join(',');
    this.readout.textContent = describeVoxel(voxel, vol, value, uncertainty) + (inside.length ? ` · in ${inside.join(', ')}` : '');
  }
}
