/**
 * Lossless pre-filter for the bundle's voxel codes (runs in Node on export and in the
 * browser on open, so both directions live here and mirror each other).
 *
 * Each voxel is predicted from its already-seen neighbours in the same slice with the
 * LOCO-I / JPEG-LS "MED" predictor (a = left, b = up, c = up-left), and the residual is
 * zig-zagged (small magnitudes → small codes). The residuals are then SORTED into
 * separate streams by a context: the local activity |a−c| + |b−c| + |ne−b| bucketed by
 * log2. Deflate builds a new Huffman table every block, so contiguous per-context
 * streams give it context-adaptive codes (flat air/tissue vs edges) for free. The decoder
 * recomputes the same context from decoded neighbours and pulls from the matching stream.
 *
 * Measured (2026-11, Philips brain phantom 512×512×28 resampled to 300×300×28, u8 over
 * −1024..782, deflate-raw size ÷ gzip -9 of the raw u8 bytes):
 *   left-delta 0.919 · MED 0.785 · Lorenzo-3D 0.933 · MED + 8 contexts 0.689 (level 9),
 *   0.691 with Z_RLE strategy in 20 ms instead of 1.5 s — hence MED + contexts + Z_RLE.
 * 16-bit codes are split into a low-byte and a high-byte plane (each context-sorted).
 */

export interface ResidualLayout {
  /** Bytes per voxel code: 1 (u8) or 2 (u16, low plane then high plane). */
  planes: 1 | 2;
  /** Number of activity contexts. */
  contexts: number;
  /** counts[plane·contexts + ctx] = residual bytes in that stream (same for both planes). */
  counts: number[];
}

type Codes = Uint8Array | Uint16Array;

/** Contexts used for each code width (u16 activity spans more octaves). */
export function contextsFor(planes: 1 | 2): number {
  return planes === 1 ? 8 : 12;
}

function med(a: number, b: number, c: number): number {
  const mx = a > b ? a : b;
  const mn = a > b ? b : a;
  return c >= mx ? mn : c <= mn ? mx : a + b - c;
}

/** Activity bucket: 0 for flat, then floor(log2(act)) + 1, capped. */
function bucket(act: number, contexts: number): number {
  const ctx = act === 0 ? 0 : 32 - Math.clz32(act);
  return ctx < contexts ? ctx : contexts - 1;
}

/**
 * Visits every voxel in raster order with its prediction and context. `get` reads codes
 * already known (the source when encoding, the output so far when decoding).
 */
function forEachVoxel(values: Codes, nx: number, ny: number, nz: number, contexts: number, visit: (p: number, pred: number, ctx: number) => void): void {
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = (k * ny + j) * nx;
      for (let i = 0; i < nx; i++) {
        const p = row + i;
        const a = i > 0 ? values[p - 1] : 0;
        const b = j > 0 ? values[p - nx] : 0;
        const c = i > 0 && j > 0 ? values[p - nx - 1] : 0;
        const ne = j > 0 && i < nx - 1 ? values[p - nx + 1] : b;
        const act = Math.abs(a - c) + Math.abs(b - c) + Math.abs(ne - b);
        visit(p, med(a, b, c), bucket(act, contexts));
      }
    }
  }
}

/** Codes of shape [z, y, x] → context-sorted residual bytes plus the layout to undo it. */
export function encodeResiduals(values: Codes, shape: [number, number, number]): { bytes: Uint8Array; layout: ResidualLayout } {
  const [nz, ny, nx] = shape;
  const n = nx * ny * nz;
  if (values.length !== n) throw new Error(`encodeResiduals: ${values.length} codes for shape ${shape.join('×')}`);
  const planes: 1 | 2 = values instanceof Uint16Array ? 2 : 1;
  const contexts = contextsFor(planes);
  const shift = planes === 1 ? 24 : 16; // sign-extend the wrapped difference to 8 or 16 bits
  const zz = new Uint16Array(n);
  const ctxOf = new Uint8Array(n);
  const counts = new Array<number>(contexts).fill(0);
  forEachVoxel(values, nx, ny, nz, contexts, (p, pred, ctx) => {
    const s = ((values[p] - pred) << shift) >> shift;
    zz[p] = ((s << 1) ^ (s >> 31)) & (planes === 1 ? 0xff : 0xffff);
    ctxOf[p] = ctx;
    counts[ctx]++;
  });
  const start = new Array<number>(contexts);
  for (let c = 0, off = 0; c < contexts; c++) {
    start[c] = off;
    off += counts[c];
  }
  const bytes = new Uint8Array(n * planes);
  const cursor = [...start];
  for (let p = 0; p < n; p++) {
    const at = cursor[ctxOf[p]]++;
    bytes[at] = zz[p] & 0xff;
    if (planes === 2) bytes[n + at] = zz[p] >> 8;
  }
  return { bytes, layout: { planes, contexts, counts: planes === 2 ? [...counts, ...counts] : counts } };
}

/** Inverse of encodeResiduals; throws on a layout that does not fit the shape. */
export function decodeResiduals(bytes: Uint8Array, layout: ResidualLayout, shape: [number, number, number]): Codes {
  const [nz, ny, nx] = shape;
  const n = nx * ny * nz;
  const { planes, contexts, counts } = layout;
  const perPlane = counts.slice(0, contexts).reduce((s, c) => s + c, 0);
  if (perPlane !== n || bytes.length !== n * planes || counts.length !== contexts * planes) {
    throw new Error(`bundle volume stream does not match its ${shape.join('×')} grid`);
  }
  const cursor = new Array<number>(contexts);
  for (let c = 0, off = 0; c < contexts; c++) {
    cursor[c] = off;
    off += counts[c];
  }
  const out: Codes = planes === 1 ? new Uint8Array(n) : new Uint16Array(n);
  const mask = planes === 1 ? 0xff : 0xffff;
  forEachVoxel(out, nx, ny, nz, contexts, (p, pred, ctx) => {
    const at = cursor[ctx]++;
    const z = planes === 1 ? bytes[at] : bytes[at] | (bytes[n + at] << 8);
    const s = (z >>> 1) ^ -(z & 1);
    out[p] = (pred + s) & mask;
  });
  return out;
}
