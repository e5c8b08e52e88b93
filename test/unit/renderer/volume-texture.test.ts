import { describe, expect, it } from 'vitest';
import { FloatType, HalfFloatType, UnsignedByteType } from 'three';
import { createVolumeTexture } from '../../../src/renderer/viewer/volume-texture';
import { toHalfArray } from '../../../src/renderer/viewer/half';
import { fromHalf } from '../../../src/shared/half';
import type { PreparedVolume } from '../../../src/shared/prepared';

function volume(format: PreparedVolume['format'], data: Uint16Array | Uint8Array, mapping?: { huMin: number; huMax: number }): PreparedVolume {
  return { shape: [1, 1, data.length], format, data, mapping } as unknown as PreparedVolume;
}

describe('volume texture formats', () => {
  it('uploads f16 bits as they are (R16F), HU = texel', () => {
    const data = toHalfArray([-1024, 0, 40, 2048]);
    const vt = createVolumeTexture(volume('f16', data), true);
    expect(vt.texture.type).toBe(HalfFloatType);
    expect(vt.texture.image.data).toBe(data); // no copy, no conversion
    expect([vt.valueScale, vt.valueOffset]).toEqual([1, 0]);
  });

  it('maps u8 codes back to HU in the shader (scale, offset)', () => {
    const vt = createVolumeTexture(volume('u8', new Uint8Array([0, 255]), { huMin: -1024, huMax: 3071 }), true);
    expect(vt.texture.type).toBe(UnsignedByteType);
    // the sampler returns code/255, so HU = t·(huMax − huMin) + huMin
    expect(vt.valueScale * 1 + vt.valueOffset).toBe(3071);
    expect(vt.valueOffset).toBe(-1024);
  });

  it('turns u16 codes into exact float HU (R32F), or R16F when float filtering is missing', () => {
    const mapping = { huMin: -1024, huMax: 64511 }; // 1 HU per code
    const codes = new Uint16Array([0, 1024, 1064, 4095, 5000]);
    const exact = createVolumeTexture(volume('u16', codes, mapping), true);
    expect(exact.texture.type).toBe(FloatType);
    expect(Array.from(exact.texture.image.data as Float32Array)).toEqual([-1024, 0, 40, 3071, 3976]);
    const fallback = createVolumeTexture(volume('u16', codes, mapping), false);
    expect(fallback.texture.type).toBe(HalfFloatType);
    const back = Array.from(fallback.texture.image.data as Uint16Array, fromHalf);
    expect(back.slice(0, 3)).toEqual([-1024, 0, 40]); // exact within ±2048
    expect(Math.abs(back[3] - 3071)).toBeLessThanOrEqual(1);
  });
});
