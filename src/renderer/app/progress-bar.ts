/**
 * In-window progress: stage name, bar, Cancel. Shown only when a load lasts longer than
 * `delayMs` (quick opens don't flash it).
 */
export class ProgressBar {
  readonly element: HTMLDivElement;
  private readonly label: HTMLSpanElement;
  private readonly bar: HTMLProgressElement;
  private readonly cancel: HTMLButtonElement;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private active = false;

  constructor(onCancel: () => void, private readonly delayMs = 300) {
    this.element = document.createElement('div');
    this.element.className = 'hf-progress';
    this.element.setAttribute('role', 'progressbar');
    this.element.hidden = true;
    this.label = document.createElement('span');
    this.label.className = 'hf-progress-stage';
    this.bar = document.createElement('progress');
    this.bar.max = 1;
    this.cancel = document.createElement('button');
    this.cancel.type = 'button';
    this.cancel.textContent = 'Cancel';
    this.cancel.className = 'hf-progress-cancel';
    this.cancel.addEventListener('click', onCancel);
    this.element.append(this.label, this.bar, this.cancel);
  }

  /** `label`: what is going on ("Opening head.inv3…"); `cancellable`: show the Cancel button. */
  start(label: string, cancellable = true): void {
    this.stop();
    this.active = true;
    this.label.textContent = label;
    this.cancel.hidden = !cancellable;
    this.bar.removeAttribute('value'); // indeterminate until the first stage reports
    this.timer = setTimeout(() => {
      if (this.active) this.element.hidden = false;
    }, this.delayMs);
  }

  update(stage: string, fraction: number): void {
    if (!this.active) return;
    this.label.textContent = stage.charAt(0).toUpperCase() + stage.slice(1); // "reading" → "Reading"
    this.bar.value = fraction;
    this.element.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  }

  /** A cancellable load is in progress. */
  get canCancel(): boolean {
    return this.active && this.cancel.hidden === false;
  }

  stop(): void {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.element.hidden = true;
  }
}
