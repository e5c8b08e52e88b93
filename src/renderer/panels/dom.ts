/** Tiny DOM helpers shared by the panels. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    if (k === 'className') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

/** CSS rgb() of a colour with channels 0…1 (clamped). */
export function cssColour(colour: readonly number[]): string {
  return `rgb(${colour.map((c) => Math.round(Math.min(1, Math.max(0, c)) * 255)).join(',')})`;
}

/** A small square of a colour, for lists of surfaces, masks and measurements. */
export function swatch(colour: readonly number[]): HTMLSpanElement {
  const s = el('span', { className: 'hf-swatch' });
  s.style.background = cssColour(colour);
  return s;
}

/** Offers `blob` as a file named `name` to save (in the app, Electron asks where). */
export function downloadBlob(blob: Blob, name: string): void {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
