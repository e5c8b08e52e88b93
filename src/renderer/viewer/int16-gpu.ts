/**
 * 'i16' volumes: the int16 HU go to the GPU as they are (R16I 3-D textures, 2 bytes/voxel, no
 * CPU pass) and the GPU turns them into the R16F texture the raymarcher samples, one draw per
 * z layer (shaders/int16-to-half.glsl). The int16 data go up in slabs of layers (≤ SLAB_BYTES
 * each), so the GPU never holds a second full-size copy next to the R16F volume; each slab's
 * texture and the conversion material live only for the conversion. Rendering into R16F needs
 * EXT_color_buffer_float; without it the caller converts on the CPU instead (volume-texture.ts).
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

/** Upper bound on one R16I slab upload (whole z layers; at least one layer). */
export const SLAB_BYTES = 32 << 20;

export interface Int16GpuVolume {
  /** The R16F volume texture (the render target's texture): HU = texel. */
  target: WebGL3DRenderTarget;
  /** Uploads and converts again (after a lost-and-restored context the target's contents are gone). */
  refill(): void;
}

/**
 * Uploads `data` (x fastest, then y, then z) as R16I slabs and converts it into a new R16F 3-D
 * target. `onUpload` is called once per complete upload (the first, and each refill).
 */
export function convertInt16OnGpu(renderer: WebGLRenderer, data: Int16Array, shape: Shape3, onUpload?: () => void, slabBytes = SLAB_BYTES): Int16GpuVolume {
  const [nz, ny, nx] = shape;
  const target = new WebGL3DRenderTarget(nx, ny, nz, {
    type: HalfFloatType,
    format: RedFormat,
    minFilter: LinearFilter,
    magFilter: LinearFilter,
    depthBuffer: false,
    generateMipmaps: false,
  });
  const layers = Math.max(1, Math.floor(slabBytes / (nx * ny * 2)));
  const refill = () => {
    fillTarget(renderer, target, data, shape, layers);
    onUpload?.();
  };
  refill();
  return { target, refill };
}

/** One R16I texture of layers [z0, z1) of the volume (a view into `data`, no copy). */
function slabTexture(data: Int16Array, nx: number, ny: number, z0: number, z1: number): Data3DTexture {
  const slab = new Data3DTexture(data.subarray(z0 * nx * ny, z1 * nx * ny), nx, ny, z1 - z0);
  slab.format = RedIntegerFormat;
  slab.type = ShortType;
  slab.internalFormat = 'R16I';
  slab.minFilter = NearestFilter; // integer textures are not filterable
  slab.magFilter = NearestFilter;
  slab.generateMipmaps = false;
  slab.unpackAlignment = 2;
  slab.needsUpdate = true;
  return slab;
}

function fillTarget(renderer: WebGLRenderer, target: WebGL3DRenderTarget, data: Int16Array, shape: Shape3, layersPerSlab: number): void {
  const [nz, ny, nx] = shape;
  const material = new RawShaderMaterial({
    glslVersion: GLSL3,
    vertexShader,
    fragmentShader,
    uniforms: { uSource: { value: null }, uLayer: { value: 0 } },
    depthTest: false,
    depthWrite: false,
  });
  const quad = new Mesh(new PlaneGeometry(2, 2), material);
  quad.frustumCulled = false;
  const camera = new Camera(); // unused by the vertex shader

  const previous = renderer.getRenderTarget();
  const previousLayer = renderer.getActiveCubeFace();
  const previousAutoClear = renderer.autoClear;
  renderer.autoClear = false; // every texel of each layer is written: no clear needed
  let slab: Data3DTexture | null = null;
  try {
    for (let z0 = 0; z0 < nz; z0 += layersPerSlab) {
      const z1 = Math.min(nz, z0 + layersPerSlab);
      slab = slabTexture(data, nx, ny, z0, z1);
      material.uniforms.uSource.value = slab;
      for (let z = z0; z < z1; z++) {
        material.uniforms.uLayer.value = z - z0; // layer within the slab
        renderer.setRenderTarget(target, z);
        renderer.render(quad, camera);
      }
      slab.dispose(); // frees its GPU copy before the next slab goes up
      slab = null;
    }
  } finally {
    renderer.setRenderTarget(previous, previousLayer);
    renderer.autoClear = previousAutoClear;
    slab?.dispose();
    material.dispose();
    quad.geometry.dispose();
  }
}
