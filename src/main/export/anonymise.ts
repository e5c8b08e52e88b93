/**
 * Leaving patient identifiers out of an export. PreparedVolume.meta.identity goes (and any
 * path or per-series field a reader may add to meta later), and the display name is replaced: readers fill it from the patient name (InVesalius names a
 * project after the patient), so it cannot be trusted to be harmless. As a second line of
 * defence every other string is scrubbed of the identifier values (whole words, any case,
 * DICOM '^' name components included).
 */
import type { PreparedVolume } from '../../shared/prepared';

type Identity = NonNullable<PreparedVolume['meta']['identity']>;

/** The strings that must not survive: full values and the parts of a DICOM PN (≥ 3 letters). */
export function identifierStrings(identity: Identity | undefined, name: string): string[] {
  const values = [identity?.patientName, identity?.patientId, identity?.birthDate, name].filter((v): v is string => !!v && v.trim().length > 0);
  const parts = values.flatMap((v) => v.split(/[\^=\s,]+/)).filter((p) => p.length >= 3);
  return [...new Set([...values.map((v) => v.trim()), ...parts])].sort((a, b) => b.length - a.length);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Deep copy of plain data with every string scrubbed; typed arrays are shared, not copied. */
function scrub(value: unknown, pattern: RegExp | null): unknown {
  if (typeof value === 'string') return pattern ? value.replace(pattern, '[removed]') : value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, pattern));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, pattern);
    return out;
  }
  return value;
}

/** Meta fields never exported anonymised (paths name folders after patients, too). */
const DROPPED_META = ['identity', 'sourcePath', 'extra', 'series'];

export function anonymise(prepared: PreparedVolume): PreparedVolume {
  const identity = prepared.meta.identity;
  const meta = Object.fromEntries(Object.entries(prepared.meta).filter(([k]) => !DROPPED_META.includes(k))) as PreparedVolume['meta'];
  const words = identifierStrings(identity, prepared.meta.name);
  const pattern = words.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
  const label = `${prepared.meta.modality || 'Scan'} (anonymised)`;
  const { data, ...rest } = prepared;
  const clean = scrub({ ...rest, meta: { ...meta, name: label } }, pattern) as Omit<PreparedVolume, 'data'>;
  clean.meta.name = label;
  return { ...clean, data };
}
