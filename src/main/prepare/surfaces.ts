/**
 * Surfaces into the render grid's voxel-mm frame (defined in geometry.ts). O(points), not
 * O(volume), so it runs on the calling thread.
 */
import type { PreparedSurface } from '../../shared/prepared';
import type { Surface, Vec3 } from '../../shared/volume';
import { surfaceShift } from './geometry';

export function prepareSurface(s: Surface, srcSpacing: Vec3, renderSpacing: Vec3): PreparedSurface {
  const shift = surfaceShift(srcSpacing, renderSpacing);
  const flipY = s.space === 'inv3-world'; // InVesalius stores y = −row·sy
  const positions = new Float32Array(s.positions.length);
  for (let i = 0; i < positions.length; i += 3) {
    positions[i] = s.positions[i] + shift[0];
    positions[i + 1] = (flipY ? -s.positions[i + 1] : s.positions[i + 1]) + shift[1];
    positions[i + 2] = s.positions[i + 2] + shift[2];
  }
  let normals: Float32Array | undefined;
  if (s.normals) {
    normals = new Float32Array(s.normals);
    if (flipY) for (let i = 1; i < normals.length; i += 3) normals[i] = -normals[i];
  }
  // A mirror (the y flip) reverses triangle winding; swap two corners so front faces stay
  // counter-clockwise with respect to the (flipped) outward normals.
  let indices = s.indices;
  if (flipY) {
    indices = new Uint32Array(s.indices);
    for (let t = 0; t + 2 < indices.length; t += 3) {
      const b = indices[t + 1];
      indices[t + 1] = indices[t + 2];
      indices[t + 2] = b;
    }
  }
  return { name: s.name, colour: s.colour, transparency: s.transparency, visible: s.visible, positions, normals, indices };
}
