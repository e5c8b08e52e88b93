/**
 * Whole-window drop target: a visible overlay while something is dragged over the window,
 * and on drop the dropped Files turned into {path, name} (the path comes from the preload:
 * webUtils.getPathForFile in Electron).
 */
import type { DroppedItem } from './drop-rules';

export function installDropZone(target: HTMLElement, pathForFile: (f: File) => string, onDrop: (items: DroppedItem[]) => void): HTMLDivElement {
  const overlay = document.createElement('div');
  overlay.className = 'hf-drop-overlay';
  overlay.hidden = true;
  overlay.textContent = 'Drop a scan to open it';
  target.append(overlay);

  let depth = 0; // dragenter/dragleave fire for every child element crossed
  const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    overlay.hidden = false;
  });
  window.addEventListener('dragover', (e) => {
    e.preventDefault(); // without this the drop event never fires (and the page would navigate)
    if (e.dataTransfer) e.dataTransfer.dropEffect = hasFiles(e) ? 'copy' : 'none';
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const files = Array.from(e.dataTransfer?.files ?? []);
    onDrop(files.map((f) => ({ name: f.name, path: pathForFile(f) })));
  });
  return overlay;
}
