import { afterAll, describe, expect, it } from 'vitest';
import { resampleSlicesXY, resampleSlicesZ, toBand } from '../../../src/main/prepare/resample-kernel';
import { planResample, resample, resampleToTexels } from '../../../src/main/prepare/resample';
import { quantize } from '../../../src/main/prepare/quantize';
import { boxWeights, unevenWeights, type AxisWeights } from '../../../src/main/prepare/weights';
import { WorkerPool } from '../../../src/main/workers/pool';
import type { Shape3 } from '../../../src/shared/volume';

const pool = new WorkerPool(2);
afterAll(() => pool.close());

/** Straight from the CSR definition, in double: out[j] = Σ w·in[idx] along one axis. */
function reference(src: ArrayLike<number>, [, ny, nx]: Shape3, wz: AxisWeights, wy: AxisWeights, wx: AxisWeights): Float64Array {
  const out = new Float64Array(wz.count * wy.count * wx.count);
  for (let k = 0; k < wz.count; k++)
    for (let j = 0; j < wy.count; j++)
      for (let i = 0; i < wx.count; i++) {
        let acc = 0;
        for (let a = wz.start[k]; a < wz.start[k + 1]; a++)
          for (let b = wy.start[j]; b < wy.start[j + 1]; b++)
            for (let c = wx.start[i]; c < wx.start[i + 1]; c++) acc += wz.w[a] * wy.w[b] * wx.w[c] * src[(wz.idx[a] * ny + wy.idx[b]) * nx + wx.idx[c]];
        out[(k * wy.count + j) * wx.count + i] = acc;
      }
  return out;
}

const values = (n: number) => Int16Array.from({ length: n }, (_, i) => ((i * 7919) % 4001) - 1000);

describe('banded resampling kernels', () => {
  it('toBand keeps every weight and keeps reads inside the axis', () => {
    for (const [n, N] of [[10, 3], [7, 7], [5, 11], [516, 300], [3, 1]]) {
      const aw = boxWeights(n, N);
      const b = toBand(aw, n);
      for (let j = 0; j < N; j++) {
        expect(b.first[j] + b.taps).toBeLessThanOrEqual(n);
        let sum = 0;
        for (let t = 0; t < b.taps; t++) sum += b.w[j * b.taps + t];
        expect(sum).toBeCloseTo(1, 6);
        for (let k = aw.start[j]; k < aw.start[j + 1]; k++) expect(b.w[j * b.taps + aw.idx[k] - b.first[j]]).toBeCloseTo(aw.w[k], 7);
      }
    }
  });

  it('x, y, z passes equal the CSR definition (2-, 3-, wide- and 1-tap bands, uneven slices)', () => {
    const cases: Array<[Shape3, Shape3, boolean]> = [
      [[9, 37, 41], [4, 13, 17], false], // 3-tap and wide bands
      [[12, 30, 31], [12, 17, 30], false], // 2-tap y, x nearly kept
      [[5, 10, 10], [11, 4, 3], true], // upsampled z (1 tap), uneven slices
      [[6, 20, 33], [6, 20, 14], false], // y kept: x pass straight from the source
    ];
    for (const [k, [S, G, uneven]] of [...cases, ...cases].entries()) {
      // second round: float32 sources (the generic, non-int16 loops)
      const ints = values(S[0] * S[1] * S[2]);
      const src = k < cases.length ? ints : Float32Array.from(ints, (v) => v + 0.25);
      const wx = boxWeights(S[2], G[2]);
      const wy = boxWeights(S[1], G[1]);
      const wz = uneven ? unevenWeights(Array.from({ length: S[0] }, (_, k) => k * 1.3 + (k % 3) * 0.4), G[0]) : boxWeights(S[0], G[0]);
      const planes = new Float32Array(S[0] * G[1] * G[2]);
      // an unchanged axis is passed as null, as planResample does (the kernels skip that pass)
      resampleSlicesXY({ src, shape: S, z0: 0, z1: S[0], wx: S[2] === G[2] ? null : wx, wy: S[1] === G[1] ? null : wy, dst: planes });
      const out = new Float32Array(G[0] * G[1] * G[2]);
      resampleSlicesZ({ src: planes, planeSize: G[1] * G[2], wz, j0: 0, j1: G[0], dst: out });
      const want = reference(src, S, wz, wy, wx);
      let worst = 0;
      for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - want[i]));
      expect(worst).toBeLessThan(2e-3); // float32 storage of values up to 3000 HU
    }
  });

  it('resampleToTexels is bit-identical to quantize(resample(…)) for u8, u16 and f16', async () => {
    const S: Shape3 = [17, 23, 29];
    const src = values(S[0] * S[1] * S[2]);
    const shared = new Int16Array(new SharedArrayBuffer(src.byteLength));
    shared.set(src);
    for (const positions of [undefined, Array.from({ length: S[0] }, (_, k) => k * 2 + (k > 8 ? 1 : 0))]) {
      const plan = planResample(S, [7, 11, 13], positions);
      const run = { pool };
      for (const [format, mapping] of [['u8', { huMin: -1000, huMax: 2000 }], ['u16', { huMin: -1024, huMax: 3071 }], ['f16', undefined]] as const) {
        const direct = await resampleToTexels(run, shared, plan, format, mapping);
        const twoStep = await quantize(run, await resample(run, shared, plan), format, mapping);
        expect(direct).not.toBeNull();
        expect(Buffer.from(direct!.buffer).equals(Buffer.from(twoStep.buffer))).toBe(true);
      }
    }
  });
});
