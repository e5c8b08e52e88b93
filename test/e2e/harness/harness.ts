/**
 * Browser side of the viewer tests: mounts the real viewer with a VolumeSource fed from a URL
 * (the test serves an encodePrepared blob there) and offers pixel helpers, exposed as window.hf.
 */
import { mountViewer, type Viewer } from '../../../src/renderer/viewer';
import type { PreparedVolume, Progress, VolumeSource } from '../../../src/shared/prepared';
import { decodePrepared } from '../../../src/shared/serialize';

class TestSource implements VolumeSource {
  private volumeCb: ((v: PreparedVolume) => void) | null = null;
  onVolume(cb: (v: PreparedVolume) => void): void {
    this.volumeCb = cb;
  }
  onProgress(_cb: (p: Progress) => void): void {}
  onError(_cb: (m: string) => void): void {}
  emit(v: PreparedVolume): void {
    this.volumeCb?.(v);
  }
}

const source = new TestSource();
const viewer: Viewer = mountViewer(document.getElementById('root')!, source, { histogramWidth: 256 });

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function blobToRgba(blob: Blob): Promise<{ width: number; height: number; rgba: string }> {
  const bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
  return { width: bitmap.width, height: bitmap.height, rgba: toBase64(new Uint8Array(data.buffer)) };
}

const hf = {
  viewer,
  async load(url: string): Promise<{ shape: number[]; isHU: boolean }> {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const v = decodePrepared(bytes);
    source.emit(v);
    return { shape: v.shape, isHU: v.meta.isHU };
  },
  /** Screenshot as raw RGBA (base64) plus the PNG itself (base64), for baselines. */
  async shot(width = 160, height = 160): Promise<{ width: number; height: number; rgba: string; png: string }> {
    const blob = await viewer.screenshot({ width, height });
    const png = toBase64(new Uint8Array(await blob.arrayBuffer()));
    return { ...(await blobToRgba(blob)), png };
  },
  /** Decodes a PNG (base64) to RGBA (base64), e.g. a stored baseline. */
  async decodePng(pngBase64: string): Promise<{ width: number; height: number; rgba: string }> {
    const bytes = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
    return blobToRgba(new Blob([bytes], { type: 'image/png' }));
  },
  /** Pixels of the histogram's bar layer. */
  histogramBars(): { width: number; height: number; rgba: string; unit: string } {
    const c = document.querySelector<HTMLCanvasElement>('.hf-histogram-bars')!;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    return { width: c.width, height: c.height, rgba: toBase64(new Uint8Array(data.buffer)), unit: c.dataset.axisUnit ?? '' };
  },
  orientation(): Record<string, string> {
    const out: Record<string, string> = {};
    document.querySelectorAll<HTMLElement>('.hf-orient').forEach((e) => (out[e.dataset.edge!] = e.textContent ?? ''));
    return out;
  },
  /** Waits until the canvas has drawn at least `n` more frames. */
  async frames(n = 1): Promise<void> {
    const start = viewer.stats.frames;
    while (viewer.stats.frames < start + n) await new Promise((r) => setTimeout(r, 20));
  },
};

declare global {
  interface Window {
    hf: typeof hf;
  }
}
window.hf = hf;
document.body.dataset.ready = 'true';
