/**
 * The 3-D canvas: owns the WebGL renderer, the volume box, its materials and textures, the camera
 * and its controls, the render scheduler, the orientation labels and the surface meshes. Knows nothing about panels;
 * the Viewer (index.ts) drives it with `setVolume` and `setClassification`.
 */
import { BoxGeometry, Matrix4, Mesh, PerspectiveCamera, Scene, Vector2, Vector3, WebGLRenderer, type IUniform } from 'three';
import type { PreparedVolume } from '../../shared/prepared';
import type { Vec3 } from '../../shared/volume';
import { computeBrickGrid, type BrickGrid } from './bricks';
import { CameraControls } from './camera-controls';
import { classify, type Classification } from './classification';
import { cubeBounds, cubeToPatient, voxelMmToCube, voxelMmToPatient, type StandardView } from './geometry';
import { lutDomain, type LutDomain } from './lut';
import { RaymarchMaterials } from './material';
import { OrientationLabels } from './orientation-labels';
import { RenderScheduler, type Quality } from './render-scheduler';
import { renderPng } from './screenshot';
import type { CropBox } from '../../shared/view-state';
import { SurfaceLayer } from './surface-layer';
import { checkTextureSize, createVolumeTexture, type VolumeTexture } from './volume-texture';

export interface RenderStats {
  /** 3-D volume texture uploads actually performed by WebGL (counted in the texture's onUpdate). */
  uploads: number;
  /** Frames drawn to the canvas. */
  frames: number;
  /** Quality of the last frame. */
  lastQuality: Quality;
}

/** Interactive frames: this fraction of the pixels per axis, this many voxels per step. */
const INTERACTIVE_RESOLUTION = 0.5;
const INTERACTIVE_STEP = 2;

export class VolumeView {
  readonly canvas: HTMLCanvasElement;
  readonly stats: RenderStats = { uploads: 0, frames: 0, lastQuality: 'full' };
  readonly scheduler: RenderScheduler;
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(30, 1, 1, 1000);
  private readonly controls: CameraControls;
  private readonly labels: OrientationLabels;
  private readonly materials = new RaymarchMaterials();
  private readonly mesh: Mesh;
  private readonly surfaces: SurfaceLayer;
  private readonly resizeObserver: ResizeObserver;
  private volume: { prep: PreparedVolume; texture: VolumeTexture; bricks: BrickGrid; domain: LutDomain; cube: Matrix4 } | null = null;
  private classification: Classification | null = null;
  /** What the LUTs and occupancy were last made from (see setClassification). */
  private classified: string | null = null;
  private basePixelRatio: number;
  private contextLost = false;

  constructor(
    private readonly host: HTMLElement,
    /** Shows a message over the view ('' clears it). */
    private readonly onError: (message: string) => void,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'hf-canvas';
    host.appendChild(this.canvas);
    this.renderer = new WebGLRenderer({ canvas: this.canvas, antialias: false, alpha: false, powerPreference: 'high-performance' });
    this.basePixelRatio = Math.min(window.devicePixelRatio || 1, 2);
    this.renderer.setPixelRatio(this.basePixelRatio);
    this.mesh = new Mesh(new BoxGeometry(1, 1, 1), this.materials.get('dvr'));
    this.mesh.matrixAutoUpdate = false;
    this.mesh.frustumCulled = false;
    this.mesh.visible = false;
    this.scene.add(this.mesh);
    const u = this.materials.uniforms;
    this.surfaces = new SurfaceLayer(this.scene, { uCropMin: u.uCropMin as IUniform<Vector3>, uCropMax: u.uCropMax as IUniform<Vector3> });
    this.labels = new OrientationLabels(host);
    this.scheduler = new RenderScheduler((q) => this.drawNow(q));
    this.controls = new CameraControls(this.camera, this.canvas, {
      onStart: () => this.scheduler.beginInteraction(),
      onChange: () => this.cameraMoved(),
      onEnd: () => this.scheduler.endInteraction(),
    });
    this.canvas.addEventListener('webglcontextlost', this.onContextLost);
    this.canvas.addEventListener('webglcontextrestored', this.onContextRestored);
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(host);
    this.resize();
  }

