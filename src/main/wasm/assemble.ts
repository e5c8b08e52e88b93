/**
 * A very small WebAssembly assembler: named opcodes, LEB128 numbers and a module builder.
 * The SIMD kernels (scan/inv3/simd-kernels.ts, wasm/int16-kernels.ts) are written as arrays of
 * these opcodes, so the repository holds readable code, never an opaque .wasm binary.
 *
 * Only what the kernels use is named here; add opcodes as needed (numbers from the
 * WebAssembly core spec, "Binary Format → Instructions", and its SIMD section).
 */

/** Core (one-byte) opcodes. */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Load16U: 0x2f,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32Popcnt: 0x69,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Xor: 0x73,
  i32Shl: 0x74,
  i32ShrU: 0x76,
} as const;

/** SIMD opcodes (written after the 0xfd prefix as a LEB128 number: see simd()). */
export const simdOp = {
  load: 0x00,
  store: 0x0b,
  i8x16Splat: 0x0f,
  i16x8Splat: 0x10,
  i32x4Splat: 0x11,
  i8x16Eq: 0x23,
  i16x8LeS: 0x33,
  i16x8GeS: 0x35,
  and: 0x4e,
  andnot: 0x4f,
  or: 0x50,
  xor: 0x51,
  anyTrue: 0x53,
  i8x16Bitmask: 0x64,
  i8x16NarrowI16x8S: 0x65,
  i16x8Abs: 0x80,
  i16x8NarrowI32x4U: 0x86,
  i16x8MinS: 0x96,
  i16x8MaxS: 0x98,
  i32x4ExtendLowI16x8U: 0xa9,
  i32x4ExtendHighI16x8U: 0xaa,
  i32x4ShrS: 0xac,
  i32x4ShrU: 0xad,
  i32x4Add: 0xae,
  i32x4MaxS: 0xb8,
  f32x4ConvertI32x4S: 0xfa,
} as const;

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;
/** Block type of a block/loop that takes and leaves nothing. */
export const EMPTY = 0x40;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

// Instruction helpers
export const get = (local: number) => [op.localGet, ...uleb(local)];
export const set = (local: number) => [op.localSet, ...uleb(local)];
export const tee = (local: number) => [op.localTee, ...uleb(local)];
export const i32 = (value: number) => [op.i32Const, ...sleb(value)];
/** A SIMD instruction without immediates. */
export const simd = (code: number) => [0xfd, ...uleb(code)];
/** A core load/store with its memarg: log2 alignment hint (≤ natural) and constant byte offset. */
export const memOp = (code: number, align: number, offset: number) => [code, align, ...uleb(offset)];
/** v128.load / v128.store with a memarg (alignment hint 0: any address is allowed). */
export const simdMem = (code: number, offset: number) => [...simd(code), 0, ...uleb(offset)];

export interface FunctionDef {
  /** Exported under this name. */
  name: string;
  params: number[];
  results: number[];
  /** Types of the locals after the parameters, in order. */
  locals: number[];
  /** Instructions; the closing `end` is added here. */
  body: number[];
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const utf8 = (s: string) => vec(Array.from(new TextEncoder().encode(s), (b) => [b]));

/** Runs of equal types, as the code section declares locals: [count, type]. */
function localGroups(types: number[]): number[][] {
  const groups: number[][] = [];
  for (const t of types) {
    const last = groups[groups.length - 1];
    if (last && last[1] === t) last[0]++;
    else groups.push([1, t]);
  }
  return groups.map(([count, t]) => [...uleb(count), t]);
}

/**
 * A module with one memory of `memoryPages` 64 KiB pages (exported as "memory") and the
 * given functions, each with its own type and exported under its name.
 */
export function assembleModule(memoryPages: number, functions: FunctionDef[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const codes = functions.map((f) => {
    const code = [...vec(localGroups(f.locals)), ...f.body, op.end];
    return [...uleb(code.length), ...code];
  });
  const exports = [[...utf8('memory'), 0x02, 0], ...functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)])];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(memoryPages)]])), // limits: minimum only
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}
