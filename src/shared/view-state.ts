/**
 * The viewer's user-facing state (what the app persists per scan, and what an exported bundle
 * opens on) and how it is sanitised. Pure: no DOM, no WebGL; the viewer and main both use it.
 */
import type { PreparedVolume } from './prepared';
import type { WindowLevel } from './volume';
import { findTransferPreset, type RenderMode, type TfPoint } from './presets/transfer-presets';
import { findWindowPreset } from './presets/window-presets';

export interface ViewerState {
  mode: RenderMode;
  window: WindowLevel;
  /** Window preset last applied (null once the user drags or types a window). */
  windowPresetId: string | null;
  /** Transfer preset last applied (null once the user edits the points). */
  transferPresetId: string | null;
  /** The DVR transfer function in use (HU, opacity per mm). */
  transfer: TfPoint[];
  isoThreshold: number;
  /** Names of the InVesalius surfaces shown (the scan's own `visible` flags to start with). */
  visibleSurfaces: string[];
  /** Names of the InVesalius masks drawn over the 2-D slice (the project's `visible` flags to start with). */
  visibleMasks: string[];
  /** The part of the volume shown (every mode), surfaces included. */
  crop: CropBox;
  /** The 2-D slice panel: which plane, and where along it. */
  slice: SliceState;
}

export type SlicePlane = 'axial' | 'coronal' | 'sagittal';
export const SLICE_PLANES: readonly SlicePlane[] = ['axial', 'coronal', 'sagittal'];

export interface SliceState {
  plane: SlicePlane;
  /**
   * Where the slice lies along the volume axis closest to the plane's normal, as a fraction
   * 0…1 of that axis (0 the first slice, 1 the last), so it survives a change of grid.
   */
  position: number;
}

export function defaultSlice(): SliceState {
  return { plane: 'axial', position: 0.5 };
}

/** A valid slice state from anything (persisted, sent by another process), or null. */
export function sanitiseSlice(s: unknown): SliceState | null {
  const v = s as Partial<SliceState> | null;
  if (typeof v !== 'object' || v === null || !SLICE_PLANES.includes(v.plane as SlicePlane)) return null;
  if (typeof v.position !== 'number' || !Number.isFinite(v.position)) return null;
  return { plane: v.plane as SlicePlane, position: Math.min(1, Math.max(0, v.position)) };
}

/**
 * An axis-aligned box in the volume's own grid: per axis x, y, z (columns, rows, slices) the
 * fractions 0…1 of the grid kept, min < max. The full box shows everything.
 */
export interface CropBox {
  min: [number, number, number];
  max: [number, number, number];
}

/** Thinnest slab a crop keeps (a fraction of the axis): never an empty box. */
export const MIN_CROP_THICKNESS = 0.005;

export function fullCrop(): CropBox {
  return { min: [0, 0, 0], max: [1, 1, 1] };
}

/**
 * A valid crop from anything (persisted state, a slider), or null when it is not a box: each
 * bound clamped to 0…1, and a max that does not exceed its min by MIN_CROP_THICKNESS pushes
 * the min down (the slider being dragged keeps its place when it can).
 */
export function sanitiseCrop(c: Partial<CropBox> | undefined): CropBox | null {
  const triple = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (!c || !triple(c.min) || !triple(c.max)) return null;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const out = fullCrop();
  for (let i = 0; i < 3; i++) {
    const max = Math.max(MIN_CROP_THICKNESS, clamp(c.max[i]));
    out.max[i] = max;
    out.min[i] = Math.min(clamp(c.min[i]), max - MIN_CROP_THICKNESS);
  }
  return out;
}

/**
 * `crop` with a slab `thickness` thick (a fraction of the axis) on `axis`, centred at `centre`
 * (a fraction) as far as the volume allows; the other axes as they were.
 */
export function slabCrop(crop: CropBox, axis: 0 | 1 | 2, centre: number, thickness: number): CropBox {
  const t = Math.min(1, Math.max(MIN_CROP_THICKNESS, Number.isFinite(thickness) ? thickness : 1));
  const min = Math.min(1 - t, Math.max(0, (Number.isFinite(centre) ? centre : 0.5) - t / 2));
  const out = cloneCrop(crop);
  out.min[axis] = min;
  out.max[axis] = min + t;
  return out;
}

export function cloneCrop(c: CropBox): CropBox {
  return { min: [...c.min], max: [...c.max] };
}

export const RENDER_MODES: readonly RenderMode[] = ['dvr', 'mip', 'minip', 'iso'];

/** A transfer function for volumes that are not in HU: a soft ramp over the upper part of the value range. */
export function rampTransfer(min: number, max: number): TfPoint[] {
  const span = max - min || 1;
  const c: [number, number, number] = [0.95, 0.9, 0.85];
  return [
    { hu: min + 0.25 * span, color: c, opacity: 0 },
    { hu: min + 0.6 * span, color: c, opacity: 0.08 },
    { hu: max, color: [1, 1, 1], opacity: 0.6 },
  ];
}

