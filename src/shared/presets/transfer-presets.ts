/**
 * Transfer-function presets for direct volume rendering, as data in Hounsfield units.
 *
 * A transfer function is a piecewise-linear list of control points sorted by HU. Between points
 * colour and opacity are interpolated linearly; below the first / above the last point the end
 * values hold. `opacity` is per millimetre of ray (the renderer corrects it for its step length),
 * so a preset looks the same whatever the voxel size.
 *
 * The HU ranges come from standard tissue attenuation values (air −1000, lung −900…−500,
 * fat −100…−50, water 0, soft tissue/muscle 20…60, contrast-filled vessels 150…400,
 * cancellous bone 300…700, cortical bone ≥ 1000, enamel ≥ 2000, metal ≥ 3000).
 */
import type { WindowLevel } from '../volume';

export type Rgb = [number, number, number];

export interface TfPoint {
  hu: number;
  /** Linear RGB 0..1. */
  color: Rgb;
  /** Opacity per mm of ray, 0..1. */
  opacity: number;
}

export type RenderMode = 'dvr' | 'mip' | 'minip' | 'iso';

export interface TransferPreset {
  id: string;
  label: string;
  points: TfPoint[];
  /** Mode this preset is meant for (applying the preset switches to it). */
  mode?: RenderMode;
  /** Window to use with it in MIP/MinIP. */
  window?: WindowLevel;
  /** Iso-surface threshold that matches the preset. */
  isoThreshold?: number;
  /** Iso-surface colour with this preset (default bone white). */
  isoColour?: Rgb;
}

const bone: Rgb = [0.93, 0.86, 0.72];
const marrow: Rgb = [0.8, 0.45, 0.3];
const skin: Rgb = [0.95, 0.72, 0.6];
const muscle: Rgb = [0.75, 0.25, 0.2];
const vessel: Rgb = [0.9, 0.15, 0.1];
const white: Rgb = [1, 1, 1];
const enamel: Rgb = [1, 0.98, 0.9];
const airway: Rgb = [0.55, 0.75, 0.95];

const p = (hu: number, color: Rgb, opacity: number): TfPoint => ({ hu, color, opacity });

export const TRANSFER_PRESETS: readonly TransferPreset[] = [
  {
    id: 'bone',
    label: 'Bone',
    // Cancellous bone starts near 300 HU; ramp to opaque cortical bone by ~1000 HU.
    points: [p(150, marrow, 0), p(300, marrow, 0.12), p(600, bone, 0.5), p(1200, bone, 0.9), p(3000, white, 0.95)],
    isoThreshold: 400,
  },
  {
    id: 'skin',
    label: 'Skin / soft tissue',
    // Fat/skin boundary: air (−1000) is clear, skin surface (> −300) faintly opaque, bone solid.
    points: [p(-500, skin, 0), p(-200, skin, 0.06), p(100, skin, 0.1), p(250, skin, 0.1), p(400, bone, 0.6), p(1500, bone, 0.9)],
    isoThreshold: -300,
    isoColour: skin,
  },
  {
    id: 'muscle-bone',
    label: 'Muscle + bone',
    // Fat (−100) transparent, muscle (40) translucent red, bone opaque.
    points: [p(-50, muscle, 0), p(20, muscle, 0.03), p(80, muscle, 0.06), p(180, muscle, 0.02), p(300, bone, 0.3), p(700, bone, 0.85)],
    isoThreshold: 300,
  },
  {
    id: 'teeth',
    label: 'Teeth / enamel',
    // Only the densest tissue: dentine (~1500) translucent, enamel (≥ 2000) opaque.
    points: [p(900, bone, 0), p(1400, bone, 0.15), p(2000, enamel, 0.8), p(3500, enamel, 0.95)],
    isoThreshold: 1500,
    isoColour: enamel,
  },
  {
    id: 'vessels',
    label: 'Vessels / contrast',
    // Iodinated contrast 150–400 HU in red; bone (> 500) faint so vessels stay visible.
    points: [p(100, vessel, 0), p(180, vessel, 0.35), p(400, vessel, 0.6), p(500, bone, 0.1), p(1200, bone, 0.3)],
    isoThreshold: 180,
    isoColour: vessel,
  },
  {
    id: 'lung',
    label: 'Lung / airways',
    // Lung parenchyma −900…−500 faint blue; air (< −950) and soft tissue (> −200) clear.
    points: [p(-1000, airway, 0), p(-900, airway, 0.03), p(-700, airway, 0.06), p(-450, airway, 0.02), p(-250, airway, 0)],
    isoThreshold: -500,
    isoColour: airway,
  },
  {
    id: 'mip',
    label: 'MIP (angio/bone)',
    // For MIP the window does the grey mapping; the ramp below is what DVR would use.
    points: [p(0, white, 0), p(1000, white, 0.5)],
    mode: 'mip',
    window: { level: 300, width: 1000 },
  },
];

export function findTransferPreset(id: string): TransferPreset | undefined {
  return TRANSFER_PRESETS.find((q) => q.id === id);
}
