/**
 * Pixels and values of one 2-D slice, on the CPU from the prepared volume's own array: the
 * grey levels through the current window, masks blended over them, and the value of any voxel
 * in HU. 'i16' and 'f16' volumes give the stored value exactly, and so do 'u16' codes of integer
 * HU (one code per HU, as 16-bit bundles of CT store them); other 'u8' / 'u16' codes stand for a
 * step of values, known only to half a step, and say so. Pure.
 */
import type { PreparedMask, PreparedVolume } from '../../shared/prepared';
import type { WindowLevel } from '../../shared/volume';
import { fromHalf } from '../../shared/half';
import { canvasSize, voxelAt, type SliceLayout } from './slice-layout';

/** What reading voxel values needs of a prepared volume. */
export type Voxels = Pick<PreparedVolume, 'format' | 'data' | 'mapping' | 'shape'>;

export interface VoxelValue {
  value: number;
  /** 0 when the value is exactly what the volume stores; else ± this much (half a code step). */
  uncertainty: number;
}

/** How stored codes become values: exact for 'i16' and 'f16', a linear scale for 'u8' / 'u16'. */
export function codeDecoder(vol: Pick<Voxels, 'format' | 'mapping'>): { decode: (raw: number) => number; uncertainty: number } {
  if (vol.format === 'i16') return { decode: (raw) => raw, uncertainty: 0 };
  if (vol.format === 'f16') return { decode: fromHalf, uncertainty: 0 };
  const top = vol.format === 'u8' ? 255 : 65535;
  const { huMin, huMax } = vol.mapping ?? { huMin: 0, huMax: top };
  const step = (huMax - huMin) / top;
  const integerCodes = step === 1 && Number.isInteger(huMin); // code = value − huMin
  return { decode: (raw) => huMin + raw * step, uncertainty: integerCodes ? 0 : step / 2 };
}

/** Value of the voxel at linear index i (x + nx·(y + ny·z)). */
export function voxelValue(vol: Voxels, i: number): VoxelValue {
  const { decode, uncertainty } = codeDecoder(vol);
  return { value: decode(vol.data[i]), uncertainty };
}

export function linearIndex(shape: Voxels['shape'], [x, y, z]: [number, number, number]): number {
  return x + shape[2] * (y + shape[1] * z);
}

/**
 * Grey level 0…255 for every code the volume can hold (256 for 'u8', 65,536 otherwise, indexed
 * by the raw 16 bits), through `window`: level − width/2 is black, level + width/2 white.
 */
export function greyTable(vol: Pick<Voxels, 'format' | 'mapping'>, window: WindowLevel): Uint8Array {
  const size = vol.format === 'u8' ? 256 : 65536;
  const { decode } = codeDecoder(vol);
  const table = new Uint8Array(size);
  const low = window.level - window.width / 2;
  const width = Math.max(1e-6, window.width);
  for (let bits = 0; bits < size; bits++) {
    const v = decode(vol.format === 'i16' ? (bits << 16) >> 16 : bits);
    table[bits] = v !== v ? 0 : Math.min(255, Math.max(0, Math.round(((v - low) * 255) / width)));
  }
  return table;
}

/** A mask drawn over the slice: its voxels ≥ 128 (0/255 on the render grid) tinted `rgb` at `alpha`. */
export interface Overlay {
  data: Uint8Array;
  /** 0…255 per channel. */
  rgb: [number, number, number];
  /** 0…1. */
  alpha: number;
}

export function maskOverlay(mask: Pick<PreparedMask, 'colour' | 'opacity'> & { data: Uint8Array }): Overlay {
  const channel = (c: number) => Math.round(Math.min(1, Math.max(0, c)) * 255);
  // InVesalius' mask opacity; a mask saved fully transparent would vanish, so it gets the default
  const alpha = mask.opacity > 0 && mask.opacity <= 1 ? mask.opacity : 0.4;
  return { data: mask.data, rgb: [channel(mask.colour[0]), channel(mask.colour[1]), channel(mask.colour[2])], alpha };
}

/**
 * RGBA pixels of slice `index`, canvasSize(layout) wide and high: the grey of each voxel, with
 * the overlays blended over it in turn where they cover the voxel.
 */
export function sliceRgba(vol: Voxels, layout: SliceLayout, index: number, table: Uint8Array, overlays: readonly Overlay[] = []): Uint8ClampedArray<ArrayBuffer> {
  const { width, height } = canvasSize(layout);
  const out = new Uint8ClampedArray(width * height * 4);
  const d = vol.data;
  const codes = d instanceof Int16Array ? new Uint16Array(d.buffer, d.byteOffset, d.length) : d;
  // Stepping along a canvas row moves a fixed stride through the array: no per-pixel mapping.
  const origin = linearIndex(vol.shape, voxelAt(layout, 0, 0, index));
  const colStride = linearIndex(vol.shape, voxelAt(layout, 1, 0, index)) - origin;
  const rowStride = linearIndex(vol.shape, voxelAt(layout, 0, 1, index)) - origin;
  for (let row = 0, p = 0; row < height; row++) {
    let i = origin + row * rowStride;
    for (let col = 0; col < width; col++, i += colStride, p += 4) {
      const g = table[codes[i]];
      let red = g;
      let green = g;
      let blue = g;
      for (const o of overlays) {
        if (o.data[i] < 128) continue;
        red += (o.rgb[0] - red) * o.alpha;
        green += (o.rgb[1] - green) * o.alpha;
        blue += (o.rgb[2] - blue) * o.alpha;
      }
      out[p] = red; // Uint8ClampedArray rounds
      out[p + 1] = green;
      out[p + 2] = blue;
      out[p + 3] = 255;
    }
  }
  return out;
}
