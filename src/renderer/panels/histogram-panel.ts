/**
 * Histogram of the volume's values (log counts) with the axis in HU (or "value" for non-HU data),
 * tissue reference marks, and the control for the current mode drawn over it:
 *  - MIP / MinIP: the window (drag its centre → level, its edges → width),
 *  - DVR: the transfer-function points (drag to move, double-click to add, right-click to delete),
 *  - iso: the threshold marker (drag).
 * Two stacked canvases: bars (drawn once per volume) and the overlay (redrawn on every change).
 */
import type { Histogram } from '../../shared/prepared';
import type { TfPoint } from '../../shared/presets/transfer-presets';
import { clonePoints, type ViewerState } from '../../shared/view-state';
import { columnHeights, histogramAxis, histogramPlot, TISSUE_MARKS, ticks, valueToX, xToValue, type Axis } from './histogram-math';
import type { PanelHost } from './panel-host';

export const BAR_COLOUR = 'rgb(96, 128, 168)';
const HANDLE_PX = 6;

type Drag = { kind: 'level'; startValue: number; startLevel: number } | { kind: 'lo' | 'hi' } | { kind: 'point'; index: number } | { kind: 'iso' };

export class HistogramPanel {
  readonly element: HTMLDivElement;
  readonly bars: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  private readonly readout: HTMLDivElement;
  private hist: Histogram | null = null;
  private isHU = true;
  private axis: Axis = { min: 0, max: 1, width: 1 };
  private drag: Drag | null = null;

  constructor(
    private readonly host: PanelHost,
    private readonly width = 300,
    private readonly height = 150,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'hf-histogram';
    this.element.style.width = `${width}px`;
    this.element.style.height = `${height}px`;
    this.bars = this.makeCanvas('hf-histogram-bars');
    this.overlay = this.makeCanvas('hf-histogram-overlay');
    this.readout = document.createElement('div');
    this.readout.className = 'hf-histogram-readout';
    this.element.appendChild(this.readout);
    this.overlay.addEventListener('pointerleave', () => (this.readout.textContent = ''));
    this.overlay.addEventListener('pointerdown', (e) => this.down(e));
    this.overlay.addEventListener('pointermove', (e) => this.move(e));
    this.overlay.addEventListener('pointerup', (e) => this.up(e));
    this.overlay.addEventListener('pointercancel', (e) => this.up(e));
    this.overlay.addEventListener('dblclick', (e) => this.addPoint(e));
    this.overlay.addEventListener('contextmenu', (e) => this.removePoint(e));
  }

  /** Plot rectangle: value axis spans the full width; bars grow up from `bottom`. */
  get plot(): { top: number; bottom: number; height: number } {
    return histogramPlot(this.height);
  }

  setVolume(hist: Histogram, isHU: boolean): void {
    this.hist = hist;
    this.isHU = isHU;
    this.axis = histogramAxis(hist, this.width, isHU);
    this.bars.dataset.axisUnit = isHU ? 'HU' : 'value';
    this.drawBars();
    this.refresh(this.host.state());
  }

  refresh(state: ViewerState): void {
    const ctx = this.overlay.getContext('2d');
    if (!ctx || !this.hist) return;
    ctx.clearRect(0, 0, this.width, this.height);
    if (state.mode === 'dvr') this.drawTransfer(ctx, state.transfer);
    else if (state.mode === 'iso') this.drawIso(ctx, state.isoThreshold);
    else this.drawWindow(ctx, state);
  }

  private makeCanvas(className: string): HTMLCanvasElement {
    const c = document.createElement('canvas');
    c.className = className;
    c.width = this.width;
    c.height = this.height;
    this.element.appendChild(c);
    return c;
  }