export function initialState(prep: Pick<PreparedVolume, 'window' | 'histogram' | 'meta'> & Partial<Pick<PreparedVolume, 'surfaces' | 'masks'>>): ViewerState {
  const visibleSurfaces = (prep.surfaces ?? []).filter((s) => s.visible).map((s) => s.name);
  const visibleMasks = (prep.masks ?? []).filter((m) => m.visible).map((m) => m.name);
  const window = sanitiseWindow(prep.window) ?? { level: (prep.histogram.min + prep.histogram.max) / 2, width: prep.histogram.max - prep.histogram.min || 1 };
  if (prep.meta.isHU) {
    const bone = findTransferPreset('bone')!;
    return { mode: 'dvr', window, windowPresetId: null, transferPresetId: bone.id, transfer: clonePoints(bone.points), isoThreshold: bone.isoThreshold ?? 400, visibleSurfaces, visibleMasks, crop: fullCrop(), slice: defaultSlice() };
  }
  const { min, max } = prep.histogram;
  return { mode: 'dvr', window, windowPresetId: null, transferPresetId: null, transfer: rampTransfer(min, max), isoThreshold: min + 0.5 * (max - min), visibleSurfaces, visibleMasks, crop: fullCrop(), slice: defaultSlice() };
}

/** State before any volume has arrived (CT defaults; replaced by initialState on the first volume). */
export function defaultState(): ViewerState {
  const bone = findTransferPreset('bone')!;
  return { mode: 'dvr', window: { level: 40, width: 400 }, windowPresetId: null, transferPresetId: bone.id, transfer: clonePoints(bone.points), isoThreshold: 400, visibleSurfaces: [], visibleMasks: [], crop: fullCrop(), slice: defaultSlice() };
}

export function sanitiseWindow(w: Partial<WindowLevel> | undefined): WindowLevel | null {
  if (!w || !Number.isFinite(w.level) || !Number.isFinite(w.width)) return null;
  return { level: w.level!, width: Math.max(1, w.width!) };
}

/**
 * The valid fields of a partial state (persisted and possibly stale, or sent by another
 * process), copied; anything unknown or malformed is left out.
 */
export function viewPatch(patch: unknown): Partial<ViewerState> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return {};
  const p = patch as { [K in keyof ViewerState]?: unknown };
  const out: Partial<ViewerState> = {};
  if (typeof p.mode === 'string' && (RENDER_MODES as readonly string[]).includes(p.mode)) out.mode = p.mode as RenderMode;
  const w = sanitiseWindow(p.window as Partial<WindowLevel> | undefined);
  if (w) out.window = w;
  if (p.windowPresetId === null || (typeof p.windowPresetId === 'string' && findWindowPreset(p.windowPresetId))) out.windowPresetId = p.windowPresetId;
  if (p.transferPresetId === null || (typeof p.transferPresetId === 'string' && findTransferPreset(p.transferPresetId))) out.transferPresetId = p.transferPresetId;
  if (Array.isArray(p.transfer) && p.transfer.every(validPoint)) out.transfer = clonePoints(p.transfer as TfPoint[]).sort((a, b) => a.hu - b.hu);
  if (typeof p.isoThreshold === 'number' && Number.isFinite(p.isoThreshold)) out.isoThreshold = p.isoThreshold;
  // Names of surfaces or masks this scan lacks are harmless (nothing matches them), so they are kept.
  const names = (v: unknown): string[] | null => (Array.isArray(v) && v.every((n) => typeof n === 'string') ? [...new Set(v as string[])] : null);
  const surfaces = names(p.visibleSurfaces);
  if (surfaces) out.visibleSurfaces = surfaces;
  const masks = names(p.visibleMasks);
  if (masks) out.visibleMasks = masks;
  const crop = sanitiseCrop(p.crop as Partial<CropBox> | undefined);
  if (crop) out.crop = crop;
  const slice = sanitiseSlice(p.slice);
  if (slice) out.slice = slice;
  return out;
}

/** Merges a partial (e.g. persisted, possibly stale) state into the current one, ignoring junk. */
export function mergeState(current: ViewerState, patch: Partial<ViewerState>): ViewerState {
  return { ...current, transfer: clonePoints(current.transfer), visibleSurfaces: [...current.visibleSurfaces], visibleMasks: [...current.visibleMasks], crop: cloneCrop(current.crop), slice: { ...current.slice }, ...viewPatch(patch) };
}

function validPoint(v: unknown): boolean {
  const p = v as TfPoint | null;
  return (
    typeof p === 'object' && p !== null && Number.isFinite(p.hu) && Number.isFinite(p.opacity) && Array.isArray(p.color) && p.color.length === 3 && p.color.every(Number.isFinite)
  );
}

export function clonePoints(points: readonly TfPoint[]): TfPoint[] {
  return points.map((p) => ({ hu: p.hu, color: [p.color[0], p.color[1], p.color[2]], opacity: p.opacity }));
}
