/**
 * The bundle's About box: what this file is, what it holds, how the values were coded, and
 * whether patient identifiers were left out (the default) or kept.
 */
import type { PreparedVolume } from '../shared/prepared';
import type { BundleHeader } from './codec/container';

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(3);
}

/** Lines of the About box (plain text, so a test can read them too). */
export function aboutLines(header: BundleHeader, prepared: PreparedVolume, inflater: string): string[] {
  const [z, y, x] = prepared.shape;
  const [sz, sy, sx] = prepared.sourceShape;
  const id = prepared.meta.identity;
  const privacy = header.anonymised
    ? 'Patient identifiers (name, ID, birth date) were left out of this file.'
    : `Patient identifiers were KEPT in this file: name ${id?.patientName ?? '-'}, ID ${id?.patientId ?? '-'}, birth date ${id?.birthDate ?? '-'}.`;
  return [
    'Hounsfield web bundle - a self-contained, offline viewer. It makes no network requests.',
    privacy,
    `Scan: ${prepared.meta.name} (${prepared.meta.modality}, from ${prepared.meta.sourceFormat}).`,
    `Grid: ${sx}x${sy}x${sz} source voxels shown as ${x}x${y}x${z}, spacing ${prepared.spacing.map(fmt).join(' x ')} mm.`,
    ...header.notes,
    ...(header.view ? ['It opens on the view it was exported with (mode, window, transfer function, crop, slice); the panels change it.'] : []),
    `Exported ${header.exportedAt}. Decompressed here with ${inflater}.`,
    'Not for diagnostic use.',
  ];
}

/** A small "About" button (top right) that toggles the info panel. */
export function mountAbout(root: HTMLElement, lines: string[]): HTMLElement {
  const button = document.createElement('button');
  button.textContent = 'About';
  button.className = 'hf-about-button';
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText = 'position:fixed;top:6px;right:6px;z-index:20';
  const panel = document.createElement('div');
  panel.className = 'hf-about';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'About this file');
  panel.hidden = true;
  panel.style.cssText = 'position:fixed;top:34px;right:6px;z-index:20;max-width:420px;padding:8px 12px;background:#222;color:#ddd;border:1px solid #555;border-radius:4px;font:12px system-ui,sans-serif';
  for (const line of lines) {
    const p = document.createElement('p');
    p.style.margin = '4px 0';
    p.textContent = line;
    panel.append(p);
  }
  button.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    button.setAttribute('aria-expanded', String(!panel.hidden));
  });
  root.append(button, panel);
  return panel;
}
