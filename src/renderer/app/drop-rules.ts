/**
 * What a drop on the window means, decided from the dropped items' paths and names only
 * (pure, unit-tested). The main process still checks everything; this only turns obvious
 * mistakes into a clear message before any work starts.
 */
export interface DroppedItem {
  /** Filesystem path ('' when the item has none: text, a browser image, a file from a zip view). */
  path: string;
  name: string;
}

export type DropDecision = { kind: 'open'; paths: string[] } | { kind: 'reject'; message: string };

const SINGLE_ONLY = /\.(inv3|nii|nii\.gz)$/i;
const NOT_A_SCAN = /\.(txt|md|pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|bmp|svg|webp|html?|zip|rar|7z|exe|dmg|app|mp4|mov|mp3|json|xml|csv)$/i;

export const DROP_HELP = 'Drop one .inv3 project, one NIfTI file, a DICOM folder, or several DICOM files.';

export function decideDrop(items: readonly DroppedItem[]): DropDecision {
  if (items.length === 0) return { kind: 'reject', message: `Nothing to open. ${DROP_HELP}` };
  const missing = items.find((i) => !i.path);
  if (missing) return { kind: 'reject', message: `“${missing.name || 'dropped item'}” is not a file on disk. ${DROP_HELP}` };
  const junk = items.find((i) => NOT_A_SCAN.test(i.name));
  if (junk) return { kind: 'reject', message: `“${junk.name}” is not a CT scan. ${DROP_HELP}` };
  if (items.length > 1) {
    const single = items.find((i) => SINGLE_ONLY.test(i.name));
    if (single) return { kind: 'reject', message: `“${single.name}” must be opened on its own, not with other files. ${DROP_HELP}` };
  }
  return { kind: 'open', paths: [...new Set(items.map((i) => i.path))] };
}
