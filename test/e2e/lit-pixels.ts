/**
 * "Did the app draw the scan?" for page-level tests (the app host in Chromium, and the real
 * Electron app): the fraction of clearly lit pixels, decoded by the page's own PNG decoder.
 */
import type { Page } from '@playwright/test';

/** Fraction of clearly lit pixels of a PNG (luma > 40; the view's background is near black). */
export async function pngLitFraction(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const d = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let lit = 0;
    for (let i = 0; i < d.length; i += 4) if (0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2] > 40) lit++;
    return lit / (d.length / 4);
  }, png.toString('base64'));
}

/** Fraction of clearly lit pixels in the 3-D view. */
export async function viewLitFraction(page: Page): Promise<number> {
  return pngLitFraction(page, await page.locator('.hf-view canvas').first().screenshot());
}
