/**
 * CT window (level/width) presets as data, in Hounsfield units.
 *
 * Sources (checked, not copied from one viewer):
 *  [RP]  Radiopaedia, "Windowing (CT)", section "Typical window width and level values"
 *        (mirrored at pacs.de/term/windowing-ct): brain W80 L40, subdural W130–300 L50–100,
 *        stroke W8 L32 or W40 L40, temporal bone W2800 L600, soft tissue W350–400 L20–60,
 *        lungs W1500 L−600, mediastinum W350 L50, liver W150 L30, bone W1800 L400.
 *  [RPS] Radiopaedia case 19148 "Left MCA ischaemic stroke (stroke window setting)": L32 W8
 *        raised sensitivity for acute ischaemia from 57 % to 71 %.
 *  [ASP] aspectsinstroke.com "Importance of windowing and levelling": stroke windows 35/35 or 40/40.
 *  [SL]  "Understanding CT scan windowing" (radiology teaching slides): soft tissue W350 L50,
 *        bone W2000 L500, lung W1600 L−600 or W1500 L−500.
 *  Dental: no single published standard; dental CT/CBCT software uses wide bone-like windows
 *        with a high level (enamel ≈ 2000–3000 HU, dentine ≈ 1500 HU), so we follow the
 *        temporal-bone style wide window [RP] shifted down: W3000 L500 keeps enamel, dentine
 *        and cortical bone apart without saturating.
 */
import type { WindowLevel } from '../volume';

export interface WindowPreset extends WindowLevel {
  id: string;
  label: string;
}

export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'brain', label: 'Brain', width: 80, level: 40 }, // [RP]
  { id: 'subdural', label: 'Subdural', width: 200, level: 75 }, // [RP] middle of 130–300 / 50–100
  { id: 'stroke', label: 'Stroke', width: 40, level: 40 }, // [RP], [ASP]; the narrow 8/32 of [RPS] is too noisy as a default
  { id: 'soft-tissue', label: 'Soft tissue', width: 400, level: 40 }, // [RP] (350/50 in [SL])
  { id: 'mediastinum', label: 'Mediastinum', width: 350, level: 50 }, // [RP]
  { id: 'lung', label: 'Lung', width: 1500, level: -600 }, // [RP], [SL]
  { id: 'liver', label: 'Liver', width: 150, level: 30 }, // [RP]
  { id: 'bone', label: 'Bone', width: 1800, level: 400 }, // [RP] (2000/500 in [SL])
  { id: 'temporal-bone', label: 'Temporal bone', width: 2800, level: 600 }, // [RP]
  { id: 'dental', label: 'Dental', width: 3000, level: 500 }, // see "Dental" above
];

export function findWindowPreset(id: string): WindowPreset | undefined {
  return WINDOW_PRESETS.find((p) => p.id === id);
}
