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
  async hounsfield(url: string, frames: number): Promise<{ still: number[]; drag: number[] }> {
    const prep = decodePrepared(new Uint8Array(await (await fetch(url)).arrayBuffer()));
    const host = document.getElementById('hounsfield')!;
    const view = new VolumeView(host, (m) => console.log(m));
    view.setVolume(prep);
    const bone = findTransferPreset('bone')!;
    view.setClassification({ mode: 'dvr', window: prep.window, transfer: bone.points, isoThreshold: 400 });
    const gl = view.canvas.getContext('webgl2')!;
    const still = () => {
      view.drawNow('full');
      sync(gl);
    };
    const drag = () => {
      view.drawNow('interactive');
      sync(gl);
    };
    still(); // compile + upload
    drag();
    return { still: time(frames, still), drag: time(frames, drag) };
  },

  async niivue(url: string, frames: number, calMin: number, calMax: number): Promise<number[]> {
    const canvas = document.getElementById('niivue') as HTMLCanvasElement;
    const nv = new Niivue({ show3Dcrosshair: false, isColorbar: false, backColor: [0, 0, 0, 1], forceDevicePixelRatio: 1 });
    await nv.attachToCanvas(canvas);
    await nv.loadVolumes([{ url, colormap: 'gray', cal_min: calMin, cal_max: calMax }]);
    nv.setSliceType(nv.sliceTypeRender);
    const gl = canvas.getContext('webgl2')!;
    const draw = () => {
      nv.drawScene();
      sync(gl);
    };
    draw();
    return time(frames, draw);
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
document.body.dataset.ready = 'true';
