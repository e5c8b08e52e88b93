/**
 * "Surfaces" side-panel section: one row per InVesalius surface (visibility checkbox, colour
 * swatch, name) writing `visibleSurfaces` through the PanelHost, then one row per mask (a
 * checkbox for drawing it over the 2-D slice, writing `visibleMasks`, its swatch and name, and
 * its volume in mL: the exact source-grid volume prepare reports, else an estimate from the
 * render grid marked "≈"). Hidden when the scan has neither.
 */
import type { PreparedMask, PreparedSurface } from '../../shared/prepared';
import type { ViewerState } from '../../shared/view-state';
import { el, swatch } from './dom';
import type { PanelHost } from './panel-host';

export class SurfacesPanel {
  readonly element: HTMLDivElement;
  private checkboxes: { name: string; box: HTMLInputElement }[] = [];
  private maskBoxes: { name: string; box: HTMLInputElement }[] = [];
  private readonly hint = el('div', { className: 'hf-unit hf-surfaces-hint', text: 'Surfaces show in DVR and Iso only' });

  constructor(private readonly host: PanelHost) {
    this.element = el('div', { className: 'hf-surfaces', 'aria-label': 'Surfaces and masks' });
    this.element.hidden = true;
  }

  /** `voxelMm3`: the volume of one render-grid voxel (product of its spacing). */
  setContents(surfaces: readonly PreparedSurface[], masks: readonly PreparedMask[], voxelMm3: number): void {
    this.checkboxes = [];
    this.maskBoxes = [];
    const rows: HTMLElement[] = [];
    if (surfaces.length) rows.push(el('div', { className: 'hf-section-title', text: 'Surfaces' }), this.hint);
    for (const s of surfaces) {
      const box = el('input', { type: 'checkbox', 'data-surface': s.name, 'aria-label': `Show surface ${s.name}` });
      box.addEventListener('change', () => this.toggle('visibleSurfaces', s.name, box.checked));
      this.checkboxes.push({ name: s.name, box });
      const triangles = Math.floor(s.indices.length / 3);
      rows.push(el('label', { className: 'hf-row hf-surface', title: `${triangles.toLocaleString('en')} triangles` }, [box, swatch(s.colour), s.name]));
    }
    if (masks.length) rows.push(el('div', { className: 'hf-section-title', text: 'Masks' }), el('div', { className: 'hf-unit', text: 'Masks show on the slice' }));
    for (const m of masks) {
      const count =
        m.volumeMm3 !== undefined ? maskVolumeLabel(m.volumeMm3) : m.data ? `≈ ${maskVolumeLabel(countSet(m.data) * voxelMm3)}` : 'no data';
      const box = el('input', { type: 'checkbox', 'data-mask-toggle': m.name, 'aria-label': `Show mask ${m.name} on the slice` });
      box.disabled = !m.data;
      box.addEventListener('change', () => this.toggle('visibleMasks', m.name, box.checked));
      this.maskBoxes.push({ name: m.name, box });
      rows.push(el('label', { className: 'hf-row hf-mask', 'data-mask': m.name }, [box, swatch(m.colour), m.name, el('span', { className: 'hf-unit', text: count })]));
    }
    this.element.replaceChildren(...rows);
    this.element.hidden = rows.length === 0;
  }

  refresh(state: ViewerState): void {
    const visible = new Set(state.visibleSurfaces);
    for (const { name, box } of this.checkboxes) box.checked = visible.has(name);
    const masks = new Set(state.visibleMasks);
    for (const { name, box } of this.maskBoxes) box.checked = masks.has(name);
    this.hint.hidden = state.mode === 'dvr' || state.mode === 'iso';
  }

  private toggle(field: 'visibleSurfaces' | 'visibleMasks', name: string, show: boolean): void {
    const others = this.host.state()[field].filter((n) => n !== name);
    this.host.update({ [field]: show ? [...others, name] : others });
  }
}

/** A mask's volume for display, in mL (1 mL = 1000 mm³). */
export function maskVolumeLabel(mm3: number): string {
  const ml = mm3 / 1000;
  return `${ml.toLocaleString('en', { maximumFractionDigits: ml < 10 ? 2 : 1 })} mL`;
}

/** Voxels inside the mask (non-zero; masks are 0/255 on the render grid). */
export function countSet(data: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) n++;
  return n;
}
