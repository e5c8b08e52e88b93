/** Output formatting: JSON (machine) or aligned "key: value" lines (human). */

export type Fields = Array<[key: string, value: string]>;

/** Aligned "key: value" lines, values starting in one column. */
export function keyValueLines(fields: Fields): string {
  const width = Math.max(0, ...fields.map(([k]) => k.length)) + 1;
  return fields.map(([k, v]) => `${(k ? `${k}:` : '').padEnd(width)} ${v}\n`).join('');
}

/** JSON with NaN/Infinity written as null (JSON has no such numbers). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

export const num = (v: number, digits = 4): string => (Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toFixed(digits).replace(/\.?0+$/, '') : String(v));
export const vec = (v: readonly number[], digits = 9): string => `[${v.map((x) => num(x, digits)).join(', ')}]`;
export const dims = (shape: readonly number[]): string => shape.join(' × ');
export const ms = (v: number): string => `${v.toFixed(1)} ms`;
