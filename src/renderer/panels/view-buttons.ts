/** Standard-view, reset and PNG buttons laid over the 3-D view. */
import type { StandardView } from '../viewer/geometry';
import { el } from './dom';

export interface ViewActions {
  standardView(view: StandardView): void;
  resetView(): void;
  savePng(): void;
}

const VIEWS: [StandardView, string, string][] = [
  ['anterior', 'A', 'Anterior view'],
  ['posterior', 'P', 'Posterior view'],
  ['left', 'L', "Patient's left side"],
  ['right', 'R', "Patient's right side"],
  ['superior', 'S', 'Superior view'],
  ['inferior', 'I', 'Inferior view'],
];

export function viewButtons(actions: ViewActions): HTMLDivElement {
  const bar = el('div', { className: 'hf-view-buttons', role: 'toolbar' });
  for (const [view, letter, title] of VIEWS) {
    const b = el('button', { type: 'button', 'data-view': view, title, text: letter });
    b.addEventListener('click', () => actions.standardView(view));
    bar.append(b);
  }
  const reset = el('button', { type: 'button', 'data-view': 'reset', title: 'Reset view', text: '⟲' });
  reset.addEventListener('click', () => actions.resetView());
  const png = el('button', { type: 'button', 'data-action': 'png', title: 'Save PNG', text: 'PNG' });
  png.addEventListener('click', () => actions.savePng());
  bar.append(reset, png);
  return bar;
}
