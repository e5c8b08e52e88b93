/**
 * The tiny wasm assembler (src/main/wasm/assemble.ts) that the SIMD kernels are written with:
 * LEB128 numbers against the spec's worked examples, and modules that validate and run.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY, I32, V128, assembleModule, get, i32, memOp, op, set, simd, simdMem, simdOp, sleb, tee, uleb } from '../../../src/main/wasm/assemble';

describe('wasm assembler', () => {
  it('encodes LEB128 like the spec examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-0x80000000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
  });

  it('builds a module with memory, locals of both types, loops, loads/stores and SIMD that runs', () => {
    // sum(n): Σ of the n int32 at address 0 (n ≥ 1), one scalar loop; lanes(p): v128 at p
    // doubled in place (i32x4 add of itself), through a v128 local.
    const bytes = assembleModule(1, [
      {
        name: 'sum',
        params: [I32],
        results: [I32],
        locals: [I32, I32],
        body: [
          op.loop, EMPTY,
          ...get(2), ...get(1), ...i32(2), op.i32Shl, ...memOp(op.i32Load, 2, 0), op.i32Add, ...set(2),
          ...get(1), ...i32(1), op.i32Add, ...tee(1), ...get(0), op.i32LtU, op.brIf, 0,
          op.end,
          ...get(2),
        ],
      },
      {
        name: 'lanes',
        params: [I32],
        results: [],
        locals: [V128],
        body: [...get(0), ...get(0), ...simdMem(simdOp.load, 0), ...tee(1), ...get(1), ...simd(simdOp.i32x4Add), ...simdMem(simdOp.store, 0)],
      },
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const memory = exports.memory as WebAssembly.Memory;
    expect(memory.buffer.byteLength).toBe(65536);
    const ints = new Int32Array(memory.buffer, 0, 6);
    ints.set([5, -7, 1000, 2 ** 30, 3, 9]);
    expect((exports.sum as (n: number) => number)(4)).toBe(5 - 7 + 1000 + 2 ** 30);
    (exports.lanes as (p: number) => void)(4);
    expect(Array.from(ints)).toEqual([5, -14, 2000, -(2 ** 31), 6, 9]);
  });
});
