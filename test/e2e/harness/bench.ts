/**
 * Browser side of bench/render.mjs: the same volume rendered by Hounsfield's VolumeView and by
 * NiiVue, each on a 512×512 canvas in this page, timed frame by frame. Every timed frame ends
 * with gl.finish() + a 1-pixel readPixels so the GPU (SwiftShader here) has really finished.
 */
import { Niivue } from '@niivue/niivue';
import { VolumeView } from '../../../src/renderer/viewer/volume-view';
import { decodePrepared } from '../../../src/shared/serialize';
import { findTransferPreset } from '../../../src/shared/presets/transfer-presets';

function sync(gl: WebGL2RenderingContext): void {
  gl.finish();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
}

function time(frames: number, draw: () => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < frames; i++) {
    const t0 = performance.now();
    draw();
    out.push(performance.now() - t0);
  }
  return out;
}

const bench = {
  /**
   * Sets both renderers up on the same volume, then times frames INTERLEAVED (Hounsfield still,
   * NiiVue, Hounsfield dragging, repeat) so that load from other processes hits both alike.
   */
  async run(prepUrl: string, niftiUrl: string, frames: number, calMin: number, calMax: number) {
    const prep = decodePrepared(new Uint8Array(await (await fetch(prepUrl)).arrayBuffer()));
    const view = new VolumeView(document.getElementById('hounsfield')!, (m) => m && console.log(m));
    view.setVolume(prep);
    const bone = findTransferPreset('bone')!;
    view.setClassification({ mode: 'dvr', window: prep.window, transfer: bone.points, isoThreshold: 400 });
    const hgl = view.canvas.getContext('webgl2')!;

    const canvas = document.getElementById('niivue') as HTMLCanvasElement;
    const nv = new Niivue({ show3Dcrosshair: false, isColorbar: false, backColor: [0, 0, 0, 1], forceDevicePixelRatio: 1 });
    await nv.attachToCanvas(canvas);
    await nv.loadVolumes([{ url: niftiUrl, colormap: 'gray', cal_min: calMin, cal_max: calMax }]);
    nv.setSliceType(nv.sliceTypeRender);
    const ngl = canvas.getContext('webgl2')!;

    const still = () => (view.drawNow('full'), sync(hgl));
    const drag = () => (view.drawNow('interactive'), sync(hgl));
    const niivue = () => (nv.drawScene(), sync(ngl));
    still(); // warm-up: shader compile, uploads
    drag();
    niivue();
    const out = { still: [] as number[], drag: [] as number[], niivue: [] as number[] };
    for (let i = 0; i < frames; i++) {
      out.still.push(time(1, still)[0]);
      out.niivue.push(time(1, niivue)[0]);
      out.drag.push(time(1, drag)[0]);
    }
    return out;
  },

  /**
   * bench/surfaces.mjs: the same volume with its InVesalius surfaces hidden vs shown, DVR bone,
   * 512×512. The camera moves before every timed frame (alternating two views), so the surface
   * layer is really redrawn each time, as while orbiting. Frames interleaved: off, on, repeat.
   */
  async surfaces(prepUrl: string, frames: number) {
    const prep = decodePrepared(new Uint8Array(await (await fetch(prepUrl)).arrayBuffer()));
    const host = document.getElementById('hounsfield')!;
    const view = new VolumeView(host, (m) => m && console.log(m));
    view.setVolume(prep);
    view.setClassification({ mode: 'dvr', window: prep.window, transfer: findTransferPreset('bone')!.points, isoThreshold: 400 });
    const gl = view.canvas.getContext('webgl2')!;
    const names = prep.surfaces.map((s) => s.name);
    let turn = 0;
    const frame = (quality: 'full' | 'interactive', shown: string[]) => {
      view.setVisibleSurfaces(shown);
      view.standardView(turn++ % 2 ? 'left' : 'anterior');
      const t0 = performance.now();
      view.drawNow(quality);
      sync(gl);
      return performance.now() - t0;
    };
    frame('full', names); // warm-up: shader compile, uploads
    frame('interactive', []);
    const out = { dragOff: [] as number[], dragOn: [] as number[], stillOff: [] as number[], stillOn: [] as number[], triangles: 0 };
    out.triangles = prep.surfaces.reduce((n, s) => n + s.indices.length / 3, 0);
    for (let i = 0; i < frames; i++) {
      out.dragOff.push(frame('interactive', []));
      out.dragOn.push(frame('interactive', names));
      out.stillOff.push(frame('full', []));
      out.stillOn.push(frame('full', names));
    }
    view.dispose();
    return out;
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.body.dataset.ready = 'true';
