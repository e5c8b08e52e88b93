/**
 * "Crop" side-panel section: per volume axis, two sliders (from, to) that set ViewerState.crop,
 * so MIP and MinIP can look at a slab (a MinIP of the whole box is mostly the air around the
 * head) and DVR/iso can cut into the anatomy. Each row is named by the patient directions its
 * axis runs between (e.g. "R → L"), read from the volume's own matrix, and shows the thickness
 * kept in mm (a slab's thickness). "Slab" sets a slab of the given thickness across the viewing
 * direction, on the volume axis closest to it. Surfaces are cut by the same box.
 */
import type { Mat4 } from '../../shared/volume';
import { axisLabel } from '../viewer/geometry';
import { fullCrop, type CropBox, type ViewerState } from '../../shared/view-state';
import { el } from './dom';
import type { PanelHost } from './panel-host';

/** Slider steps per axis (a step is 0.1 % of the axis). */
const STEPS = 1000;
const AXES = ['x', 'y', 'z'] as const;

/**
 * For volume axes x, y, z (columns, rows, slices): "from → to" in patient directions, e.g.
 * "R → L" when increasing x points to the patient's left. `voxelToPatient` is row-major.
 */
export function cropAxisLabels(voxelToPatient: Mat4, orientationKnown = true): [string, string, string] {
  // without a patient orientation, the rows are named after the voxel axes alone
  if (!orientationKnown) return ['x (columns)', 'y (rows)', 'z (slices)'];
  return [axisLabel(voxelToPatient, 0), axisLabel(voxelToPatient, 1), axisLabel(voxelToPatient, 2)];
}

export interface CropActions {
  /** A slab `mm` thick across the current viewing direction. */
  slab(mm: number): void;
}

/** Default slab thickness offered, in mm. */
const DEFAULT_SLAB_MM = 10;

export class CropPanel {
  readonly element: HTMLDivElement;
  private readonly rows: { label: HTMLSpanElement; from: HTMLInputElement; to: HTMLInputElement; kept: HTMLSpanElement }[] = [];
  /** Extent of the volume along x, y, z in mm (0 until a volume arrives). */
  private extentMm: [number, number, number] = [0, 0, 0];
  private readonly reset: HTMLButtonElement;

  constructor(
    private readonly host: PanelHost,
    actions: CropActions,
  ) {
    this.reset = el('button', { type: 'button', 'data-action': 'crop-reset', title: 'Show the whole volume', text: 'Full' });
    this.reset.addEventListener('click', () => host.update({ crop: fullCrop() }));
    const thickness = el('input', { type: 'number', min: '0.1', step: '0.5', value: String(DEFAULT_SLAB_MM), 'data-field': 'slab-mm', 'aria-label': 'Slab thickness in mm' });
    const slab = el('button', { type: 'button', 'data-action': 'crop-slab', title: 'A slab this thick across the viewing direction', text: 'Slab' });
    slab.addEventListener('click', () => {
      const mm = Number(thickness.value);
      if (Number.isFinite(mm) && mm > 0) actions.slab(mm);
    });
    const children: HTMLElement[] = [el('div', { className: 'hf-row hf-section-title' }, ['Crop ', this.reset, slab, thickness, el('span', { className: 'hf-unit', text: 'mm' })])];
    for (const axis of AXES) {
      const slider = (end: 'from' | 'to') =>
        el('input', { type: 'range', min: '0', max: String(STEPS), step: '1', 'data-crop': `${axis}-${end}`, 'aria-label': `Crop ${axis} ${end}` });
      const row = {
        label: el('span', { className: 'hf-crop-axis', text: axis }),
        from: slider('from'),
        to: slider('to'),
        kept: el('span', { className: 'hf-unit hf-crop-mm', 'data-crop-mm': axis }),
      };
      for (const input of [row.from, row.to]) this.listen(input);
      this.rows.push(row);
      children.push(el('div', { className: 'hf-row hf-crop' }, [row.label, row.from, row.to, row.kept]));
    }
    this.element = el('div', { className: 'hf-crop-panel', 'aria-label': 'Crop' }, children);
  }

  /**
   * Names the rows after the patient directions of the volume's axes (see cropAxisLabels);
   * `extentMm`: the volume's length along each axis (geometry.ts extentMm), for the mm shown.
   */
  setAxes(labels: [string, string, string], extentMm: [number, number, number]): void {
    this.extentMm = extentMm;
    labels.forEach((text, i) => {
      this.rows[i].label.textContent = text;
      this.rows[i].label.title = `volume axis ${AXES[i]}`;
    });
  }

  refresh(state: ViewerState): void {
    const { min, max } = state.crop;
    this.rows.forEach((row, i) => {
      row.from.value = String(Math.round(min[i] * STEPS));
      row.to.value = String(Math.round(max[i] * STEPS));
      row.kept.textContent = this.extentMm[i] > 0 ? `${((max[i] - min[i]) * this.extentMm[i]).toFixed(1)} mm` : '';
    });
    this.reset.disabled = min.every((v) => v === 0) && max.every((v) => v === 1);
  }

  /** Every move updates the crop; a pointer drag gets cheap frames until it ends, moved or not. */
  private listen(input: HTMLInputElement): void {
    let dragging = false;
    const end = () => {
      if (!dragging) return;
      dragging = false;
      this.host.endInteraction();
    };
    input.addEventListener('pointerdown', () => {
      end(); // a missed pointerup never leaves the view at drag quality
      dragging = true;
      this.host.beginInteraction();
    });
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture', 'change', 'blur']) input.addEventListener(type, end);
    input.addEventListener('input', () => this.host.update({ crop: this.read() }));
  }

  /**
   * The crop the sliders show. Where the two ends cross, the state keeps a thin slab at "to"
   * (sanitiseCrop): a "from" dragged past "to" stops there, a "to" dragged below "from" pushes it.
   */
  private read(): CropBox {
    const crop = fullCrop();
    this.rows.forEach((row, i) => {
      crop.min[i] = Number(row.from.value) / STEPS;
      crop.max[i] = Number(row.to.value) / STEPS;
    });
    return crop;
  }
}