  setVolume(prep: PreparedVolume): void {
    const gl = this.renderer.getContext() as WebGL2RenderingContext;
    checkTextureSize(prep, gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number);
    const floatLinear = this.renderer.extensions.has('OES_texture_float_linear');
    this.disposeVolume();
    const texture = createVolumeTexture(prep, floatLinear, { renderer: this.renderer, onUpload: () => this.stats.uploads++ });
    const cube = cubeToPatient(prep.voxelToPatient, prep.shape);
    this.volume = { prep, texture, bricks: computeBrickGrid(prep), domain: lutDomain(prep.histogram, prep.meta.isHU), cube };
    this.materials.setVolume(texture, prep.shape, cube);
    this.mesh.matrix.copy(cube).multiply(new Matrix4().makeTranslation(0.5, 0.5, 0.5));
    this.mesh.matrixWorldNeedsUpdate = true;
    this.mesh.visible = true;
    this.surfaces.setSurfaces(prep.surfaces, voxelMmToPatient(prep.voxelToPatient, prep.spacing), voxelMmToCube(prep.shape, prep.spacing));
    this.labels.known = !prep.meta.orientationUnknown;
    this.resetView();
    this.classified = null; // a new volume: its LUTs and occupancy are made afresh
    if (this.classification) this.setClassification(this.classification);
  }

  /**
   * Mode, window, transfer function or iso threshold changed: LUT + occupancy only. The same
   * classification again (any other part of the viewer state changed) costs nothing, not a frame.
   */
  setClassification(c: Classification): void {
    this.classification = c;
    if (!this.volume) return;
    const key = JSON.stringify([c.mode, c.window.level, c.window.width, c.isoThreshold, c.transferPresetId ?? null, c.transfer]);
    if (key === this.classified) return;
    this.classified = key;
    const gpu = classify(c, this.volume.domain, this.volume.bricks);
    this.materials.setLut(gpu.lut, this.volume.domain);
    this.materials.setOccupancy(gpu.occupancy, this.volume.bricks);
    this.materials.uniforms.uStopValue.value = gpu.stopValue;
    this.materials.uniforms.uIso.value = c.isoThreshold;
    (this.materials.uniforms.uIsoColour.value as Vector3).fromArray(gpu.isoColour);
    this.mesh.material = this.materials.get(c.mode);
    this.surfaces.setEnabled(c.mode === 'dvr' || c.mode === 'iso');
    this.scheduler.request();
  }

  /** The part of the volume (and of the surfaces) shown, in cube coordinates. */
  setCrop(crop: CropBox): void {
    const u = this.materials.uniforms;
    const [min, max] = [u.uCropMin.value as Vector3, u.uCropMax.value as Vector3];
    if (min.equals(new Vector3(...crop.min)) && max.equals(new Vector3(...crop.max))) return;
    min.fromArray(crop.min);
    max.fromArray(crop.max);
    this.surfaces.cropChanged();
    this.scheduler.request();
  }

  /**
   * The volume axis (0 x, 1 y, 2 z) closest to the viewing direction (measured in patient space,
   * so anisotropic voxels do not skew it), and where the camera's target lies along it (0…1).
   */
  viewAxis(): { axis: 0 | 1 | 2; at: number } | null {
    if (!this.volume) return null;
    const look = this.controls.target.clone().sub(this.camera.position).normalize();
    const columns = [new Vector3(), new Vector3(), new Vector3()];
    this.volume.cube.extractBasis(columns[0], columns[1], columns[2]);
    const fit = columns.map((c) => Math.abs(look.dot(c.normalize())));
    const axis = fit.indexOf(Math.max(...fit)) as 0 | 1 | 2;
    const target = this.controls.target.clone().applyMatrix4(this.volume.cube.clone().invert());
    return { axis, at: Math.min(1, Math.max(0, target.getComponent(axis))) };
  }

