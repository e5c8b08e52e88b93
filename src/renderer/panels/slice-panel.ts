/**
 * "Slice" side-panel section: one axial, coronal or sagittal slice of the volume in 2-D, through
 * the current window, with the visible InVesalius masks tinted over it and the measurements made
 * in that slice drawn on it, the patient directions at its edges, a slider (and the mouse wheel)
 * to move through the slices, "3-D slab" (the 3-D view cropped to a slab around this slice and
 * turned to look at it as the slice is shown), a drag on it for the window (as in radiology viewers: sideways sets
 * the width, up and down the level), and a readout of the voxel under the pointer: its indices, its
 * patient position in mm, its value in HU and the masks it is in. Drawn on the CPU from the
 * prepared volume's own arrays (viewer/slice-image.ts), so the value shown is the stored one,
 * not a rendered colour.
 */
import type { PreparedVolume } from '../../shared/prepared';
import { voxelToPatientPoint, type Mat4, type Measurement, type WindowLevel } from '../../shared/volume';
import { SLICE_PLANES, slabCrop, type CropBox, type SlicePlane, type SliceState, type ViewerState } from '../../shared/view-state';
import type { StandardView } from '../viewer/geometry';
import { codeDecoder, greyTable, linearIndex, maskOverlay, sliceRgba } from '../viewer/slice-image';
import { canvasSize, sliceIndex, sliceLayout, voxelAt, type SliceLayout } from '../viewer/slice-layout';
import { measurementValue, patientToVoxel, pointsOnSlice, sliceOf } from '../viewer/slice-measurements';
import { cssColour, el } from './dom';
import type { PanelHost } from './panel-host';

/** What the slice panel asks of the viewer beyond the state. */
export interface SliceActions {
  /** Turn the 3-D view to look at the plane as the slice panel shows it (axial from the feet, …). */
  lookAt(plane: SlicePlane): void;
}

/** The 3-D view each plane is seen from in the slice panel's convention (see viewer/slice-layout.ts). */
export const PLANE_VIEWS: Record<SlicePlane, StandardView> = { axial: 'inferior', coronal: 'anterior', sagittal: 'left' };

