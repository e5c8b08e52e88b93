/**
 * What a drag on the 2-D slice does, picked with three tool buttons:
 *  - W/L (the default): the window, as radiology viewers do (sideways the width, up and down the level);
 *  - Ruler: a line whose length in mm the slice panel shows (also shift-drag with any tool);
 *  - ROI: an ellipse whose voxels' statistics the slice panel shows.
 * One ruler or ROI at a time, on the slice it was drawn on; the panel draws and measures it.
 */
import type { WindowLevel } from '../../shared/volume';
import type { SlicePlane } from '../../shared/view-state';
import { draggedWindow } from '../viewer/slice-tools';
import { el } from './dom';
import type { PanelHost } from './panel-host';

export type SliceTool = 'window' | 'ruler' | 'roi';

/** A ruler or ROI: its two corners in canvas pixels of the slice it was drawn on. */
export interface UserMark {
  tool: 'ruler' | 'roi';
  plane: SlicePlane;
  index: number;
  a: [number, number];
  b: [number, number];
}

export interface PointerEnv {
  /** The slice shown, or null before the first volume. */
  shown(): { plane: SlicePlane; index: number } | null;
  /** The pointer in canvas pixels of the slice (continuous, clamped to it). */
  canvasPoint(e: PointerEvent): [number, number];
  /** The volume's value range, and whether its values are whole numbers (for window drags). */
  values(): { range: number; integer: boolean } | null;
  /** The ruler or ROI changed (or went): draw it again. */
  markChanged(): void;
}

const TOOLS: { tool: SliceTool; text: string; title: string }[] = [
  { tool: 'window', text: 'W/L', title: 'Drag: sideways for the window width, up and down for the level' },
  { tool: 'ruler', text: 'Ruler', title: 'Drag: a line and its length in mm (also Shift+drag)' },
  { tool: 'roi', text: 'ROI', title: 'Drag: an ellipse and the mean, SD and range of the values inside' },
];

export class SlicePointer {
  readonly toolbar: HTMLDivElement;
  private tool: SliceTool = 'window';
  private readonly buttons = new Map<SliceTool, HTMLButtonElement>();
  private drag: { kind: 'window'; x: number; y: number; window: WindowLevel } | { kind: 'mark' } | null = null;
  private current: UserMark | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly host: PanelHost,
    private readonly env: PointerEnv,
  ) {
    this.toolbar = el('div', { className: 'hf-row hf-slice-tools', role: 'group', 'aria-label': 'Slice tools' });
    for (const { tool, text, title } of TOOLS) {
      const b = el('button', { type: 'button', 'data-tool': tool, 'aria-pressed': String(tool === this.tool), title, text });
      b.addEventListener('click', () => this.select(tool));
      this.buttons.set(tool, b);
      this.toolbar.append(b);
    }
    canvas.addEventListener('pointerdown', (e) => this.start(e));
    canvas.addEventListener('pointermove', (e) => this.move(e));
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture'] as const) canvas.addEventListener(type, () => this.end());
  }

  /** The ruler or ROI, if it was drawn on the slice shown. */
  get mark(): UserMark | null {
    const shown = this.env.shown();
    const m = this.current;
    return m && shown && m.plane === shown.plane && m.index === shown.index ? m : null;
  }

  /** Forgets the ruler or ROI (a new volume). */
  clear(): void {
    this.current = null;
  }

  private select(tool: SliceTool): void {
    this.tool = tool;
    for (const [t, b] of this.buttons) b.setAttribute('aria-pressed', String(t === tool));
  }

  private start(e: PointerEvent): void {
    const shown = this.env.shown();
    if (e.button !== 0 || !shown) return;
    this.end(); // a missed pointerup never leaves the view at drag quality
    this.canvas.setPointerCapture?.(e.pointerId);
    const tool = e.shiftKey ? 'ruler' : this.tool;
    if (tool === 'window') {
      this.drag = { kind: 'window', x: e.clientX, y: e.clientY, window: { ...this.host.state().window } };
      this.host.beginInteraction();
      return;
    }
    const at = this.env.canvasPoint(e);
    this.drag = { kind: 'mark' };
    this.current = { tool, ...shown, a: at, b: at };
    this.env.markChanged();
  }

  private move(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag) return;
    if (drag.kind === 'mark') {
      if (this.current) this.current.b = this.env.canvasPoint(e);
      this.env.markChanged();
      return;
    }
    const values = this.env.values();
    if (!values) return;
    const window = draggedWindow(drag.window, e.clientX - drag.x, e.clientY - drag.y, values.range, values.integer);
    this.host.update({ window, windowPresetId: null });
  }

  private end(): void {
    const drag = this.drag;
    this.drag = null;
    if (drag?.kind === 'window') this.host.endInteraction();
  }
}
