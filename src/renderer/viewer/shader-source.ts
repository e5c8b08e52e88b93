/**
 * Assembles the raymarch shader for one mode from the shared GLSL pieces in /shaders
 * (imported as text at build time): common + shading + skipping + <mode piece> + the loop.
 */
import common from '../../../shaders/common.glsl?raw';
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
  return [`#define MAX_STEPS ${MAX_STEPS}`, common, shading, skip, MODE_PIECES[mode], loop].join('\n');
}

export const vertexSource: string = vertex;
