/**
 * The slice panel's controls above the image: the plane buttons, the slider with its direction
 * label and position, and the row of actions (3-D slab with its thickness, Large, PNG). They only
 * build the elements and call back; the panel (slice-panel.ts) holds the state.
 */
import { SLICE_PLANES, type SlicePlane } from '../../shared/view-state';
import { el } from './dom';

/** Default thickness of the 3-D slab around the slice, in mm. */
const DEFAULT_SLAB_MM = 10;

export interface SliceControlActions {
  plane(plane: SlicePlane): void;
  /** The slider moved to slice `index`. */
  goTo(index: number): void;
  /** "3-D slab", with a valid thickness. */
  slab(mm: number): void;
  toggleLarge(): void;
  savePng(): void;
}

export interface SliceControls {
  /** The title row, the slider row and the action row, in order. */
  rows: HTMLElement[];
  planeButtons: Map<SlicePlane, HTMLButtonElement>;
  slider: HTMLInputElement;
  /** "I → S": where the slider runs. */
  axisLabel: HTMLSpanElement;
  /** "15/28". */
  where: HTMLSpanElement;
  largeButton: HTMLButtonElement;
}

export function sliceControls(actions: SliceControlActions): SliceControls {
  const button = (props: Record<string, string>, onClick: () => void) => {
    const b = el('button', { type: 'button', ...props });
    b.addEventListener('click', onClick);
    return b;
  };
  const title = el('div', { className: 'hf-row hf-section-title' }, ['Slice ']);
  const planeButtons = new Map<SlicePlane, HTMLButtonElement>();
  for (const plane of SLICE_PLANES) {
    const b = button({ 'data-plane': plane, 'aria-pressed': 'false', text: plane[0].toUpperCase() + plane.slice(1) }, () => actions.plane(plane));
    planeButtons.set(plane, b);
    title.append(b);
  }
  const axisLabel = el('span', { className: 'hf-slice-axis' });
  const slider = el('input', { type: 'range', min: '0', max: '0', step: '1', 'data-field': 'slice', 'aria-label': 'Slice' });
  slider.addEventListener('input', () => actions.goTo(Number(slider.value)));
  const where = el('span', { className: 'hf-unit hf-slice-where', 'data-slice-where': '' });
  const thickness = el('input', { type: 'number', min: '0.1', step: '0.5', value: String(DEFAULT_SLAB_MM), 'data-field': 'slice-slab-mm', 'aria-label': '3-D slab thickness in mm' });
  const slab = button({ 'data-action': 'slice-slab', title: 'Crop the 3-D view to a slab this thick around the slice, seen as the slice is', text: '3-D slab' }, () => {
    const mm = Number(thickness.value);
    if (Number.isFinite(mm) && mm > 0) actions.slab(mm);
  });
  const largeButton = button({ 'data-action': 'slice-large', 'aria-pressed': 'false', title: 'Show the slice large, in place of the 3-D view', text: 'Large' }, () => actions.toggleLarge());
  const png = button({ 'data-action': 'slice-png', title: 'Save the slice as shown (marks and directions included) as a PNG', text: 'PNG' }, () => actions.savePng());
  return {
    rows: [
      title,
      el('div', { className: 'hf-row hf-slice-row' }, [axisLabel, slider, where]),
      el('div', { className: 'hf-row hf-slice-row' }, [slab, thickness, el('span', { className: 'hf-unit', text: 'mm' }), largeButton, png]),
    ],
    planeButtons,
    slider,
    axisLabel,
    where,
    largeButton,
  };
}
