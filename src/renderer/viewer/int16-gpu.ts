/**
 * 'i16' volumes: the int16 HU go to the GPU as they are (an R16I 3-D texture, 2 bytes/voxel, no
 * CPU pass) and the GPU turns them into the R16F texture the raymarcher samples, one draw per
 * z layer (shaders/int16-to-half.glsl). The R16I texture and the conversion material live only
 * for the conversion. Rendering into R16F needs EXT_color_buffer_float; without it the caller
 * converts on the CPU instead (volume-texture.ts).
 */
import {
  Camera,
  Data3DTexture,
  GLSL3,
  HalfFloatType,
  LinearFilter,
  Mesh,
  NearestFilter,
  PlaneGeometry,
  RawShaderMaterial,
  RedFormat,
  RedIntegerFormat,
  ShortType,
  WebGL3DRenderTarget,
  type WebGLRenderer,
} from 'three';
import type { Shape3 } from '../../shared/volume';
import fragmentShader from '../../../shaders/int16-to-half.glsl?raw';
import vertexShader from '../../../shaders/int16-to-half.vert?raw';

/** Whether this renderer can convert on the GPU (it can render into a half-float texture). */
export function canConvertInt16OnGpu(renderer: WebGLRenderer): boolean {
  return renderer.extensions.has('EXT_color_buffer_float');
}

export interface Int16GpuVolume {
  /** The R16F volume texture (the render target's texture): HU = texel. */
  target: WebGL3DRenderTarget;
  /** Uploads and converts again (after a lost-and-restored context the target's contents are gone). */
  refill(): void;
}

/** Uploads `data` (x fastest, then y, then z) as R16I and converts it into a new R16F 3-D target. */
export function convertInt16OnGpu(renderer: WebGLRenderer, data: Int16Array, shape: Shape3, onUpload?: () => void): Int16GpuVolume {
  const [nz, ny, nx] = shape;
  const target = new WebGL3DRenderTarget(nx, ny, nz, {
    type: HalfFloatType,
    format: RedFormat,
    minFilter: LinearFilter,
    magFilter: LinearFilter,
    depthBuffer: false,
    generateMipmaps: false,
  });
  const refill = () => fillTarget(renderer, target, data, shape, onUpload);
  refill();
  return { target, refill };
}

function fillTarget(renderer: WebGLRenderer, target: WebGL3DRenderTarget, data: Int16Array, shape: Shape3, onUpload?: () => void): void {
  const [nz, ny, nx] = shape;
  const source = new Data3DTexture(data, nx, ny, nz);
  source.format = RedIntegerFormat;
  source.type = ShortType;
  source.internalFormat = 'R16I';
  source.minFilter = NearestFilter; // integer textures are not filterable
  source.magFilter = NearestFilter;
  source.generateMipmaps = false;
  source.unpackAlignment = 2;
  if (onUpload) source.onUpdate = onUpload;
  source.needsUpdate = true;

  const material = new RawShaderMaterial({
    glslVersion: GLSL3,
    vertexShader,
    fragmentShader,
    uniforms: { uSource: { value: source }, uLayer: { value: 0 } },
    depthTest: false,
    depthWrite: false,
  });
  const quad = new Mesh(new PlaneGeometry(2, 2), material);
  quad.frustumCulled = false;
  const camera = new Camera(); // unused by the vertex shader

  const previous = renderer.getRenderTarget();
  const previousLayer = renderer.getActiveCubeFace();
  try {
    for (let z = 0; z < nz; z++) {
      material.uniforms.uLayer.value = z;
      renderer.setRenderTarget(target, z);
      renderer.render(quad, camera);
    }
  } finally {
    renderer.setRenderTarget(previous, previousLayer);
    // The R16I copy and the program are only needed for the conversion.
    source.dispose();
    material.dispose();
    quad.geometry.dispose();
  }
}