/** Default thickness of the 3-D slab around the slice, in mm. */
const DEFAULT_SLAB_MM = 10;

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
  /** Over the slice, at screen resolution: the measurements made in the slice shown. */
  private readonly marks: HTMLCanvasElement;
  /** The volume's drawable measurements, their points in render-grid voxel indices. */
  private measured: { m: Measurement; voxels: [number, number, number][] }[] = [];
  private readonly slider: HTMLInputElement;
  private readonly where: HTMLSpanElement;
  private readonly axisLabel: HTMLSpanElement;
  private readonly readout: HTMLDivElement;
  private readonly buttons = new Map<SlicePlane, HTMLButtonElement>();
  private readonly edges: Record<'left' | 'right' | 'top' | 'bottom', HTMLSpanElement>;
  private volume: PreparedVolume | null = null;
  private layouts = new Map<SlicePlane, SliceLayout>();
  private drawn: Drawn | null = null;
  private table: { level: number; width: number; grey: Uint8Array } | null = null;
  /** Last pointer position over the canvas (canvas pixels), to refresh the readout as slices change. */
  private pointer: { column: number; row: number } | null = null;
  /** A window drag in progress: where it started (CSS px) and the window then. */
  private drag: { x: number; y: number; window: WindowLevel } | null = null;

  constructor(
    private readonly host: PanelHost,
    private readonly panelWidth: number,
    actions: SliceActions,
  ) {
    const title = el('div', { className: 'hf-row hf-section-title' }, ['Slice ']);
    for (const plane of SLICE_PLANES) {
      const b = el('button', { type: 'button', 'data-plane': plane, 'aria-pressed': 'false', text: plane[0].toUpperCase() + plane.slice(1) });
      b.addEventListener('click', () => this.show(plane, this.host.state().slice.plane === plane ? this.host.state().slice.position : 0.5));
      this.buttons.set(plane, b);
      title.append(b);
    }
    this.axisLabel = el('span', { className: 'hf-slice-axis' });
    this.slider = el('input', { type: 'range', min: '0', max: '0', step: '1', 'data-field': 'slice', 'aria-label': 'Slice' });
    this.slider.addEventListener('input', () => this.goTo(Number(this.slider.value)));
    this.where = el('span', { className: 'hf-unit hf-slice-where', 'data-slice-where': '' });
    this.canvas = el('canvas', { className: 'hf-slice-canvas', 'aria-label': 'Slice image' });
    this.edges = {
      left: el('span', { className: 'hf-slice-orient hf-orient-left' }),
      right: el('span', { className: 'hf-slice-orient hf-orient-right' }),
      top: el('span', { className: 'hf-slice-orient hf-orient-top' }),
      bottom: el('span', { className: 'hf-slice-orient hf-orient-bottom' }),
    };
    this.marks = el('canvas', { className: 'hf-slice-marks', 'data-drawn': '' });
    const frame = el('div', { className: 'hf-slice-frame' }, [this.canvas, this.marks, ...Object.values(this.edges)]);
    const thickness = el('input', { type: 'number', min: '0.1', step: '0.5', value: String(DEFAULT_SLAB_MM), 'data-field': 'slice-slab-mm', 'aria-label': '3-D slab thickness in mm' });
    const slab = el('button', { type: 'button', 'data-action': 'slice-slab', title: 'Crop the 3-D view to a slab this thick around the slice, seen as the slice is', text: '3-D slab' });
    slab.addEventListener('click', () => {
      const mm = Number(thickness.value);
      if (!(Number.isFinite(mm) && mm > 0)) return;
      const plane = this.host.state().slice.plane;
      const crop = this.slabAround(mm);
      if (!crop) return;
      this.host.update({ crop });
      actions.lookAt(plane);
    });
    this.readout = el('div', { className: 'hf-slice-readout', 'data-readout': 'slice', role: 'status' });
    this.readout.style.maxWidth = `${panelWidth}px`;
    this.element = el('div', { className: 'hf-slice-panel', 'aria-label': 'Slice' }, [
      title,
      el('div', { className: 'hf-row hf-slice-row' }, [this.axisLabel, this.slider, this.where]),
      el('div', { className: 'hf-row hf-slice-row' }, [slab, thickness, el('span', { className: 'hf-unit', text: 'mm' })]),
      frame,
      this.readout,
    ]);
    this.element.hidden = true;
    this.canvas.title = 'Drag: sideways for the window width, up and down for the level';
    this.canvas.addEventListener('pointerdown', (e) => this.startDrag(e));
    this.canvas.addEventListener('pointermove', (e) => {
      this.dragWindow(e);
      this.point(e);
    });
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture'] as const) this.canvas.addEventListener(type, () => this.endDrag());
    this.canvas.addEventListener('pointerleave', () => {
      this.pointer = null;
      this.showReadout();
    });
    this.canvas.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        this.goTo(Number(this.slider.value) + Math.sign(e.deltaY));
      },
      { passive: false },
    );
  }

  setVolume(volume: PreparedVolume): void {
    this.volume = volume;
    this.layouts = new Map(SLICE_PLANES.map((p) => [p, sliceLayout(p, volume.voxelToPatient, volume.shape, volume.spacing)]));
    this.drawn = null;
    this.table = null;
    this.pointer = null;
    const toVoxel = patientToVoxel(volume.voxelToPatient);
    this.measured = volume.measurements.filter((m) => m.visible && m.patientPoints).map((m) => ({ m, voxels: m.patientPoints!.map(toVoxel) }));
    this.element.hidden = false;
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
    for (const [plane, b] of this.buttons) b.setAttribute('aria-pressed', String(plane === state.slice.plane));
    this.slider.max = String(layout.normal.count - 1);
    this.slider.value = String(index);
    this.axisLabel.textContent = layout.normalLabel;
    this.where.textContent = `${index + 1}/${layout.normal.count}`;
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
    this.drawMarks(layout, index);
    this.showReadout();
  }

  /** Each measurement lying in this slice: its polyline, its points and "name value". */
  private drawMarks(layout: SliceLayout, index: number): void {
    const ctx = this.marks.getContext('2d')!;
    ctx.clearRect(0, 0, this.marks.width, this.marks.height);
    const scale = this.marks.width / this.canvas.width; // overlay pixels per voxel
    const dpr = this.marks.width / Math.max(1, parseFloat(this.canvas.style.width));
    const drawn: string[] = [];
    for (const { m, voxels } of this.measured) {
      const points = pointsOnSlice(voxels, layout, index);
      if (!points) continue;
      const colour = cssColour(m.colour);
      const xy = points.map(([c, r]) => [c * scale, r * scale]);
      ctx.strokeStyle = ctx.fillStyle = colour;
      ctx.lineWidth = 1.5 * dpr;
      ctx.beginPath();
      xy.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
      if (m.type === 'density-polygon' || m.type === 'density-ellipse') ctx.closePath();
      ctx.stroke();
      for (const [x, y] of xy) ctx.fillRect(x - 2 * dpr, y - 2 * dpr, 4 * dpr, 4 * dpr);
      // the label by the vertex of an angle, else by the first point
      const [lx, ly] = xy[m.type === 'angular' ? 1 : 0];
      ctx.font = `${11 * dpr}px system-ui, sans-serif`;
      ctx.shadowColor = '#000';
      ctx.shadowBlur = 3 * dpr;
      ctx.fillText(`${m.name} ${measurementValue(m)}`, lx + 4 * dpr, ly - 4 * dpr);
      ctx.shadowBlur = 0;
      drawn.push(m.name);
    }
    this.marks.dataset.drawn = drawn.join(',');
  }

  /** The volume's masks the state shows that have data on the render grid, in the project's order. */
  private shownMasks(state: ViewerState): PreparedVolume['masks'] {
    const visible = new Set(state.visibleMasks);
    return (this.volume?.masks ?? []).filter((m) => m.data && visible.has(m.name));
  }

  /** Canvas of one pixel per voxel, shown at the slice's true proportions in mm. */
  private resize(layout: SliceLayout): void {
    const size = canvasSize(layout);
    this.canvas.width = size.width;
    this.canvas.height = size.height;
    const aspect = size.heightMm / size.widthMm;
    const cssWidth = aspect > MAX_ASPECT ? (this.panelWidth * MAX_ASPECT) / aspect : this.panelWidth;
    this.canvas.style.width = `${cssWidth}px`;
    this.canvas.style.height = `${cssWidth * aspect}px`;
    const dpr = globalThis.devicePixelRatio || 1;
    this.marks.width = Math.round(cssWidth * dpr);
    this.marks.height = Math.round(cssWidth * aspect * dpr);
    this.marks.style.width = this.canvas.style.width;
    this.marks.style.height = this.canvas.style.height;
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

  private startDrag(e: PointerEvent): void {
    if (e.button !== 0 || !this.volume) return;
    this.endDrag(); // a missed pointerup never leaves the view at drag quality
    this.drag = { x: e.clientX, y: e.clientY, window: { ...this.host.state().window } };
    this.canvas.setPointerCapture?.(e.pointerId);
    this.host.beginInteraction();
  }

  private dragWindow(e: PointerEvent): void {
    if (!this.drag || !this.volume) return;
    const { histogram } = this.volume;
    const window = draggedWindow(this.drag.window, e.clientX - this.drag.x, e.clientY - this.drag.y, histogram.max - histogram.min, histogram.binWidth >= 1);
    this.host.update({ window, windowPresetId: null });
  }

  private endDrag(): void {
    if (!this.drag) return;
    this.drag = null;
    this.host.endInteraction();
  }

  private point(e: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width <= 0 || rect.height <= 0) return;
    const column = Math.floor(((e.clientX - rect.left) / rect.width) * this.canvas.width);
    const row = Math.floor(((e.clientY - rect.top) / rect.height) * this.canvas.height);
    this.pointer = { column: Math.min(this.canvas.width - 1, Math.max(0, column)), row: Math.min(this.canvas.height - 1, Math.max(0, row)) };
    this.showReadout();
  }

  private showReadout(): void {
    const vol = this.volume;
    const d = this.drawn;
    const layout = d && this.layouts.get(d.plane);
    if (!vol || !d || !layout || !this.pointer) {
      this.readout.textContent = 'Point at the slice to read a value';
      delete this.readout.dataset.value;
      return;
    }
    const voxel = voxelAt(layout, this.pointer.column, this.pointer.row, d.index);
    const i = linearIndex(vol.shape, voxel);
    const { decode, uncertainty } = codeDecoder(vol);
    const value = decode(vol.data[i]);
    const inside = vol.masks.filter((m) => m.data && m.data[i] >= 128).map((m) => m.name);
    this.readout.dataset.value = String(value);
    this.readout.dataset.voxel = voxel.join(',');
    this.readout.textContent = describeVoxel(voxel, vol, value, uncertainty) + (inside.length ? ` · in ${inside.join(', ')}` : '');
  }
}

