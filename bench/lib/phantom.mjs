/**
 * A head-like CT phantom in HU (int16, [z][y][x]): air −1000 outside, a skin/soft-tissue layer
 * (~40), a skull shell (~1000), brain (~30) with ventricles (~5), plus Gaussian-like noise
 * (σ ≈ 12 HU everywhere, as on a real scanner) so it compresses like a real scan, not like zeros.
 * Built row by row from analytic ellipsoid intervals, so it is quick even at 508×516×516.
 */

/** xorshift32: fast, deterministic. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
}

/** 64K pre-drawn normal samples (Box–Muller), rounded to HU, indexed by random 16-bit values. */
function noiseTable(next, sigma) {
  const t = new Int16Array(65536);
  for (let i = 0; i < t.length; i += 2) {
    const u = (next() + 1) / 4294967297;
    const v = next() / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u)) * sigma;
    t[i] = Math.round(r * Math.cos(2 * Math.PI * v));
    t[i + 1] = Math.round(r * Math.sin(2 * Math.PI * v));
  }
  return t;
}

/** Half-width along x of the ellipsoid (centre c, radii r) on row (y, z), or −1 if missed. */
function halfWidth(y, z, c, r) {
  const dy = (y - c[1]) / r[1];
  const dz = (z - c[2]) / r[2];
  const q = 1 - dy * dy - dz * dz;
  return q > 0 ? r[0] * Math.sqrt(q) : -1;
}

/**
 * @param {[number, number, number]} shape [z, y, x]
 * @returns {Int16Array}
 */
export function headPhantom(shape, seed = 12345) {
  const [nz, ny, nx] = shape;
  const out = new Int16Array(nz * ny * nx);
  const next = rng(seed);
  const noise = noiseTable(next, 12);
  const c = [nx / 2, ny / 2, nz / 2];
  const scale = Math.min(nx, ny, nz) / 2;
  // nested ellipsoids, outermost first: [radii as fractions of the half-size, HU]
  const layers = [
    [[0.92, 0.96, 0.9], 40], // skin + soft tissue
    [[0.86, 0.9, 0.84], 1000], // skull
    [[0.8, 0.84, 0.78], 30], // brain
    [[0.12, 0.3, 0.15], 5], // ventricles (CSF)
  ].map(([f, hu]) => [f.map((v) => v * scale), hu]);
  const row = new Int16Array(nx);
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      row.fill(-1000);
      for (const [r, hu] of layers) {
        const h = halfWidth(y, z, c, r);
        if (h < 0) continue;
        row.fill(hu, Math.max(0, Math.ceil(c[0] - h)), Math.min(nx, Math.floor(c[0] + h) + 1));
      }
      const base = (z * ny + y) * nx;
      for (let x = 0; x < nx; x++) {
        const n = next();
        out[base + x] = row[x] + noise[n & 0xffff];
      }
    }
  }
  return out;
}

/** [min, max] of the phantom's voxels (for main.plist's scalar_range). */
export function valueRange(voxels) {
  let min = Infinity;
  let max = -Infinity;
  for (const v of voxels) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}
