/** What a panel may do to the viewer: read the state, change part of it, bracket a drag. */
import type { ViewerState } from '../../shared/view-state';

export interface PanelHost {
  state(): ViewerState;
  /** Apply a change. `interactive` = part of a drag (cheap frames until endInteraction). */
  update(patch: Partial<ViewerState>): void;
  beginInteraction(): void;
  endInteraction(): void;
}