/** Window values per CSS pixel of drag: the whole value range over 512 px (8 HU for a −1024…3071 CT). */
const DRAG_PIXELS_PER_RANGE = 512;

/**
 * The window after dragging (dx, dy) CSS px from where `start` was set, as cornerstone / OHIF do:
 * right widens, left narrows (never below 1), down raises the level, up lowers it. Whole values
 * for integer data.
 */
export function draggedWindow(start: WindowLevel, dx: number, dy: number, valueRange: number, integer: boolean): WindowLevel {
  const perPixel = Math.max(integer ? 1 : 1e-3, valueRange / DRAG_PIXELS_PER_RANGE);
  const snap = (v: number) => (integer ? Math.round(v) : v);
  return { level: snap(start.level + dy * perPixel), width: Math.max(1, snap(start.width + dx * perPixel)) };
}

/**
 * "x 120 y 88 z 40 · R 12.3 A 45.0 S 7.8 mm · −12 HU". Values of a resampled grid are the
 * render grid's (averaged) values, and coded ones (8/16-bit bundles) are ± half a code step:
 * the readout says so rather than pass either off as the scan's own voxel.
 */
export function describeVoxel(voxel: [number, number, number], vol: Pick<PreparedVolume, 'voxelToPatient' | 'shape' | 'sourceShape' | 'meta'>, value: number, uncertainty: number): string {
  const unit = vol.meta.isHU ? 'HU' : '(value)';
  const digits = decimals(uncertainty);
  const shown = uncertainty > 0 ? `≈ ${value.toFixed(digits)} ± ${uncertainty.toFixed(digits)}` : String(Math.round(value * 100) / 100);
  const resampled = vol.shape.some((n, i) => n !== vol.sourceShape[i]) ? ' (resampled grid)' : '';
  return `x ${voxel[0]} y ${voxel[1]} z ${voxel[2]} · ${patientText(vol.voxelToPatient, voxel)} · ${shown} ${unit}${resampled}`;
}

/** Patient position as "R 12.3 A 45.0 S 7.8 mm" (LPS signs turned into letters). */
function patientText(m: Mat4, voxel: [number, number, number]): string {
  const p = voxelToPatientPoint(m, voxel);
  const letters: [string, string][] = [
    ['L', 'R'],
    ['P', 'A'],
    ['S', 'I'],
  ];
  return `${p.map((v, i) => `${letters[i][v >= 0 ? 0 : 1]} ${Math.abs(v).toFixed(1)}`).join(' ')} mm`;
}

/** Decimals worth showing for a value known to ± `uncertainty`: none from ± 1 up. */
function decimals(uncertainty: number): number {
  return uncertainty >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(uncertainty)));
}
