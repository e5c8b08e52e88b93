/**
 * Browser side of the 'i16' upload test (test/e2e/int16-upload.spec.ts): the real
 * createVolumeTexture on a real three.js WebGLRenderer, and a raw-WebGL read-back of every layer
 * of the resulting half-float volume texture, exposed as window.i16.
 */
import { WebGLRenderer, type Data3DTexture } from 'three';
import { createVolumeTexture } from '../../../src/renderer/viewer/volume-texture';
import { convertInt16OnGpu } from '../../../src/renderer/viewer/int16-gpu';
import type { PreparedVolume } from '../../../src/shared/prepared';
import type { Shape3 } from '../../../src/shared/volume';

const renderer = new WebGLRenderer({ canvas: document.getElementById('gl') as HTMLCanvasElement });
const gl = renderer.getContext() as WebGL2RenderingContext;

/** Reads layer after layer of a 3-D float-renderable texture as RGBA float32; returns the red channel. */
function readVolume(texture: Data3DTexture, [nz, ny, nx]: Shape3): number[] {
  const glTexture = (renderer.properties.get(texture) as { __webglTexture: WebGLTexture }).__webglTexture;
  const fb = gl.createFramebuffer();
  gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
  const rgba = new Float32Array(nx * ny * 4);
  const out: number[] = [];
  for (let z = 0; z < nz; z++) {
    gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, glTexture, 0, z);
    const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
    if (status !== gl.FRAMEBUFFER_COMPLETE) throw new Error(`layer ${z}: framebuffer status 0x${status.toString(16)}`);
    gl.readPixels(0, 0, nx, ny, gl.RGBA, gl.FLOAT, rgba);
    for (let i = 0; i < nx * ny; i++) out.push(rgba[i * 4]);
  }
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.deleteFramebuffer(fb);
  return out;
}

const i16 = {
  /** What this WebGL2 offers for the conversion. */
  probe(): { colorBufferFloat: boolean; webgl2: boolean } {
    return { colorBufferFloat: gl.getExtension('EXT_color_buffer_float') !== null, webgl2: typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext };
  },
  /** Uploads `values` as an 'i16' volume and reads back the texture the raymarcher would sample. */
  convert(values: number[], shape: Shape3): { convertedOnGpu: boolean; uploads: number; texels: number[]; glError: number } {
    let uploads = 0;
    const prep = { shape, format: 'i16', data: Int16Array.from(values) } as unknown as PreparedVolume;
    const vt = createVolumeTexture(prep, true, { renderer, onUpload: () => uploads++ });
    const texels = readVolume(vt.texture, shape);
    const glError = gl.getError();
    vt.dispose();
    return { convertedOnGpu: vt.convertedOnGpu, uploads, texels, glError };
  },
  /** The GPU conversion itself with slabs of at most `slabBytes` (several slabs on a small volume). */
  convertInSlabs(values: number[], shape: Shape3, slabBytes: number): { uploads: number; texels: number[]; glError: number } {
    let uploads = 0;
    const gpu = convertInt16OnGpu(renderer, Int16Array.from(values), shape, () => uploads++, slabBytes);
    const texels = readVolume(gpu.target.texture, shape);
    const glError = gl.getError();
    gpu.target.dispose();
    return { uploads, texels, glError };
  },
};

declare global {
  interface Window {
    i16: typeof i16;
  }
}
window.i16 = i16;
document.body.dataset.ready = 'true';
