import { test, expect } from '@playwright/test';

// Proves the browser-test setup itself: Debian Chromium starts and offers WebGL2 (SwiftShader).
test('chromium offers WebGL2 with 3D textures', async ({ page }) => {
  await page.setContent('<canvas id="c" width="8" height="8"></canvas>');
  const info = await page.evaluate(() => {
    const gl = (document.getElementById('c') as HTMLCanvasElement).getContext('webgl2');
    if (!gl) return null;
    return { max3d: gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number, renderer: gl.getParameter(gl.RENDERER) as string };
  });
  expect(info).not.toBeNull();
  expect(info!.max3d).toBeGreaterThanOrEqual(256);
});
