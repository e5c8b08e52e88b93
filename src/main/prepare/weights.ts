/**
 * 1-D resampling weights, one sparse row per output voxel (CSR layout so a worker gets three
 * small typed arrays). Output j = Σ w·input[idx] over row j. Every row's weights sum to 1,
 * so means are preserved and a constant stays constant.
 *
 *  - uniform axis: exact AREA (box) averaging. Output cell j covers source cells
 *    [j·r, (j+1)·r) with r = n/N; each source cell weighs its overlap. This is the
 *    anti-aliasing filter: a pattern finer than the output cell averages out instead of
 *    folding back as a false low frequency (what point sampling would do).
 *  - uneven slices: the source is the piecewise-linear interpolant through the slice centres
 *    (the only honest reading of unevenly spaced samples); each output value averages it at
 *    S points spread over the output cell (S = 1 when the output is not coarser than the mean
 *    gap, so it is plain linear interpolation at the cell centre).
 */
export interface AxisWeights {
  /** Number of output voxels. */
  count: number;
  /** Row j's entries are [start[j], start[j+1]). */
  start: Int32Array;
  idx: Int32Array;
  w: Float32Array;
}

function pack(rows: Array<Array<[number, number]>>): AxisWeights {
  const start = new Int32Array(rows.length + 1);
  let total = 0;
  rows.forEach((r, j) => {
    start[j] = total;
    total += r.length;
  });
  start[rows.length] = total;
  const idx = new Int32Array(total);
  const w = new Float32Array(total);
  let k = 0;
  for (const r of rows) {
    for (const [i, wt] of r) {
      idx[k] = i;
      w[k++] = wt;
    }
  }
  return { count: rows.length, start, idx, w };
}

/** True when the axis is copied unchanged (no pass needed). */
export function isIdentity(aw: AxisWeights): boolean {
  if (aw.idx.length !== aw.count) return false;
  for (let j = 0; j < aw.count; j++) if (aw.idx[j] !== j || aw.w[j] !== 1) return false;
  return true;
}

/** Area-averaging weights from n source cells to N output cells (N ≤ n in practice; N > n gives nearest-cell). */
export function boxWeights(n: number, N: number): AxisWeights {
  const r = n / N;
  const rows: Array<Array<[number, number]>> = [];
  for (let j = 0; j < N; j++) {
    const a = j * r;
    const b = (j + 1) * r;
    const row: Array<[number, number]> = [];
    for (let i = Math.floor(a); i < Math.min(n, Math.ceil(b)); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 1e-12) row.push([i, overlap / r]);
    }
    rows.push(normalise(row));
  }
  return pack(rows);
}

/**
 * Weights from unevenly spaced slices at `positions` (ascending, mm) to N uniform slices
 * whose centres run from positions[0] to positions[n−1] in steps of the mean gap × n/N
 * (cell convention: centre j at uniform index (j + 0.5)·n/N − 0.5).
 */
export function unevenWeights(positions: readonly number[], N: number): AxisWeights {
  const n = positions.length;
  const p0 = positions[0];
  const g = n > 1 ? (positions[n - 1] - p0) / (n - 1) : 1;
  const cell = (g * n) / N; // output spacing
  let minGap = Infinity;
  for (let k = 1; k < n; k++) minGap = Math.min(minGap, positions[k] - positions[k - 1]);
  const samples = cell <= g * (1 + 1e-9) ? 1 : Math.min(64, Math.ceil((2 * cell) / Math.max(minGap, 1e-6)));
  const rows: Array<Array<[number, number]>> = [];
  for (let j = 0; j < N; j++) {
    const centre = p0 + ((j + 0.5) * n / N - 0.5) * g;
    const acc = new Map<number, number>();
    for (let s = 0; s < samples; s++) {
      const z = centre + ((s + 0.5) / samples - 0.5) * cell;
      for (const [i, wt] of linearAt(positions, z)) acc.set(i, (acc.get(i) ?? 0) + wt / samples);
    }
    rows.push(normalise([...acc.entries()].sort((x, y) => x[0] - y[0])));
  }
  return pack(rows);
}

/** Linear interpolation weights at position z, clamped to the first/last slice. */
function linearAt(p: readonly number[], z: number): Array<[number, number]> {
  const n = p.length;
  if (z <= p[0] || n === 1) return [[0, 1]];
  if (z >= p[n - 1]) return [[n - 1, 1]];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p[mid] <= z) lo = mid;
    else hi = mid;
  }
  const t = (z - p[lo]) / (p[hi] - p[lo]);
  return t === 0 ? [[lo, 1]] : [[lo, 1 - t], [hi, t]];
}

function normalise(row: Array<[number, number]>): Array<[number, number]> {
  const sum = row.reduce((s, [, w]) => s + w, 0);
  return row.map(([i, w]) => [i, w / sum]);
}
