/**
 * Entry of the exported web bundle: the same viewer and panels as the app, fed by a
 * BundleSource that decodes the volume embedded in this page, opening on the exporter's view
 * when the header carries one, plus an About box.
 * Built by vite.bundle.config.ts into out/bundle/viewer.html (one file, everything inline).
 */
import { mountViewer, type Viewer } from '../renderer/viewer';
import type { PreparedVolume } from '../shared/prepared';
import { BundleSource } from './bundle-source';
import { aboutLines, mountAbout } from './about';
import { inflateImplementation } from './codec/inflate';

declare global {
  interface Window {
    /** For tests and the curious: the viewer API and the decoded volume. */
    hounsfield?: { viewer: Viewer; volume: Promise<PreparedVolume> };
  }
}

const root = document.getElementById('app') ?? document.body;
const source = new BundleSource();
const viewer = mountViewer(root, source, { initialState: source.view });
window.hounsfield = { viewer, volume: source.ready.then((r) => r.prepared) };
source.ready.then(
  ({ header, prepared }) => mountAbout(document.body, aboutLines(header, prepared, inflateImplementation())),
  () => undefined, // the viewer shows the error
);
