/** Waiting out the 3-D view's frames in the harness page (window.hf.viewer). */
import type { Page } from '@playwright/test';

/** The 3-D frame count once no frame has come for 400 ms (a change made earlier may still be drawing). */
export async function settledFrames(page: Page): Promise<number> {
  for (;;) {
    const n = await page.evaluate(() => window.hf.viewer.stats.frames);
    await page.waitForTimeout(400);
    if ((await page.evaluate(() => window.hf.viewer.stats.frames)) === n) return n;
  }
}
