/**
 * A small modal built on <dialog>: title, body, buttons; resolves with the value of the
 * button pressed (Escape = the cancel value). Used by the series picker and export options.
 */
export interface ModalButton<T> {
  label: string;
  value: () => T;
  primary?: boolean;
}

export function showModal<T>(title: string, body: HTMLElement, buttons: ModalButton<T>[], cancelValue: T, className = ''): Promise<T> {
  const dialog = document.createElement('dialog');
  dialog.className = `hf-modal ${className}`.trim();
  const heading = document.createElement('h2');
  heading.textContent = title;
  const row = document.createElement('div');
  row.className = 'hf-modal-buttons';
  dialog.append(heading, body, row);
  document.body.append(dialog);
  return new Promise<T>((resolve) => {
    let done = false;
    const finish = (v: T) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(v);
    };
    for (const b of buttons) {
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = b.label;
      if (b.primary) btn.className = 'hf-primary';
      btn.addEventListener('click', () => finish(b.value()));
      row.append(btn);
    }
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(cancelValue);
    });
    dialog.showModal();
  });
}
