/**
 * The ONE upload of the voxel data to the GPU. Formats:
 *  - 'f16': Uint16 half-float bits → R16F (HalfFloatType). Exact for every integer in ±2048 HU.
 *  - 'u8':  codes → R8 (normalised); the shader maps back with HU = code/255·(huMax−huMin)+huMin.
 *  - 'u16': codes are turned into HU on the CPU and uploaded as R32F (FloatType): every 16-bit code
 *           maps to a float32 exactly enough (24-bit mantissa), whereas R16F would round values
 *           beyond ±2048 HU (steps of 2 HU up to 4096), so we pay 4 bytes/voxel for exactness.
 * All three use linear filtering (R8, R16F are filterable in WebGL2; R32F needs
 * OES_texture_float_linear: without it, 'u16' falls back to R16F via a 65536-entry code table).
 */
import { Data3DTexture, FloatType, HalfFloatType, LinearFilter, RedFormat, UnsignedByteType } from 'three';
import type { PreparedVolume } from '../../shared/prepared';
import { toHalf } from '../../shared/half';

export interface VolumeTexture {
  texture: Data3DTexture;
  /** HU = texel · valueScale + valueOffset. */
  valueScale: number;
  valueOffset: number;
}

export class VolumeTooLargeError extends Error {}

/** Throws VolumeTooLargeError when a dimension exceeds what this GPU can hold in one 3-D texture. */
export function checkTextureSize(prep: Pick<PreparedVolume, 'shape'>, max3d: number): void {
  const [nz, ny, nx] = prep.shape;
  if (nx > max3d || ny > max3d || nz > max3d)
    throw new VolumeTooLargeError(`volume ${nx}×${ny}×${nz} exceeds this GPU's 3-D texture limit of ${max3d}`);
}

export function createVolumeTexture(prep: PreparedVolume, floatLinear: boolean): VolumeTexture {
  const [nz, ny, nx] = prep.shape;
  let texture: Data3DTexture;
  let valueScale = 1;
  let valueOffset = 0;
  if (prep.format === 'f16') {
    texture = new Data3DTexture(prep.data as Uint16Array, nx, ny, nz);
    texture.type = HalfFloatType;
  } else if (prep.format === 'u8') {
    const m = requireMapping(prep);
    texture = new Data3DTexture(prep.data as Uint8Array, nx, ny, nz);
    texture.type = UnsignedByteType;
    valueScale = m.huMax - m.huMin; // the sampler already divides by 255
    valueOffset = m.huMin;
  } else {
    const m = requireMapping(prep);
    const codes = prep.data as Uint16Array;
    const step = (m.huMax - m.huMin) / 65535;
    if (floatLinear) {
      const hu = new Float32Array(codes.length);
      for (let i = 0; i < codes.length; i++) hu[i] = m.huMin + codes[i] * step;
      texture = new Data3DTexture(hu, nx, ny, nz);
      texture.type = FloatType;
    } else {
      // No linear filtering of R32F on this GPU: fall back to R16F (exact within ±2048 HU,
      // 2-HU steps beyond, which only dense bone and metal reach).
      const halfs = new Uint16Array(codes.length);
      const table = new Uint16Array(65536);
      for (let c = 0; c < 65536; c++) table[c] = toHalf(m.huMin + c * step);
      for (let i = 0; i < codes.length; i++) halfs[i] = table[codes[i]];
      texture = new Data3DTexture(halfs, nx, ny, nz);
      texture.type = HalfFloatType;
    }
  }
  texture.format = RedFormat;
  texture.minFilter = LinearFilter;
  texture.magFilter = LinearFilter;
  texture.unpackAlignment = 1;
  texture.needsUpdate = true;
  return { texture, valueScale, valueOffset };
}

function requireMapping(prep: PreparedVolume) {
  if (!prep.mapping) throw new Error(`${prep.format} volume has no code → value mapping`);
  return prep.mapping;
}
