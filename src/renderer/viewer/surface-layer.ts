/**
 * InVesalius surfaces as three.js meshes, combined with the raymarched volume by depth:
 *
 * - Opaque surfaces (transparency 0) live in their own scene and are rendered first into a
 *   colour + depth layer the size of the frame (again only when the camera, the size or the
 *   shown set changed). The raymarch shader (surfaces.glsl) ends
 *   every ray at that depth and composites the surface colour behind what the volume accumulated
 *   in front of it; it also writes that depth, so…
 * - Transparent surfaces are drawn in the main scene after the volume box, blended over the
 *   finished image and depth-tested against the opaque surfaces only. Simple approach, stated
 *   honestly: a transparent surface always lies OVER the volume rendering, even where volume
 *   structures are in front of it (fine for the usual "translucent skin around bone" case).
 *
 * Meshes never change after setSurfaces: toggling visibility flips `mesh.visible`, nothing is
 * re-uploaded (neither geometry nor the volume). The volume's crop box cuts them too: their
 * materials share the raymarch's crop uniforms (cropChanged redraws the opaque layer). Limits: opaque surfaces appear only inside the
 * volume box's screen footprint (the raymarch pass composites them; InVesalius surfaces lie
 * within the grid, at most a fraction of a voxel past it); surfaces are told apart by name
 * (two with the same name toggle together); only DVR and iso combine with them (setEnabled).
 */
import {
  BufferAttribute,
  BufferGeometry,
  DepthTexture,
  DoubleSide,
  GLSL3,
  Mesh,
  Scene,
  ShaderMaterial,
  Vector3,
  WebGLRenderTarget,
  type Camera,
  type IUniform,
  type Matrix4,
  type Texture,
  type WebGLRenderer,
} from 'three';
import type { PreparedSurface } from '../../shared/prepared';
import { surfaceFragmentSource, surfaceVertexSource } from './shader-source';

interface SurfaceEntry {
  name: string;
  opaque: boolean;
  /** The user's choice; the mesh is drawn when this holds and the layer is enabled. */
  wanted: boolean;
  mesh: Mesh<BufferGeometry, ShaderMaterial>;
}

export class SurfaceLayer {
  private readonly opaqueScene = new Scene();
  private entries: SurfaceEntry[] = [];
  private target: WebGLRenderTarget | null = null;
  /** What the layer was last drawn for; a frame that only changes the classification reuses it. */
  private drawnFor = '';
  private version = 0;
  private enabled = true;

  /**
   * `mainScene` receives the transparent surfaces (drawn after the volume box); `crop`: the
   * raymarch's crop-box uniforms (cube coordinates), shared by every surface material.
   */
  constructor(
    private readonly mainScene: Scene,
    private readonly crop: { uCropMin: IUniform<Vector3>; uCropMax: IUniform<Vector3> },
  ) {}

  /**
   * Replaces all surfaces. `toPatient`: render-grid voxel-mm → patient (voxelMmToPatient);
   * `toCube`: render-grid voxel-mm → the volume's cube coordinates (scale, then offset), for the crop.
   */
  setSurfaces(surfaces: readonly PreparedSurface[], toPatient: Matrix4, toCube: { scale: Vector3; offset: Vector3 }): void {
    this.clear();
    this.version++;
    for (const s of surfaces) {
      if (s.indices.length < 3 || s.positions.length < 9) continue;
      const opacity = Math.min(1, Math.max(0, 1 - (Number.isFinite(s.transparency) ? s.transparency : 0)));
      const opaque = opacity >= 1;
      const material = new ShaderMaterial({
        glslVersion: GLSL3,
        vertexShader: surfaceVertexSource,
        fragmentShader: surfaceFragmentSource,
        uniforms: {
          uColour: { value: new Vector3().fromArray(s.colour) },
          uOpacity: { value: opacity },
          uToCubeScale: { value: toCube.scale.clone() },
          uToCubeOffset: { value: toCube.offset.clone() },
          ...this.crop,
        },
        side: DoubleSide, // the headlight is two-sided, so winding (mirrored matrices) never matters
        transparent: !opaque,
        depthWrite: opaque,
      });
      const mesh = new Mesh(surfaceGeometry(s), material);
      mesh.matrixAutoUpdate = false;
      mesh.matrix.copy(toPatient);
      mesh.matrixWorldNeedsUpdate = true;
      mesh.renderOrder = 1; // transparent ones after the volume box
      mesh.visible = s.visible && this.enabled;
      (opaque ? this.opaqueScene : this.mainScene).add(mesh);
      this.entries.push({ name: s.name, opaque, wanted: s.visible, mesh });
    }
  }

