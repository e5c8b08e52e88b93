import type { Page } from '@playwright/test';

/** Loses the viewer's WebGL context and gets it back, as a GPU reset would (WEBGL_lose_context). */
export async function loseAndRestoreContext(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const gl = document.querySelector<HTMLCanvasElement>('.hf-canvas')!.getContext('webgl2')!;
    const ext = gl.getExtension('WEBGL_lose_context')!;
    ext.loseContext();
    await new Promise((r) => setTimeout(r, 100));
    ext.restoreContext();
    await new Promise((r) => setTimeout(r, 200));
  });
}
