/**
 * The view an exported bundle opens on (BundleHeader.view): what the sender's viewer showed, cut
 * down to what a viewer can use. Only known fields with valid values, and surface names only of
 * this scan's surfaces, reach the file: no free text can carry identifiers into a bundle that
 * says they were left out.
 */
import type { PreparedVolume } from '../../shared/prepared';
import { viewPatch, type ViewerState } from '../../shared/view-state';

export function exportView(view: unknown, prepared: Pick<PreparedVolume, 'surfaces'>): Partial<ViewerState> | undefined {
  const patch = viewPatch(view);
  if (patch.visibleSurfaces) {
    const names = new Set(prepared.surfaces.map((s) => s.name));
    patch.visibleSurfaces = patch.visibleSurfaces.filter((n) => names.has(n));
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}
