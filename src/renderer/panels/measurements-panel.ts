/**
 * "Measurements" side-panel section: the project's measurements (InVesalius: linear in mm,
 * angular in degrees, density), each with its colour, name and value, and a Show button that
 * turns the slice panel to the slice it was made in (where the slice panel draws it). Hidden when
 * the scan has none.
 */
import type { Measurement } from '../../shared/volume';
import type { SliceState } from '../../shared/view-state';
import { measurementValue } from '../viewer/slice-measurements';
import { el, swatch } from './dom';
import type { PanelHost } from './panel-host';

const TYPE_LABELS: Record<Measurement['type'], string> = {
  linear: 'length',
  angular: 'angle',
  'density-ellipse': 'density (ellipse)',
  'density-polygon': 'density (polygon)',
};

export class MeasurementsPanel {
  readonly element: HTMLDivElement;

  constructor(private readonly host: PanelHost) {
    this.element = el('div', { className: 'hf-measurements', 'aria-label': 'Measurements' });
    this.element.hidden = true;
  }

  /** `locate`: the slice a measurement lies in (null when it cannot be drawn on a slice). */
  setContents(measurements: readonly Measurement[], locate: (m: Measurement) => SliceState | null): void {
    const rows: HTMLElement[] = measurements.length ? [el('div', { className: 'hf-section-title', text: 'Measurements' })] : [];
    for (const m of measurements) {
      const row = el('div', { className: 'hf-row hf-measurement', 'data-measurement': m.name }, [
        swatch(m.colour),
        m.name,
        el('span', { className: 'hf-unit', text: `${TYPE_LABELS[m.type]} ${measurementValue(m)}` }),
      ]);
      const at = locate(m);
      if (at) {
        const show = el('button', { type: 'button', 'data-measurement-show': m.name, title: `Turn the slice to where ${m.name} was measured`, text: 'Show' });
        show.addEventListener('click', () => this.host.update({ slice: at }));
        row.append(show);
      } else {
        // made in 3-D (its space is not confirmed), hidden in the project, or not in one slice
        row.append(el('span', { className: 'hf-unit hf-measurement-note', title: 'Only measurements made on a 2-D slice, and shown in the project, are drawn', text: 'not drawn' }));
      }
      rows.push(row);
    }
    this.element.replaceChildren(...rows);
    this.element.hidden = rows.length === 0;
  }
}
