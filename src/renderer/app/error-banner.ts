/**
 * One-line banner across the top of the window: errors (stay until dismissed or replaced)
 * and notices such as "Screenshot saved to …" (same place, calmer colour).
 */
export class ErrorBanner {
  readonly element: HTMLDivElement;
  private readonly text: HTMLSpanElement;

  constructor() {
    this.element = document.createElement('div');
    this.element.className = 'hf-error';
    this.element.setAttribute('role', 'alert');
    this.element.hidden = true;
    this.text = document.createElement('span');
    this.text.className = 'hf-error-text';
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '×';
    close.title = 'Dismiss';
    close.addEventListener('click', () => this.hide());
    this.element.append(this.text, close);
  }

  show(message: string, kind: 'error' | 'notice' = 'error'): void {
    this.text.textContent = message.split('\n')[0];
    this.element.className = kind === 'error' ? 'hf-error' : 'hf-error hf-notice';
    this.element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