  /** The shared crop uniforms changed: the opaque layer must be drawn again. */
  cropChanged(): void {
    this.version++;
  }

  /** Shows exactly the surfaces named; returns true when the picture changes. */
  setVisible(names: readonly string[]): boolean {
    const wanted = new Set(names);
    for (const e of this.entries) e.wanted = wanted.has(e.name);
    return this.apply();
  }

  /**
   * Surfaces take part only where the volume rendering has depth (DVR, iso). A MIP or MinIP
   * pixel is a projection of the whole ray with no "in front of" — there they are left out
   * altogether (no clipping of the projection, no meshes). Returns true when the picture changes.
   */
  setEnabled(enabled: boolean): boolean {
    this.enabled = enabled;
    return this.apply();
  }

  /**
   * Renders the visible opaque surfaces into the layer at width × height (the size of the frame
   * about to be drawn) and returns its textures, or null when no opaque surface is visible.
   */
  renderOpaque(renderer: WebGLRenderer, camera: Camera, width: number, height: number): { colour: Texture; depth: Texture } | null {
    if (!this.entries.some((e) => e.opaque && e.mesh.visible)) return null;
    // Same camera, size and surfaces as last time (e.g. a window or transfer-function drag):
    // the layer still holds the right pixels, so the meshes are not rasterised again.
    const key = `${this.version}|${width}x${height}|${camera.matrixWorldInverse.elements.join(',')}|${camera.projectionMatrix.elements.join(',')}`;
    if (this.target && key === this.drawnFor) return { colour: this.target.texture, depth: this.target.depthTexture! };
    this.drawnFor = key;
    if (!this.target) {
      // 8-bit colour (renderable everywhere, unlike float targets); the depth texture is what
      // surfaces.glsl turns into the ray's end.
      this.target = new WebGLRenderTarget(width, height, { depthTexture: new DepthTexture(width, height) });
    } else if (this.target.width !== width || this.target.height !== height) {
      this.target.setSize(width, height);
    }
    const previous = renderer.getRenderTarget();
    renderer.setRenderTarget(this.target);
    renderer.clear();
    renderer.render(this.opaqueScene, camera);
    renderer.setRenderTarget(previous);
    return { colour: this.target.texture, depth: this.target.depthTexture! };
  }

  private apply(): boolean {
    let changed = false;
    for (const e of this.entries) {
      const v = e.wanted && this.enabled;
      if (e.mesh.visible !== v) {
        e.mesh.visible = v;
        changed = true;
      }
    }
    if (changed) this.version++;
    return changed;
  }

  /** After a lost-and-restored WebGL context the layer's contents are gone. */
  invalidate(): void {
    this.drawnFor = '';
  }

  dispose(): void {
    this.clear();
    this.target?.dispose();
    this.target = null;
  }

  private clear(): void {
    for (const e of this.entries) {
      e.mesh.removeFromParent();
      e.mesh.geometry.dispose();
      e.mesh.material.dispose();
    }
    this.entries = [];
  }
}

/** BufferGeometry straight from the prepared arrays (no copies); normals computed if absent. */
export function surfaceGeometry(s: PreparedSurface): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute('position', new BufferAttribute(s.positions, 3));
  g.setIndex(new BufferAttribute(s.indices, 1));
  if (s.normals && s.normals.length === s.positions.length) g.setAttribute('normal', new BufferAttribute(s.normals, 3));
  else g.computeVertexNormals();
  g.computeBoundingSphere();
  return g;
}
