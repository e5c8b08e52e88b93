/** Export options (grid, bits, identity) for File ▸ Export Web Bundle…; null = cancel. */
import type { ExportOptions } from '../../shared/api';
import { showModal } from './modal';

const GRIDS = [128, 192, 256, 300, 384, 512];

export function askExportOptions(): Promise<ExportOptions | null> {
  const form = document.createElement('div');
  form.className = 'hf-export-form';
  const grid = document.createElement('select');
  for (const g of GRIDS) grid.append(new Option(`${g} voxels`, String(g), g === 300, g === 300));
  const bits = document.createElement('select');
  bits.append(new Option('8-bit (smaller file)', '8', true, true), new Option('16-bit (exact HU)', '16'));
  const keep = document.createElement('input');
  keep.type = 'checkbox';
  const row = (text: string, input: HTMLElement) => {
    const label = document.createElement('label');
    label.append(text, input);
    return label;
  };
  const note = document.createElement('p');
  note.className = 'hf-export-note';
  note.textContent = 'The file opens on your current view: mode, window, transfer function, crop and slice.';
  form.append(row('Longest side ', grid), row('Precision ', bits), row('Keep patient name and ID ', keep), note);
  return showModal<ExportOptions | null>(
    'Export Web Bundle',
    form,
    [
      { label: 'Cancel', value: () => null },
      {
        label: 'Export…',
        primary: true,
        value: () => ({ grid: Number(grid.value), bits: bits.value === '16' ? 16 : 8, keepIdentity: keep.checked }),
      },
    ],
    null,
  );
}