  /** The camera ray through a point of the canvas (client px), in patient LPS mm (world space). */
  rayAt(clientX: number, clientY: number): { origin: Vec3; direction: Vec3 } | null {
    const rect = this.canvas.getBoundingClientRect();
    if (rect.width <= 0 || rect.height <= 0) return null;
    const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, 1 - ((clientY - rect.top) / rect.height) * 2);
    this.camera.updateMatrixWorld();
    const origin = new Vector3().setFromMatrixPosition(this.camera.matrixWorld);
    const direction = new Vector3(ndc.x, ndc.y, 0.5).unproject(this.camera).sub(origin).normalize();
    return { origin: origin.toArray(), direction: direction.toArray() };
  }

  /** Shows exactly the named surfaces (one frame is drawn if that changes anything). */
  setVisibleSurfaces(names: readonly string[]): void {
    if (this.surfaces.setVisible(names)) this.scheduler.request();
  }

  standardView(view: StandardView): void {
    if (!this.volume) return;
    const { centre, radius } = cubeBounds(this.volume.cube);
    this.controls.frame(centre, radius, view);
    this.cameraMoved();
  }

  private cameraMoved(): void {
    this.labels.update(this.camera); // letters follow the camera at once, not at the next frame
    this.scheduler.request();
  }

  resetView(): void {
    this.standardView('anterior');
  }

  /** Orientation letters at the screen edges (for the UI and tests). */
  orientation(): Record<'left' | 'right' | 'top' | 'bottom', string> {
    this.labels.update(this.camera);
    return this.labels.read();
  }

  screenshot(width?: number, height?: number): Promise<Blob> {
    // Default: the full-quality size of the canvas, even if a drag has it at half resolution now.
    const w = Math.max(1, Math.round(width ?? this.host.clientWidth * this.basePixelRatio));
    const h = Math.max(1, Math.round(height ?? this.host.clientHeight * this.basePixelRatio));
    return renderPng(this.renderer, this.scene, this.camera, w, h, () => this.prepareFrame('full', w, h));
  }

  dispose(): void {
    this.scheduler.dispose();
    this.controls.dispose();
    this.resizeObserver.disconnect();
    this.labels.dispose();
    this.disposeVolume();
    this.surfaces.dispose();
    this.materials.dispose();
    this.mesh.geometry.dispose();
    this.canvas.removeEventListener('webglcontextlost', this.onContextLost);
    this.canvas.removeEventListener('webglcontextrestored', this.onContextRestored);
    this.renderer.dispose();
    this.canvas.remove();
  }

  /** Uniforms for a frame of width × height pixels, and the opaque-surface layer at that size. */
  private prepareFrame(quality: Quality, width: number, height: number): void {
    this.scene.updateMatrixWorld();
    this.camera.updateMatrixWorld();
    const u = this.materials.uniforms;
    u.uStepVoxels.value = quality === 'interactive' ? INTERACTIVE_STEP : 1;
    // Camera position in cube coordinates: rays are cast there, through the inverse transform.
    const toCube = new Matrix4().makeTranslation(0.5, 0.5, 0.5).multiply(this.mesh.matrixWorld.clone().invert());
    (u.uCamCube.value as Vector3).copy(this.camera.position).applyMatrix4(toCube);
    const layer = this.surfaces.renderOpaque(this.renderer, this.camera, width, height);
    u.uSurfaces.value = layer ? 1 : 0;
    u.uSurfaceColour.value = layer?.colour ?? null;
    u.uSurfaceDepth.value = layer?.depth ?? null;
    (u.uViewport.value as Vector2).set(width, height);
    // clip → world (inverse projection·view) → cube: how surfaces.glsl turns a depth into a ray parameter
    const clipToWorld = new Matrix4().multiplyMatrices(this.camera.projectionMatrix, this.camera.matrixWorldInverse).invert();
    (u.uClipToCube.value as Matrix4).multiplyMatrices(toCube, clipToWorld);
  }

  /** Draws one frame to the canvas right now (the scheduler calls this; so does bench/render.mjs). */
  drawNow(quality: Quality): void {
    if (this.contextLost || !this.volume || !this.classification) return;
    const ratio = quality === 'interactive' ? this.basePixelRatio * INTERACTIVE_RESOLUTION : this.basePixelRatio;
    if (this.renderer.getPixelRatio() !== ratio) this.renderer.setPixelRatio(ratio);
    const size = this.renderer.getDrawingBufferSize(new Vector2());
    this.prepareFrame(quality, size.x, size.y);
    this.renderer.render(this.scene, this.camera);
    this.labels.update(this.camera);
    this.stats.frames++;
    this.stats.lastQuality = quality;
  }

  private resize(): void {
    const w = Math.max(1, this.host.clientWidth);
    const h = Math.max(1, this.host.clientHeight);
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.scheduler.request();
  }

  private disposeVolume(): void {
    this.volume?.texture.dispose();
    this.volume = null;
  }

  private readonly onContextLost = (e: Event): void => {
    e.preventDefault(); // tells the browser we want the context back
    this.contextLost = true;
    this.onError('graphics context lost; waiting for it to come back');
  };

  private readonly onContextRestored = (): void => {
    // three.js re-creates its GL state; every texture is uploaded again on next use.
    this.contextLost = false;
    this.onError('');
    this.volume?.texture.restore(); // an 'i16' volume is uploaded and converted on the GPU again
    this.materials.markTexturesDirty();
    this.surfaces.invalidate();
    this.scheduler.request();
  };
}
