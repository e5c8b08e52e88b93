/** One-line error banner across the top of the window; stays until dismissed or replaced. */
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

  show(message: string): void {
    this.text.textContent = message.split('\n')[0];
    this.element.hidden = false;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
