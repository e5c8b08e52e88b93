/**
 * The side panel's controls: render mode buttons, window fields and presets, transfer-function
 * presets, iso threshold. Every control writes through the PanelHost and is refreshed from state.
 */
import { TRANSFER_PRESETS } from '../../shared/presets/transfer-presets';
import { WINDOW_PRESETS } from '../../shared/presets/window-presets';
import { RENDER_MODES, type ViewerState } from '../../shared/view-state';
import { el } from './dom';
import type { PanelHost } from './panel-host';

const MODE_LABELS = { dvr: 'DVR', mip: 'MIP', minip: 'MinIP', iso: 'Iso' } as const;

export interface PresetActions {
  applyWindowPreset(id: string): void;
  applyTransferPreset(id: string): void;
}

export class ControlsPanel {
  readonly element: HTMLDivElement;
  private readonly modeButtons = new Map<string, HTMLButtonElement>();
  private readonly level: HTMLInputElement;
  private readonly width: HTMLInputElement;
  private readonly iso: HTMLInputElement;
  private readonly windowPreset: HTMLSelectElement;
  private readonly transferPreset: HTMLSelectElement;
  private readonly unitLabels: HTMLElement[] = [];

  constructor(
    private readonly host: PanelHost,
    actions: PresetActions,
  ) {
    const modes = el('div', { className: 'hf-row hf-modes', role: 'group', 'aria-label': 'Render mode' });
    for (const mode of RENDER_MODES) {
      const b = el('button', { type: 'button', 'data-mode': mode, text: MODE_LABELS[mode] });
      b.addEventListener('click', () => host.update({ mode }));
      this.modeButtons.set(mode, b);
      modes.append(b);
    }

    // The window is the grey mapping of MIP/MinIP; choosing one in DVR or iso shows it in MIP.
    const windowMode = () => (host.state().mode === 'minip' ? 'minip' : 'mip');
    this.level = el('input', { type: 'number', step: '1', 'data-field': 'level', 'aria-label': 'Window level' });
    this.width = el('input', { type: 'number', step: '1', min: '1', 'data-field': 'width', 'aria-label': 'Window width' });
    const onWindow = () => {
      const level = Number(this.level.value);
      const width = Number(this.width.value);
      if (Number.isFinite(level) && Number.isFinite(width) && width >= 1) host.update({ window: { level, width }, windowPresetId: null, mode: windowMode() });
    };
    this.level.addEventListener('change', onWindow);
    this.width.addEventListener('change', onWindow);

    this.windowPreset = el('select', { 'data-field': 'window-preset', 'aria-label': 'Window preset' });
    this.windowPreset.append(el('option', { value: '', text: 'Window preset…' }));
    for (const p of WINDOW_PRESETS) this.windowPreset.append(el('option', { value: p.id, text: `${p.label} (W${p.width} L${p.level})` }));
    this.windowPreset.addEventListener('change', () => {
      if (!this.windowPreset.value) return;
      actions.applyWindowPreset(this.windowPreset.value);
      host.update({ mode: windowMode() });
    });

    this.transferPreset = el('select', { 'data-field': 'transfer-preset', 'aria-label': 'Transfer function preset' });
    this.transferPreset.append(el('option', { value: '', text: 'Custom' }));
    for (const p of TRANSFER_PRESETS) this.transferPreset.append(el('option', { value: p.id, text: p.label }));
    this.transferPreset.addEventListener('change', () => this.transferPreset.value && actions.applyTransferPreset(this.transferPreset.value));

    this.iso = el('input', { type: 'number', step: '1', 'data-field': 'iso', 'aria-label': 'Iso-surface threshold' });
    this.iso.addEventListener('change', () => {
      const v = Number(this.iso.value);
      if (Number.isFinite(v)) host.update({ isoThreshold: v });
    });

    const unit = () => {
      const s = el('span', { className: 'hf-unit', text: 'HU' });
      this.unitLabels.push(s);
      return s;
    };
    this.element = el('div', { className: 'hf-controls' }, [
      modes,
      el('div', { className: 'hf-row', title: 'Window (grey mapping of MIP and MinIP)' }, [
        el('label', {}, ['L ', this.level]),
        el('label', {}, ['W ', this.width]),
        unit(),
      ]),
      el('div', { className: 'hf-row' }, [this.windowPreset]),
      el('div', { className: 'hf-row' }, [el('label', {}, ['TF ', this.transferPreset])]),
      el('div', { className: 'hf-row' }, [el('label', {}, ['Iso ', this.iso]), unit()]),
    ]);
  }

  setUnits(isHU: boolean): void {
    for (const s of this.unitLabels) s.textContent = isHU ? 'HU' : 'value';
    // HU presets mean nothing on non-HU data (e.g. 0..255 MR/NIfTI): offer them only for HU volumes.
    this.windowPreset.disabled = !isHU;
    this.transferPreset.disabled = !isHU;
  }

  refresh(state: ViewerState): void {
    for (const [mode, b] of this.modeButtons) b.setAttribute('aria-pressed', String(mode === state.mode));
    // Don't overwrite a field the user is typing in.
    if (document.activeElement !== this.level) this.level.value = String(round(state.window.level));
    if (document.activeElement !== this.width) this.width.value = String(round(state.window.width));
    if (document.activeElement !== this.iso) this.iso.value = String(round(state.isoThreshold));
    this.windowPreset.value = state.windowPresetId ?? '';
    this.transferPreset.value = state.transferPresetId ?? '';
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
