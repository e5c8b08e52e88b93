/**
 * The view an exported bundle opens on (BundleHeader.view): what the sender's viewer showed, cut
 * down to what a viewer can use. Only known fields with valid values, and surface and mask names
 * only of this scan's own, reach the file: no free text can carry identifiers into a bundle that
 * says they were left out.
 */
import type { PreparedVolume } from '../../shared/prepared';
import { viewPatch, type ViewerState } from '../../shared/view-state';

export function exportView(view: unknown, prepared: Pick<PreparedVolume, 'surfaces' | 'masks'>): Partial<ViewerState> | undefined {
  const patch = viewPatch(view);
  const known = (list: readonly { name: string }[]) => new Set(list.map((s) => s.name));
  if (patch.visibleSurfaces) patch.visibleSurfaces = patch.visibleSurfaces.filter((n) => known(prepared.surfaces).has(n));
  if (patch.visibleMasks) patch.visibleMasks = patch.visibleMasks.filter((n) => known(prepared.masks).has(n));
  return Object.keys(patch).length > 0 ? patch : undefined;
}
