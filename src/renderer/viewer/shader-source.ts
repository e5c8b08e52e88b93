/**
 * Assembles the raymarch shader for one mode from the shared GLSL pieces in /shaders
 * (imported as text at build time): common + light + shading + skipping + surfaces + <mode piece>
 * + the loop. The surface meshes' shader shares the light piece.
 */
import common from '../../../shaders/common.glsl?raw';
import light from '../../../shaders/light.glsl?raw';
import surfaces from '../../../shaders/surfaces.glsl?raw';
import surfaceFragment from '../../../shaders/surface.frag?raw';
import surfaceVertex from '../../../shaders/surface.vert?raw';
import shading from '../../../shaders/shading.glsl?raw';
import skip from '../../../shaders/skip.glsl?raw';
import loop from '../../../shaders/raymarch.frag?raw';
import vertex from '../../../shaders/raymarch.vert?raw';
import dvr from '../../../shaders/dvr.glsl?raw';
import mip from '../../../shaders/mip.glsl?raw';
import minip from '../../../shaders/minip.glsl?raw';
import iso from '../../../shaders/iso.glsl?raw';
import type { RenderMode } from '../../shared/presets/transfer-presets';

const MODE_PIECES: Record<RenderMode, string> = { dvr, mip, minip, iso };

/** Upper bound on loop iterations (samples + brick skips); a 512³ diagonal is ~890 samples. */
export const MAX_STEPS = 4096;

export function fragmentSource(mode: RenderMode): string {
  return [`#define MAX_STEPS ${MAX_STEPS}`, common, light, shading, skip, surfaces, MODE_PIECES[mode], loop].join('\n');
}

export const vertexSource: string = vertex;

/** The surface meshes (surface-layer.ts): the volume's headlight on a flat colour. */
export const surfaceVertexSource: string = surfaceVertex;
export const surfaceFragmentSource: string = [light, surfaceFragment].join('\n');
