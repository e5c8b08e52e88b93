/**
 * In-window progress: stage name, bar, Cancel. Shown only when a load lasts longer than
 * `delayMs` (quick opens don't flash it).
 */
export class ProgressBar {
  readonly element: HTMLDivElement;
  private readonly label: HTMLSpanElement;
  private readonly bar: HTMLProgressElement;
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
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.textContent = 'Cancel';
    cancel.className = 'hf-progress-cancel';
    cancel.addEventListener('click', onCancel);
    this.element.append(this.label, this.bar, cancel);
  }

  start(name: string): void {
    this.stop();
    this.active = true;
    this.label.textContent = `Opening ${name}…`;
    this.bar.removeAttribute('value'); // indeterminate until the first stage reports
    this.timer = setTimeout(() => {
      if (this.active) this.element.hidden = false;
    }, this.delayMs);
  }

  update(stage: string, fraction: number): void {
    if (!this.active) return;
    this.label.textContent = stage;
    this.bar.value = fraction;
    this.element.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  }

  stop(): void {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.element.hidden = true;
  }
}
