/** Asks which DICOM series to open when a selection holds several; null = cancel. */
import type { SeriesInfo } from '../../shared/volume';
import { showModal } from './modal';

export function seriesLabel(s: SeriesInfo): string {
  const what = s.description.trim() || 'Unnamed series';
  return `${what} — ${s.count} image${s.count === 1 ? '' : 's'}`;
}

export function pickSeries(series: SeriesInfo[]): Promise<string | null> {
  const list = document.createElement('div');
  list.className = 'hf-series-list';
  list.setAttribute('role', 'radiogroup');
  series.forEach((s, i) => {
    const label = document.createElement('label');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = 'hf-series';
    radio.value = s.uid;
    radio.checked = i === 0; // readers list the largest first
    const text = document.createElement('span');
    text.textContent = seriesLabel(s);
    const uid = document.createElement('small');
    uid.textContent = s.uid;
    label.append(radio, text, uid);
    list.append(label);
  });
  const chosen = () => list.querySelector<HTMLInputElement>('input:checked')?.value ?? null;
  return showModal<string | null>(
    'This selection holds several series',
    list,
    [
      { label: 'Cancel', value: () => null },
      { label: 'Open', value: chosen, primary: true },
    ],
    null,
    'hf-series-picker',
  );
}
