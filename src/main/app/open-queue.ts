/**
 * Open requests that come from the OS (macOS `open-file`, argv, a second instance) may
 * arrive before the window can show anything, and several files opened at once arrive as
 * several events. This queue holds them until `ready()` and merges a burst into one
 * selection (several DICOM files = one series). Pure (timers injected), unit-tested.
 */
export interface OpenQueueOptions {
  deliver(paths: string[]): void;
  /** Events closer than this are one selection. */
  burstMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class OpenQueue {
  private pending: string[] = [];
  private isReady = false;
  private timer: unknown = null;
  private readonly burstMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly opts: OpenQueueOptions) {
    this.burstMs = opts.burstMs ?? 150;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Queue paths; delivered after the burst window once the app is ready. */
  add(paths: readonly string[]): void {
    for (const p of paths) if (!this.pending.includes(p)) this.pending.push(p);
    if (this.pending.length === 0) return;
    if (this.isReady) this.arm();
  }

  /** The window can take opens now: flush what waited. */
  ready(): void {
    this.isReady = true;
    if (this.pending.length > 0) this.arm();
  }

  get queued(): readonly string[] {
    return this.pending;
  }

  private arm(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => this.flush(), this.burstMs);
  }

  private flush(): void {
    this.timer = null;
    const paths = this.pending;
    this.pending = [];
    if (paths.length > 0) this.opts.deliver(paths);
  }
}
