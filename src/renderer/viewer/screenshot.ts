/**
 * Off-screen render at any size into a render target, read back, flipped (GL rows start at the
 * bottom) and encoded as PNG. Independent of the canvas size and of interaction quality.
 */
import { WebGLRenderTarget, type PerspectiveCamera, type Scene, type WebGLRenderer } from 'three';

export async function renderPng(
  renderer: WebGLRenderer,
  scene: Scene,
  camera: PerspectiveCamera,
  width: number,
  height: number,
  beforeRender: () => void,
): Promise<Blob> {
  const target = new WebGLRenderTarget(width, height);
  const aspect = camera.aspect;
  camera.aspect = width / height;
  camera.updateProjectionMatrix();
  const pixels = new Uint8Array(width * height * 4);
  try {
    beforeRender();
    renderer.setRenderTarget(target);
    renderer.render(scene, camera);
    renderer.readRenderTargetPixels(target, 0, 0, width, height, pixels);
  } finally {
    renderer.setRenderTarget(null);
    target.dispose();
    camera.aspect = aspect;
    camera.updateProjectionMatrix();
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for the screenshot');
  const image = ctx.createImageData(width, height);
  const row = width * 4;
  for (let y = 0; y < height; y++) image.data.set(pixels.subarray((height - 1 - y) * row, (height - y) * row), y * row);
  ctx.putImageData(image, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
