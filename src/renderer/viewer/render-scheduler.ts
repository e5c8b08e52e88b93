/**
 * Render on demand only: a request schedules at most one frame (requestAnimationFrame); nothing
 * renders while nothing changes. While the user drags, frames are drawn in "interactive" quality
 * (half resolution, double step); a short pause after the drag ends brings full quality back.
 */
export type Quality = 'full' | 'interactive';

export class RenderScheduler {
  private frame = 0;
  private interacting = 0;
  private settleTimer = 0;

  constructor(
    private readonly draw: (quality: Quality) => void,
    private readonly settleMs = 120,
  ) {}

  request(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw(this.interacting > 0 ? 'interactive' : 'full');
    });
  }

  /** A drag (camera, window, transfer function) starts: frames get cheap. Calls nest. */
  beginInteraction(): void {
    window.clearTimeout(this.settleTimer);
    this.interacting++;
  }

  /** The drag ended: after a short pause, draw one full-quality frame. */
  endInteraction(): void {
    this.interacting = Math.max(0, this.interacting - 1);
    window.clearTimeout(this.settleTimer);
    this.settleTimer = window.setTimeout(() => this.request(), this.settleMs);
  }

  get interactive(): boolean {
    return this.interacting > 0;
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    window.clearTimeout(this.settleTimer);
  }
}
