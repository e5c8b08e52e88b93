/**
 * One ShaderMaterial per render mode, all sharing the same uniform objects, so switching mode is
 * swapping the mesh's material (programs are compiled once and cached by three.js) and updating
 * a classification is writing uniforms / small textures.
 */
import {
  BackSide,
  Data3DTexture,
  DataTexture,
  GLSL3,
  HalfFloatType,
  LinearFilter,
  Matrix3,
  Matrix4,
  NearestFilter,
  RedFormat,
  RGBAFormat,
  ShaderMaterial,
  UnsignedByteType,
  Vector2,
  Vector3,
  type IUniform,
} from 'three';
import type { RenderMode } from '../../shared/presets/transfer-presets';
import { fragmentSource, vertexSource } from './shader-source';
import { BRICK, type BrickGrid } from './bricks';
import type { LutDomain } from './lut';
import { toHalfArray } from './half';
import type { VolumeTexture } from './volume-texture';

export type Uniforms = Record<string, IUniform>;

export class RaymarchMaterials {
  readonly uniforms: Uniforms;
  private readonly materials = new Map<RenderMode, ShaderMaterial>();
  private lutTexture: DataTexture | null = null;
  private brickTexture: Data3DTexture | null = null;

  constructor() {
    this.uniforms = {
      uVolume: { value: null },
      uLut: { value: null },
      uBricks: { value: null },
      uVoxels: { value: new Vector3(1, 1, 1) },
      uBrickDims: { value: new Vector3(1, 1, 1) },
      uBrickSize: { value: BRICK },
      uCamCube: { value: new Vector3() },
      uValueScale: { value: 1 },
      uValueOffset: { value: 0 },
      uLutScale: { value: 1 },
      uLutOffset: { value: 0 },
      uStepVoxels: { value: 1 },
      uCubeToWorld: { value: new Matrix3() },
      uNormalToWorld: { value: new Matrix3() },
      uBackground: { value: new Vector3(0, 0, 0) },
      uCropMin: { value: new Vector3(0, 0, 0) },
      uCropMax: { value: new Vector3(1, 1, 1) },
      uStopValue: { value: 0 },
      uIso: { value: 400 },
      uIsoColour: { value: new Vector3(0.93, 0.86, 0.72) },
      // The opaque-surface layer (surfaces.glsl): rays stop at its depth and show its colour behind.
      uSurfaceColour: { value: null },
      uSurfaceDepth: { value: null },
      uSurfaces: { value: 0 },
      uViewport: { value: new Vector2(1, 1) },
      uClipToCube: { value: new Matrix4() },
    };
  }

  get(mode: RenderMode): ShaderMaterial {
    let m = this.materials.get(mode);
    if (!m) {
      m = new ShaderMaterial({
        glslVersion: GLSL3,
        uniforms: this.uniforms,
        vertexShader: vertexSource,
        fragmentShader: fragmentSource(mode),
        side: BackSide, // back faces: rays still start correctly when the camera is inside the box
        // The fragment writes the opaque surfaces' depth, so transparent surfaces drawn afterwards
        // are hidden behind them (the box's own faces never overlap: back faces of a convex box).
        depthWrite: true,
        transparent: false,
      });
      this.materials.set(mode, m);
    }
    return m;
  }

  setVolume(vt: VolumeTexture, shape: [number, number, number], cube: Matrix4): void {
    const [nz, ny, nx] = shape;
    this.uniforms.uVolume.value = vt.texture;
    this.uniforms.uValueScale.value = vt.valueScale;
    this.uniforms.uValueOffset.value = vt.valueOffset;
    (this.uniforms.uVoxels.value as Vector3).set(nx, ny, nz);
    const linear = new Matrix3().setFromMatrix4(cube);
    this.uniforms.uCubeToWorld.value = linear;
    this.uniforms.uNormalToWorld.value = linear.clone().invert().transpose();
  }

  /** Uploads the (small) LUT; RGBA half floats so per-mm opacities like 0.02 keep their precision. */
  setLut(lut: Float32Array, domain: LutDomain): void {
    const halfs = toHalfArray(lut);
    if (!this.lutTexture || this.lutTexture.image.width !== domain.size) {
      this.lutTexture?.dispose();
      this.lutTexture = new DataTexture(halfs, domain.size, 1, RGBAFormat, HalfFloatType);
      this.lutTexture.minFilter = LinearFilter;
      this.lutTexture.magFilter = LinearFilter;
    } else {
      (this.lutTexture.image.data as Uint16Array).set(halfs);
    }
    this.lutTexture.needsUpdate = true;
    this.uniforms.uLut.value = this.lutTexture;
    // texel centre of HU h: (h − min)/(max − min)·(size − 1)/size + 0.5/size
    const k = (domain.size - 1) / domain.size / (domain.max - domain.min);
    this.uniforms.uLutScale.value = k;
    this.uniforms.uLutOffset.value = -domain.min * k + 0.5 / domain.size;
  }

  /** Uploads the brick occupancy grid (one byte per brick; tiny, unlike the volume). */
  setOccupancy(bytes: Uint8Array, grid: BrickGrid): void {
    const [bx, by, bz] = grid.dims;
    if (!this.brickTexture || this.brickTexture.image.width !== bx || this.brickTexture.image.height !== by || this.brickTexture.image.depth !== bz) {
      this.brickTexture?.dispose();
      this.brickTexture = new Data3DTexture(bytes.slice(), bx, by, bz);
      this.brickTexture.format = RedFormat;
      this.brickTexture.type = UnsignedByteType;
      this.brickTexture.minFilter = NearestFilter;
      this.brickTexture.magFilter = NearestFilter;
      this.brickTexture.unpackAlignment = 1;
    } else {
      (this.brickTexture.image.data as Uint8Array).set(bytes);
    }
    this.brickTexture.needsUpdate = true;
    this.uniforms.uBricks.value = this.brickTexture;
    (this.uniforms.uBrickDims.value as Vector3).set(bx, by, bz);
  }

  /** After a lost-and-restored WebGL context every texture must go up again. */
  markTexturesDirty(): void {
    if (this.lutTexture) this.lutTexture.needsUpdate = true;
    if (this.brickTexture) this.brickTexture.needsUpdate = true;
  }

  dispose(): void {
    for (const m of this.materials.values()) m.dispose();
    this.materials.clear();
    this.lutTexture?.dispose();
    this.brickTexture?.dispose();
  }
}
