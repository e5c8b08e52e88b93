/**
 * InVesalius masks: `mask_N.plist` describes, `mask_N.dat` holds uint8 [z+1, y+1, x+1]
 * whose first plane/row/column are per-slice flags. We strip the flags and binarise
 * (inside = value ≥ 253), re-thresholding the axial slices InVesalius had not filled yet
 * exactly as its reader does (spec section 4).
 */
import type { Mask, Shape3, Vec3, VoxelArray } from '../../../shared/volume';
import { fail } from './format-error';
import { Fields, parseDictPlist } from './plist';
import { arrayBytes, memberName } from './project';
import { type SimdKernels, simdKernels } from './simd-kernels';

export interface MaskHeader {
  name: string;
  threshold: [number, number];
  colour: Vec3;
  opacity: number;
  visible: boolean;
  file: string;
}

export function parseMaskPlist(bytes: Uint8Array, what: string, volumeShape: Shape3): MaskHeader {
  const f = new Fields(parseDictPlist(bytes, what), what);
  const [z, y, x] = volumeShape;
  const shape = f.numbers('mask_shape', 3);
  if (shape[0] !== z + 1 || shape[1] !== y + 1 || shape[2] !== x + 1) {
    fail(`${what}: mask_shape [${shape.join(', ')}] does not match the volume [${z + 1}, ${y + 1}, ${x + 1}]`);
  }
  const threshold = f.numbers('threshold_range', 2);
  const colour = f.numbers('colour', 3);
  return {
    name: f.string('name'),
    threshold: [threshold[0], threshold[1]],
    colour: [colour[0], colour[1], colour[2]],
    opacity: f.finite('opacity'),
    visible: f.bool('visible', true),
    file: memberName(f.string('mask_file'), what),
  };
}

/** Size in bytes that the mask member must have, for a volume of `shape`. */
export function maskBytes(shape: Shape3): number {
  return arrayBytes([shape[0] + 1, shape[1] + 1, shape[2] + 1], 1, 'mask');
}

/**
 * What a stored value means in a slice that was not thresholded yet: hand edits win
 * (1 and 2 = out, 253 and 254 = in); anything else is recomputed from the volume.
 */
const RECOMPUTE = 2;
const STORED_RULE = new Uint8Array(256).fill(RECOMPUTE);
STORED_RULE[1] = 0;
STORED_RULE[2] = 0;
STORED_RULE[253] = 1;
STORED_RULE[254] = 1;

/**
 * Turns the raw member (flags included) into a 1/0 mask of the volume's shape, in place:
 * every output index is ≤ the input index it comes from, so a forward pass never
 * overwrites bytes it still has to read. Returns a view of the first z·y·x bytes.
 */
export function buildMask(raw: Uint8Array, header: MaskHeader, volume: VoxelArray, shape: Shape3, useSimd = true): Mask {
  const [nz, ny, nx] = shape;
  if (raw.length !== maskBytes(shape)) fail(`mask '${header.file}' has ${raw.length} bytes, expected ${maskBytes(shape)}`);
  const kernel = useSimd && volume instanceof Int16Array ? simdKernels() : null;
  const inside = kernel ? buildWithKernel(kernel, raw, header.threshold, volume as Int16Array, shape) : buildInJs(raw, header.threshold, volume, shape);
  return {
    name: header.name,
    threshold: header.threshold,
    colour: header.colour,
    opacity: header.opacity,
    visible: header.visible,
    data: raw.subarray(0, nz * ny * nx),
    voxelsInside: inside,
  };
}

/** One slice at a time: gather the slice's stored rows (skipping the flag column), run, write back. */
function buildWithKernel(kernel: SimdKernels, raw: Uint8Array, threshold: [number, number], volume: Int16Array, shape: Shape3): number {
  const [nz, ny, nx] = shape;
  const plane = (ny + 1) * (nx + 1);
  const n = ny * nx;
  // The threshold as int16 bounds; a range with no int16 inside becomes the empty range (1, 0).
  const lo = Math.ceil(threshold[0]);
  const hi = Math.floor(threshold[1]);
  const empty = lo > hi || lo > 32767 || hi < -32768;
  const [klo, khi] = empty ? [1, 0] : [Math.max(lo, -32768), Math.min(hi, 32767)];
  let inside = 0;
  for (let k = 0; k < nz; k++) {
    const thresholded = raw[(k + 1) * plane] !== 0;
    const stored = raw.subarray((k + 1) * plane, (k + 2) * plane);
    const voxels = volume.subarray(k * n, (k + 1) * n);
    const out = raw.subarray(k * n, (k + 1) * n); // ends before this slice's plane starts
    inside += thresholded ? kernel.run(voxels, stored, ny, nx, out, 1, 0, true) : kernel.run(voxels, stored, ny, nx, out, klo, khi, false);
  }
  return inside;
}

/** The rule voxel by voxel; the reference the SIMD kernel is tested against. */
function buildInJs(raw: Uint8Array, threshold: [number, number], volume: VoxelArray, shape: Shape3): number {
  const [nz, ny, nx] = shape;
  const plane = (ny + 1) * (nx + 1);
  const [lo, hi] = threshold;
  let inside = 0;
  for (let k = 0; k < nz; k++) {
    const thresholded = raw[(k + 1) * plane] !== 0; // flag m[k+1, 0, 0]
    for (let j = 0; j < ny; j++) {
      const src = (k + 1) * plane + (j + 1) * (nx + 1) + 1;
      const dst = (k * ny + j) * nx;
      if (thresholded) {
        for (let i = 0; i < nx; i++) {
          const v = raw[src + i] >= 253 ? 1 : 0;
          raw[dst + i] = v;
          inside += v;
        }
      } else {
        // Not yet thresholded: inside where lo ≤ value ≤ hi, unless edited by hand.
        for (let i = 0; i < nx; i++) {
          const rule = STORED_RULE[raw[src + i]];
          const value = volume[dst + i];
          const v = rule === RECOMPUTE ? (value >= lo && value <= hi ? 1 : 0) : rule;
          raw[dst + i] = v;
          inside += v;
        }
      }
    }
  }
  return inside;
}
