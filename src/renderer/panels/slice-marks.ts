/**
 * The layer drawn over the 2-D slice at screen resolution: the project's measurements lying in
 * the slice shown, and the user's ruler or ROI. It only draws; the slice panel decides what lies
 * where and measures it. Points are in canvas pixels of the slice (one per voxel).
 */
import type { Measurement } from '../../shared/volume';
import { measurementValue } from '../viewer/slice-measurements';
import { cssColour, el } from './dom';

export interface MarkedMeasurement {
  m: Measurement;
  points: [number, number][];
}

/** The user's ruler (a line from a to b) or ROI (the ellipse inscribed in the box a–b), labelled. */
export interface MarkDrawing {
  shape: 'line' | 'ellipse';
  a: [number, number];
  b: [number, number];
  label: string;
}

const USER_COLOUR = '#ffd24a';
const CROSS_COLOUR = '#4ad8ff';

/** Where a label goes: above and right of (x, y), or centred below it. */
interface LabelAt {
  x: number;
  y: number;
  below: boolean;
}

export class SliceMarks {
  readonly canvas = el('canvas', { className: 'hf-slice-marks', 'data-drawn': '' });
  /** Slice canvas pixels (voxels) across, to scale points to this layer. */
  private voxelsWide = 1;
  private dpr = 1;

  /**
   * Matches the slice canvas: `cssWidth` × `cssHeight` on screen, `voxelsWide` pixels across;
   * `dpr` device pixels per CSS pixel (the screen's, unless drawing for a file).
   */
  resize(cssWidth: number, cssHeight: number, voxelsWide: number, dpr = globalThis.devicePixelRatio || 1): void {
    this.dpr = dpr;
    this.voxelsWide = voxelsWide;
    this.canvas.width = Math.round(cssWidth * this.dpr);
    this.canvas.height = Math.round(cssHeight * this.dpr);
    this.canvas.style.width = `${cssWidth}px`;
    this.canvas.style.height = `${cssHeight}px`;
  }

  /** `cross`: a voxel picked in the 3-D view, marked with a cross (canvas pixels of its centre). */
  draw(measurements: readonly MarkedMeasurement[], user: MarkDrawing | null, cross: [number, number] | null = null): void {
    const ctx = this.canvas.getContext('2d')!;
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const scale = this.canvas.width / this.voxelsWide;
    const at = ([c, r]: [number, number]): [number, number] => [c * scale, r * scale];
    for (const { m, points } of measurements) {
      const closed = m.type === 'density-polygon' || m.type === 'density-ellipse';
      // a length's label under its middle, an angle's over its vertex, others' by the first point
      const xy = points.map(at);
      const labelAt: LabelAt =
        m.type === 'linear' ? { x: (xy[0][0] + xy[1][0]) / 2, y: (xy[0][1] + xy[1][1]) / 2, below: true } : { x: xy[m.type === 'angular' ? 1 : 0][0], y: xy[m.type === 'angular' ? 1 : 0][1], below: false };
      this.polyline(ctx, xy, cssColour(m.colour), closed, `${m.name} ${measurementValue(m)}`, labelAt);
    }
    if (user?.shape === 'line') this.polyline(ctx, [at(user.a), at(user.b)], USER_COLOUR, false, user.label, { x: at(user.b)[0], y: at(user.b)[1], below: false });
    if (user?.shape === 'ellipse') this.ellipse(ctx, at(user.a), at(user.b), user.label);
    if (cross) this.cross(ctx, at(cross));
    this.canvas.dataset.drawn = measurements.map(({ m }) => m.name).join(',');
    this.canvas.dataset.cross = cross ? cross.join(',') : '';
  }

  /** A cross with a gap at its centre, so the voxel itself stays visible. */
  private cross(ctx: CanvasRenderingContext2D, [x, y]: [number, number]): void {
    const [gap, arm] = [4 * this.dpr, 12 * this.dpr];
    ctx.strokeStyle = CROSS_COLOUR;
    ctx.lineWidth = 1.5 * this.dpr;
    ctx.beginPath();
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      ctx.moveTo(x + dx * gap, y + dy * gap);
      ctx.lineTo(x + dx * arm, y + dy * arm);
    }
    ctx.stroke();
  }

  /** The ellipse inscribed in the box with corners a and b, with `label` by b. */
  private ellipse(ctx: CanvasRenderingContext2D, a: [number, number], b: [number, number], label: string): void {
    ctx.strokeStyle = ctx.fillStyle = USER_COLOUR;
    ctx.lineWidth = 1.5 * this.dpr;
    ctx.beginPath();
    ctx.ellipse((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, Math.abs(b[0] - a[0]) / 2, Math.abs(b[1] - a[1]) / 2, 0, 0, 2 * Math.PI);
    ctx.stroke();
    this.label(ctx, label, { x: b[0], y: b[1], below: false });
  }

  /** A line through `xy` with a dot on each point, and `label` at `labelAt`. */
  private polyline(ctx: CanvasRenderingContext2D, xy: [number, number][], colour: string, closed: boolean, label: string, labelAt: LabelAt): void {
    const dpr = this.dpr;
    ctx.strokeStyle = ctx.fillStyle = colour;
    ctx.lineWidth = 1.5 * dpr;
    ctx.beginPath();
    xy.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)));
    if (closed) ctx.closePath();
    ctx.stroke();
    for (const [x, y] of xy) ctx.fillRect(x - 2 * dpr, y - 2 * dpr, 4 * dpr, 4 * dpr);
    this.label(ctx, label, labelAt);
  }

  /**
   * `label` in the current fill colour with a dark halo: centred under (x, y) when `below`, else
   * above and right of it; moved back inside the layer where it would run off.
   */
  private label(ctx: CanvasRenderingContext2D, label: string, { x, y, below }: LabelAt): void {
    const dpr = this.dpr;
    const size = 11 * dpr;
    ctx.font = `${size}px system-ui, sans-serif`;
    ctx.shadowColor = '#000';
    ctx.shadowBlur = 3 * dpr;
    const width = ctx.measureText(label).width;
    const left = below ? x - width / 2 : x + 4 * dpr;
    const baseline = below ? y + 4 * dpr + size : y - 4 * dpr;
    ctx.fillText(label, Math.min(this.canvas.width - width, Math.max(0, left)), Math.min(this.canvas.height, Math.max(size, baseline)));
    ctx.shadowBlur = 0;
  }
}