  private drawBars(): void {
    const ctx = this.bars.getContext('2d');
    if (!ctx || !this.hist) return;
    const { top, bottom, height } = this.plot;
    ctx.fillStyle = 'rgb(20, 22, 26)';
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.font = '10px sans-serif';
    ctx.textBaseline = 'top';
    if (this.isHU) {
      let labelEnd = -Infinity; // skip a label that would overprint the previous one
      for (const m of TISSUE_MARKS) {
        const x = Math.round(valueToX(this.axis, m.hu)) + 0.5;
        if (x < 0 || x > this.width) continue;
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.25)';
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.stroke();
        const lx = Math.min(x + 2, this.width - 30);
        if (lx < labelEnd) continue;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.6)';
        ctx.fillText(m.label, lx, 1);
        labelEnd = lx + ctx.measureText(m.label).width + 3;
      }
    }
    // Bars after the marks, so every bar pixel has exactly BAR_COLOUR (tests read them back).
    const heights = columnHeights(this.hist, this.axis);
    ctx.fillStyle = BAR_COLOUR;
    for (let x = 0; x < heights.length; x++) {
      const h = Math.round(heights[x] * height);
      if (h > 0) ctx.fillRect(x, bottom - h, 1, h);
    }
    ctx.fillStyle = 'rgb(200, 200, 200)';
    ctx.textBaseline = 'top';
    for (const v of ticks(this.axis, 5)) {
      const x = valueToX(this.axis, v);
      ctx.fillRect(Math.round(x), bottom, 1, 3);
      if (x < this.width - 40) ctx.fillText(String(v), x + 2, bottom + 3);
    }
    const unit = this.isHU ? 'HU' : 'value';
    ctx.textAlign = 'right';
    ctx.fillText(unit, this.width - 2, bottom + 3);
    ctx.textAlign = 'left';
  }

  private drawWindow(ctx: CanvasRenderingContext2D, state: ViewerState): void {
    const { top, bottom } = this.plot;
    const lo = valueToX(this.axis, state.window.level - state.window.width / 2);
    const hi = valueToX(this.axis, state.window.level + state.window.width / 2);
    ctx.fillStyle = 'rgba(255, 190, 60, 0.15)';
    ctx.fillRect(lo, top, hi - lo, bottom - top);
    ctx.strokeStyle = 'rgb(255, 190, 60)';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(lo, top);
    ctx.lineTo(lo, bottom);
    ctx.moveTo(hi, top);
    ctx.lineTo(hi, bottom);
    ctx.stroke();
    ctx.lineWidth = 1;
    ctx.beginPath(); // the grey ramp the window maps values to
    ctx.moveTo(0, bottom);
    ctx.lineTo(lo, bottom);
    ctx.lineTo(hi, top);
    ctx.lineTo(this.width, top);
    ctx.stroke();
  }

  /** Opacity is drawn on a square-root scale so small per-mm opacities stay visible and draggable. */
  private opacityToY(opacity: number): number {
    const { bottom, height } = this.plot;
    return bottom - Math.sqrt(Math.max(0, Math.min(1, opacity))) * height;
  }

  private yToOpacity(y: number): number {
    const { bottom, height } = this.plot;
    const s = Math.max(0, Math.min(1, (bottom - y) / height));
    return s * s;
  }

  private drawTransfer(ctx: CanvasRenderingContext2D, points: readonly TfPoint[]): void {
    ctx.strokeStyle = 'rgb(255, 255, 255)';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    points.forEach((p, i) => {
      const x = valueToX(this.axis, p.hu);
      const y = this.opacityToY(p.opacity);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
    for (const p of points) {
      ctx.fillStyle = `rgb(${p.color.map((c) => Math.round(c * 255)).join(',')})`;
      ctx.beginPath();
      ctx.arc(valueToX(this.axis, p.hu), this.opacityToY(p.opacity), 4, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
  }

  private drawIso(ctx: CanvasRenderingContext2D, threshold: number): void {
    const { top, bottom } = this.plot;
    const x = valueToX(this.axis, threshold);
    ctx.strokeStyle = 'rgb(255, 90, 70)';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillStyle = 'rgb(255, 90, 70)';
    ctx.font = '10px sans-serif';
    ctx.textBaseline = 'top';
    ctx.fillText(`${Math.round(threshold)}`, Math.min(x + 3, this.width - 30), top + 2);
  }

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.overlay.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * this.width, y: ((e.clientY - r.top) / r.height) * this.height };
  }

  private nearestPoint(x: number, y: number): number {
    const points = this.host.state().transfer;
    let best = -1;
    let bestD = HANDLE_PX + 2;
    points.forEach((p, i) => {
      const d = Math.hypot(valueToX(this.axis, p.hu) - x, this.opacityToY(p.opacity) - y);
      if (d < bestD) [best, bestD] = [i, d];
    });
    return best;
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0 || !this.hist) return;
    const { x, y } = this.local(e);
    const state = this.host.state();
    if (state.mode === 'dvr') {
      const index = this.nearestPoint(x, y);
      if (index < 0) return;
      this.drag = { kind: 'point', index };
    } else if (state.mode === 'iso') {
      this.drag = { kind: 'iso' };
    } else {
      const lo = valueToX(this.axis, state.window.level - state.window.width / 2);
      const hi = valueToX(this.axis, state.window.level + state.window.width / 2);
      if (Math.abs(x - lo) <= HANDLE_PX) this.drag = { kind: 'lo' };
      else if (Math.abs(x - hi) <= HANDLE_PX) this.drag = { kind: 'hi' };
      else this.drag = { kind: 'level', startValue: xToValue(this.axis, x), startLevel: state.window.level };
    }
    this.overlay.setPointerCapture?.(e.pointerId);
    this.host.beginInteraction();
    this.move(e);
  }

  private move(e: PointerEvent): void {
    if (!this.drag) return this.showReadout(e);
    const { x, y } = this.local(e);
    const value = xToValue(this.axis, x);
    const state = this.host.state();
    const step = this.hist && this.hist.binWidth >= 1 ? 1 : 0.001;
    const snap = (v: number) => Math.round(v / step) * step;
    switch (this.drag.kind) {
      case 'level':
        this.host.update({ window: { level: snap(this.drag.startLevel + value - this.drag.startValue), width: state.window.width }, windowPresetId: null });
        break;
      case 'lo':
        this.host.update({ window: { level: state.window.level, width: Math.max(1, snap(2 * (state.window.level - value))) }, windowPresetId: null });
        break;
      case 'hi':
        this.host.update({ window: { level: state.window.level, width: Math.max(1, snap(2 * (value - state.window.level))) }, windowPresetId: null });
        break;
      case 'iso':
        this.host.update({ isoThreshold: snap(value) });
        break;
      case 'point': {
        const points = clonePoints(state.transfer);
        const i = this.drag.index;
        const left = i > 0 ? points[i - 1].hu : -Infinity;
        const right = i < points.length - 1 ? points[i + 1].hu : Infinity;
        points[i].hu = snap(Math.min(right, Math.max(left, value)));
        points[i].opacity = this.yToOpacity(y);
        this.host.update({ transfer: points, transferPresetId: null });
        break;
      }
    }
  }

  /** Hover readout: the value under the pointer and how many voxels have it. */
  private showReadout(e: PointerEvent): void {
    if (!this.hist) return;
    const value = xToValue(this.axis, this.local(e).x);
    const bin = Math.floor((value - this.hist.min) / this.hist.binWidth);
    const count = this.hist.counts[bin] ?? 0;
    const binStart = this.hist.min + bin * this.hist.binWidth; // the value whose count is shown
    const unit = this.isHU ? 'HU' : '';
    this.readout.textContent = `${Math.round(binStart * 100) / 100} ${unit} · ${count.toLocaleString('en-US')} voxels`;
  }

  private up(e: PointerEvent): void {
    if (!this.drag) return;
    this.drag = null;
    this.overlay.releasePointerCapture?.(e.pointerId);
    this.host.endInteraction();
  }

  private addPoint(e: MouseEvent): void {
    const state = this.host.state();
    if (state.mode !== 'dvr') return;
    const { x, y } = this.local(e);
    const hu = Math.round(xToValue(this.axis, x));
    const points = clonePoints(state.transfer);
    const near = points.reduce((a, p) => (Math.abs(p.hu - hu) < Math.abs(a.hu - hu) ? p : a), points[0]);
    points.push({ hu, color: near ? [...near.color] : [1, 1, 1], opacity: this.yToOpacity(y) });
    points.sort((a, b) => a.hu - b.hu);
    this.host.update({ transfer: points, transferPresetId: null });
  }

  private removePoint(e: MouseEvent): void {
    e.preventDefault();
    const state = this.host.state();
    if (state.mode !== 'dvr' || state.transfer.length <= 2) return;
    const { x, y } = this.local(e);
    const index = this.nearestPoint(x, y);
    if (index < 0) return;
    const points = clonePoints(state.transfer);
    points.splice(index, 1);
    this.host.update({ transfer: points, transferPresetId: null });
  }
}
