/**
 * Letters at the four screen edges saying which patient direction each edge faces (R/L, A/P, S/I,
 * or two letters when oblique). Derived from the camera's screen axes in world space, and world
 * space is patient LPS (the volume is placed by its own voxelToPatient), so nothing is assumed.
 */
import { Vector3, type Camera } from 'three';
import { UNKNOWN_DIRECTION, orientationLabel } from './geometry';

export class OrientationLabels {
  private readonly el: Record<'left' | 'right' | 'top' | 'bottom', HTMLDivElement>;
  /** False when the file states no patient orientation: every edge then shows UNKNOWN_DIRECTION. */
  known = true;

  constructor(parent: HTMLElement) {
    const make = (edge: string) => {
      const d = document.createElement('div');
      d.className = `hf-orient hf-orient-${edge}`;
      d.dataset.edge = edge;
      parent.appendChild(d);
      return d;
    };
    this.el = { left: make('left'), right: make('right'), top: make('top'), bottom: make('bottom') };
  }

  update(camera: Camera): void {
    camera.updateMatrixWorld();
    const right = new Vector3().setFromMatrixColumn(camera.matrixWorld, 0);
    const up = new Vector3().setFromMatrixColumn(camera.matrixWorld, 1);
    const label = (dir: Vector3) => (this.known ? orientationLabel(dir) : UNKNOWN_DIRECTION);
    this.el.right.textContent = label(right);
    this.el.left.textContent = label(right.clone().negate());
    this.el.top.textContent = label(up);
    this.el.bottom.textContent = label(up.clone().negate());
  }

  /** Current letters, e.g. { left: 'R', right: 'L', top: 'S', bottom: 'I' } for an anterior view. */
  read(): Record<'left' | 'right' | 'top' | 'bottom', string> {
    return {
      left: this.el.left.textContent ?? '',
      right: this.el.right.textContent ?? '',
      top: this.el.top.textContent ?? '',
      bottom: this.el.bottom.textContent ?? '',
    };
  }

  dispose(): void {
    for (const d of Object.values(this.el)) d.remove();
  }
}
