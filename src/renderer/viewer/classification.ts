/**
 * From what the user chose (mode, window, transfer function, iso threshold) to what the GPU needs:
 * the LUT contents, the brick occupancy, and the early-stop value. Pure; recomputed on every
 * classification change, which costs microseconds and never touches the volume texture.
 */
import type { WindowLevel } from '../../shared/volume';
import { findTransferPreset, type RenderMode, type Rgb, type TfPoint } from '../../shared/presets/transfer-presets';
import { brickOccupancy, type BrickGrid } from './bricks';
import { buildTransferLut, buildWindowLut, rangeVisible, visiblePrefix, type LutDomain } from './lut';

export interface Classification {
  mode: RenderMode;
  window: WindowLevel;
  transfer: readonly TfPoint[];
  isoThreshold: number;
  /** Transfer preset in use, if any (gives the iso-surface its colour). */
  transferPresetId?: string | null;
}

export interface GpuClassification {
  /** RGBA floats, domain.size texels. */
  lut: Float32Array;
  /** One byte per brick, 255 = march through, 0 = skip. */
  occupancy: Uint8Array;
  /** MIP: stop when the maximum reaches this (window top); MinIP: when the minimum falls to it. */
  stopValue: number;
  /** Iso-surface colour (linear RGB). */
  isoColour: Rgb;
}

const BONE_WHITE: Rgb = [0.93, 0.86, 0.72];

/** Iso-surface colour: the current transfer preset's, bone white for custom functions. */
export function isoColour(transferPresetId: string | null | undefined): Rgb {
  return (transferPresetId && findTransferPreset(transferPresetId)?.isoColour) || BONE_WHITE;
}

export function classify(c: Classification, domain: LutDomain, bricks: BrickGrid): GpuClassification {
  return { ...classifyMode(c, domain, bricks), isoColour: isoColour(c.transferPresetId) };
}

function classifyMode(c: Classification, domain: LutDomain, bricks: BrickGrid): Omit<GpuClassification, 'isoColour'> {
  const lo = c.window.level - Math.max(1, c.window.width) / 2;
  const hi = c.window.level + Math.max(1, c.window.width) / 2;
  switch (c.mode) {
    case 'dvr': {
      const lut = buildTransferLut(domain, c.transfer);
      const prefix = visiblePrefix(lut, domain.size);
      return { lut, occupancy: brickOccupancy(bricks, (mn, mx) => rangeVisible(prefix, domain, mn, mx)), stopValue: 0 };
    }
    case 'mip':
      // A brick whose maximum is below the window shows black at most, which is the floor anyway.
      return { lut: buildWindowLut(domain, c.window), occupancy: brickOccupancy(bricks, (_mn, mx) => mx > lo), stopValue: hi };
    case 'minip':
      return { lut: buildWindowLut(domain, c.window), occupancy: brickOccupancy(bricks, (mn) => mn < hi), stopValue: lo };
    case 'iso':
      // Only bricks reaching the threshold can hold the first crossing.
      return {
        lut: buildWindowLut(domain, c.window),
        occupancy: brickOccupancy(bricks, (_mn, mx) => mx >= c.isoThreshold),
        stopValue: 0,
      };
  }
}
