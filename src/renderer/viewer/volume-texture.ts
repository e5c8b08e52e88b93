/**
 * The ONE upload of the voxel data to the GPU. Formats:
 *  - 'f16': Uint16 half-float bits → R16F (HalfFloatType). Exact for every integer in ±2048 HU.
 *  - 'u8':  codes → R8 (normalised); the shader maps back with HU = code/255·(huMax−huMin)+huMin.
 *  - 'u16': codes are turned into HU on the CPU and uploaded as R32F (FloatType): every 16-bit code
 *           maps to a float32 exactly enough (24-bit mantissa), whereas R16F would round values
 *           beyond ±2048 HU (steps of 2 HU up to 4096), so we pay 4 bytes/voxel for exactness.
 *  - 'i16': int16 HU → R16I, converted on the GPU into R16F (int16-gpu.ts): the same texels as
 *           'f16' without any CPU pass. Without EXT_color_buffer_float (or without a renderer,
 *           e.g. in unit tests) the conversion runs here on the CPU (int16ToHalfTable) instead.
 * All use linear filtering (R8, R16F are filterable in WebGL2; R32F needs
 * OES_texture_float_linear: without it, 'u16' falls back to R16F via a 65536-entry code table).
 */
import { Data3DTexture, FloatType, HalfFloatType, LinearFilter, RedFormat, UnsignedByteType, type WebGLRenderer } from 'three';
import type { PreparedVolume } from '../../shared/prepared';
import { int16ToHalfTable, toHalf } from '../../shared/half';
import { canConvertInt16OnGpu, convertInt16OnGpu } from './int16-gpu';

export interface VolumeTexture {
  texture: Data3DTexture;
  /** HU = texel · valueScale + valueOffset. */
  valueScale: number;
  valueOffset: number;
  /** Whether an 'i16' volume was converted on the GPU (false: on the CPU, or not i16). */
  convertedOnGpu: boolean;
  /** After a lost-and-restored WebGL context: fill the texture again (upload, or GPU conversion). */
  restore(): void;
  dispose(): void;
}

export interface TextureOptions {
  /** Needed for the GPU conversion of 'i16' volumes (CPU conversion without it). */
  renderer?: WebGLRenderer;
  /** Called each time the voxel data goes up to the GPU. */
  onUpload?: () => void;
}

export class VolumeTooLargeError extends Error {}

/** Throws VolumeTooLargeError when a dimension exceeds what this GPU can hold in one 3-D texture. */
export function checkTextureSize(prep: Pick<PreparedVolume, 'shape'>, max3d: number): void {
  const [nz, ny, nx] = prep.shape;
  if (nx > max3d || ny > max3d || nz > max3d)
    throw new VolumeTooLargeError(`volume ${nx}×${ny}×${nz} exceeds this GPU's 3-D texture limit of ${max3d}`);
}

export function createVolumeTexture(prep: PreparedVolume, floatLinear: boolean, opts: TextureOptions = {}): VolumeTexture {
  const [nz, ny, nx] = prep.shape;
  if (prep.format === 'i16' && opts.renderer && canConvertInt16OnGpu(opts.renderer)) {
    const gpu = convertInt16OnGpu(opts.renderer, prep.data as Int16Array, prep.shape, opts.onUpload);
    return { texture: gpu.target.texture, valueScale: 1, valueOffset: 0, convertedOnGpu: true, restore: gpu.refill, dispose: () => gpu.target.dispose() };
  }
  let texture: Data3DTexture;
  let valueScale = 1;
  let valueOffset = 0;
  if (prep.format === 'f16') {
    texture = new Data3DTexture(prep.data as Uint16Array, nx, ny, nz);
    texture.type = HalfFloatType;
  } else if (prep.format === 'i16') {
    texture = new Data3DTexture(int16ToHalfArray(prep.data as Int16Array), nx, ny, nz);
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
  if (opts.onUpload) texture.onUpdate = opts.onUpload;
  texture.needsUpdate = true;
  const restore = () => {
    texture.needsUpdate = true; // three.js uploads it again on next use
  };
  return { texture, valueScale, valueOffset, convertedOnGpu: false, restore, dispose: () => texture.dispose() };
}

/** The CPU fallback for 'i16': half bits of every value by table lookup (bit-identical to prepare's f16). */
function int16ToHalfArray(values: Int16Array): Uint16Array {
  const table = int16ToHalfTable();
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = table[values[i] + 32768];
  return out;
}

function requireMapping(prep: PreparedVolume) {
  if (!prep.mapping) throw new Error(`${prep.format} volume has no code → value mapping`);
  return prep.mapping;
}
