/**
 * Orbit / zoom / pan without an animation loop: every pointer or wheel event moves the camera
 * and calls `onChange` (the scheduler renders on demand). Rotation is trackball-like (no pole),
 * so superior/inferior views work as well as the others.
 *  - left drag: rotate about the target   - right drag or shift+drag: pan   - wheel: zoom
 */
import { PerspectiveCamera, Quaternion, Vector3 } from 'three';
import { standardViewPose, type StandardView } from './geometry';

export interface ControlEvents {
  onStart(): void;
  onChange(): void;
  onEnd(): void;
}

export class CameraControls {
  readonly target = new Vector3();
  private radius = 100;
  private drag: { x: number; y: number; pan: boolean; id: number } | null = null;
  private wheelTimer = 0;
  private readonly cleanup: (() => void)[] = [];

  constructor(
    readonly camera: PerspectiveCamera,
    private readonly element: HTMLElement,
    private readonly events: ControlEvents,
  ) {
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void, opts?: AddEventListenerOptions) => {
      element.addEventListener(type, fn, opts);
      this.cleanup.push(() => element.removeEventListener(type, fn));
    };
    on('pointerdown', (e) => this.down(e));
    on('pointermove', (e) => this.move(e));
    on('pointerup', (e) => this.up(e));
    on('pointercancel', (e) => this.up(e));
    on('wheel', (e) => this.wheel(e), { passive: false });
    on('contextmenu', (e) => e.preventDefault());
  }

  /** Frames a sphere (the volume's bounds) from a standard direction. */
  frame(centre: Vector3, radius: number, view: StandardView = 'anterior'): void {
    this.target.copy(centre);
    this.radius = radius;
    const { eye, up } = standardViewPose(view);
    const fov = (this.camera.fov * Math.PI) / 180;
    const distance = (radius / Math.sin(fov / 2)) * 1.05;
    this.camera.up.copy(up);
    this.camera.position.copy(centre).addScaledVector(eye, distance);
    this.camera.near = Math.max(0.1, distance - radius * 2);
    this.camera.far = distance + radius * 2;
    this.camera.lookAt(centre);
    this.camera.updateProjectionMatrix();
  }

  dispose(): void {
    for (const c of this.cleanup) c();
    window.clearTimeout(this.wheelTimer);
  }

  private down(e: PointerEvent): void {
    if (this.drag) return;
    this.element.setPointerCapture?.(e.pointerId);
    this.drag = { x: e.clientX, y: e.clientY, pan: e.button === 2 || e.shiftKey, id: e.pointerId };
    this.events.onStart();
  }

  private move(e: PointerEvent): void {
    if (!this.drag || e.pointerId !== this.drag.id) return;
    const dx = e.clientX - this.drag.x;
    const dy = e.clientY - this.drag.y;
    this.drag.x = e.clientX;
    this.drag.y = e.clientY;
    if (dx === 0 && dy === 0) return;
    if (this.drag.pan) this.pan(dx, dy);
    else this.rotate(dx, dy);
    this.events.onChange();
  }

  private up(e: PointerEvent): void {
    if (!this.drag || e.pointerId !== this.drag.id) return;
    this.drag = null;
    this.events.onEnd();
  }

  private rotate(dx: number, dy: number): void {
    const h = Math.max(1, this.element.clientHeight);
    const speed = (2 * Math.PI) / h; // one full turn per viewport height dragged
    const offset = this.camera.position.clone().sub(this.target);
    const up = this.camera.up.clone().normalize();
    const right = new Vector3().crossVectors(offset, up).normalize().negate();
    const q = new Quaternion()
      .setFromAxisAngle(up, -dx * speed)
      .multiply(new Quaternion().setFromAxisAngle(right, -dy * speed));
    offset.applyQuaternion(q);
    this.camera.up.applyQuaternion(q).normalize();
    this.camera.position.copy(this.target).add(offset);
    this.camera.lookAt(this.target);
  }

  private pan(dx: number, dy: number): void {
    const distance = this.camera.position.distanceTo(this.target);
    const mmPerPixel = (2 * distance * Math.tan((this.camera.fov * Math.PI) / 360)) / Math.max(1, this.element.clientHeight);
    const right = new Vector3().setFromMatrixColumn(this.camera.matrixWorld, 0);
    const up = new Vector3().setFromMatrixColumn(this.camera.matrixWorld, 1);
    const move = right.multiplyScalar(-dx * mmPerPixel).addScaledVector(up, dy * mmPerPixel);
    this.camera.position.add(move);
    this.target.add(move);
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const offset = this.camera.position.clone().sub(this.target);
    const scale = Math.exp(Math.sign(e.deltaY) * Math.min(Math.abs(e.deltaY), 100) * 0.002);
    const length = Math.min(this.radius * 20, Math.max(this.radius * 0.05, offset.length() * scale));
    offset.setLength(length);
    this.camera.position.copy(this.target).add(offset);
    this.camera.near = Math.max(0.1, length - this.radius * 2);
    this.camera.far = length + this.radius * 2;
    this.camera.updateProjectionMatrix();
    // A wheel has no "end" event: treat a short pause as the end of the interaction.
    if (!this.wheelTimer) this.events.onStart();
    window.clearTimeout(this.wheelTimer);
    this.wheelTimer = window.setTimeout(() => {
      this.wheelTimer = 0;
      this.events.onEnd();
    }, 150);
    this.events.onChange();
  }
}
