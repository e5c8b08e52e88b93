/**
 * "Scan" side-panel section: the facts of the open volume (viewer/scan-facts.ts), one per row,
 * so its grid, spacing, field of view and orientation can be checked at a glance.
 */
import type { PreparedVolume } from '../../shared/prepared';
import { scanFacts } from '../viewer/scan-facts';
import { el } from './dom';

export class ScanPanel {
  readonly element: HTMLDivElement;

  constructor(width: number) {
    this.element = el('div', { className: 'hf-scan', 'aria-label': 'Scan' });
    this.element.style.maxWidth = `${width}px`;
    this.element.hidden = true;
  }

  setVolume(volume: PreparedVolume): void {
    const rows = scanFacts(volume).map((f) =>
      el('div', { className: 'hf-fact', 'data-fact': f.label }, [el('span', { className: 'hf-unit', text: f.label }), ' ', el('span', { text: f.value })]),
    );
    this.element.replaceChildren(el('div', { className: 'hf-section-title', text: 'Scan' }), ...rows);
    this.element.hidden = false;
  }
}
