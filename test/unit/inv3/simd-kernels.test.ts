/**
 * The WebAssembly SIMD mask kernel must agree bit for bit with the plain JS rule (which the
 * synthetic and real-file tests check against the spec) on every kind of input.
 */
import { describe, expect, it } from 'vitest';
import { buildMask, type MaskHeader } from '../../../src/main/scan/inv3/masks';
import { simdKernels } from '../../../src/main/scan/inv3/simd-kernels';
import type { Shape3 } from '../../../src/shared/volume';

function lcg(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

describe('SIMD kernels = JS reference', () => {
  it('is available here (Node 20 / Electron have WebAssembly SIMD)', () => {
    expect(simdKernels()).not.toBeNull();
  });

  const shapes: Shape3[] = [
    [3, 7, 11],
    [2, 16, 16],
    [1, 1, 1],
    [4, 33, 5],
    [2, 64, 63],
  ];
  const thresholds: [number, number][] = [
    [226, 3071],
    [-718, -177],
    [0, 0],
    [40000, 50000],
    [-50000, -40000],
    [-1e9, 1e9],
    [10.5, 20.2],
    [5, 4],
    [-32768, 32767],
    [32767, 40000],
  ];

  it('agrees on random volumes, stored values, flags, odd sizes and odd thresholds', () => {
    const rand = lcg(42);
    const special = [0, 1, 2, 253, 254, 255];
    let compared = 0;
    for (const shape of shapes) {
      const [nz, ny, nx] = shape;
      const volume = Int16Array.from({ length: nz * ny * nx }, () => {
        const r = rand();
        return r < 0.05 ? -32768 : r < 0.1 ? 32767 : Math.floor(rand() * 5000) - 1500;
      });
      const raw = Uint8Array.from({ length: (nz + 1) * (ny + 1) * (nx + 1) }, () => (rand() < 0.8 ? special[Math.floor(rand() * 6)] : Math.floor(rand() * 256)));
      const plane = (ny + 1) * (nx + 1);
      for (let k = 0; k < nz; k++) raw[(k + 1) * plane] = [0, 1, 2][k % 3];
      for (const threshold of thresholds) {
        const header: MaskHeader = { name: 'm', threshold, colour: [1, 0, 0], opacity: 1, visible: true, file: 'mask_0.dat' };
        const js = buildMask(raw.slice(), header, volume, shape, false);
        const wasm = buildMask(raw.slice(), header, volume, shape, true);
        expect(Array.from(wasm.data), `${shape} ${threshold}`).toEqual(Array.from(js.data));
        expect(wasm.voxelsInside).toBe(js.voxelsInside);
        compared++;
      }
    }
    expect(compared).toBe(shapes.length * thresholds.length);
  });

  it('value range: every length (padding, chunking), extremes anywhere', () => {
    const rand = lcg(7);
    const kernels = simdKernels()!;
    for (const length of [1, 7, 8, 9, 100, (1 << 20) + 5]) {
      const values = Int16Array.from({ length }, () => Math.floor(rand() * 2000) - 1000);
      const js = (a: Int16Array) => [a.reduce((m, v) => Math.min(m, v), Infinity), a.reduce((m, v) => Math.max(m, v), -Infinity)];
      expect(kernels.range(values)).toEqual(js(values));
      if (length < 2) continue;
      values[length - 1] = 32767; // the last (padded) lane
      values[0] = -32768;
      expect(kernels.range(values)).toEqual([-32768, 32767]);
    }
  });
});
