import { describe, expect, it } from 'vitest';
import { HalfFloatType } from 'three';
import { createVolumeTexture } from '../../../src/renderer/viewer/volume-texture';
import { computeBrickGrid } from '../../../src/renderer/viewer/bricks';
import { int16ToHalfTable, toHalf } from '../../../src/shared/half';
import type { PreparedVolume } from '../../../src/shared/prepared';
import type { Shape3 } from '../../../src/shared/volume';

/** Every int16 value, in a fixed scrambled order (odd stride: a permutation of 0..65535). */
const everyValue = Int16Array.from({ length: 65536 }, (_, i) => ((i * 40503) % 65536) - 32768);

describe("'i16' volumes in the renderer (no GPU here)", () => {
  it('without a renderer, converts on the CPU to exactly the f16 bits (R16F)', () => {
    const prep = { shape: [16, 32, 128], format: 'i16', data: everyValue } as unknown as PreparedVolume;
    const vt = createVolumeTexture(prep, true);
    expect(vt.convertedOnGpu).toBe(false);
    expect(vt.texture.type).toBe(HalfFloatType);
    expect([vt.valueScale, vt.valueOffset]).toEqual([1, 0]);
    const bits = vt.texture.image.data as Uint16Array;
    expect(bits).toBeInstanceOf(Uint16Array);
    let wrong = 0;
    for (let i = 0; i < everyValue.length; i++) if (bits[i] !== toHalf(everyValue[i])) wrong++;
    expect(wrong).toBe(0);
    expect(new Set(everyValue).size).toBe(65536);
  });

  it('brick ranges of an i16 volume equal those of the same voxels as f16 (texel values, ties to even)', () => {
    const shape: Shape3 = [16, 32, 128];
    const table = int16ToHalfTable();
    const f16 = computeBrickGrid({ shape, format: 'f16', data: Uint16Array.from(everyValue, (v) => table[v + 32768]) });
    const i16 = computeBrickGrid({ shape, format: 'i16', data: everyValue });
    expect(Array.from(i16.min)).toEqual(Array.from(f16.min));
    expect(Array.from(i16.max)).toEqual(Array.from(f16.max));
    // the rounding matters: 32767 is stored, its texel is 32768
    expect(Math.max(...i16.max)).toBe(32768);
  });
});
