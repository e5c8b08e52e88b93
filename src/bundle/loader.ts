/**
 * The bundle's first script: the viewer code is stored deflated (≈ 4× smaller) in
 * `<script type="application/octet-stream" id="hf-viewer-code">`; this small loader
 * unescapes, inflates (DecompressionStream, or fflate) and runs it as an inline script.
 */
import { inflateRaw } from './codec/inflate';
import { unescapeText } from './codec/text-safe';

export const VIEWER_CODE_ID = 'hf-viewer-code';

async function start(): Promise<void> {
  const holder = document.getElementById(VIEWER_CODE_ID);
  if (!holder) throw new Error('viewer code missing');
  const code = await inflateRaw(unescapeText(holder.textContent ?? ''), Number(holder.dataset.rawLength));
  const script = document.createElement('script');
  script.textContent = new TextDecoder().decode(code);
  document.body.append(script);
}

start().catch((e: unknown) => {
  const app = document.getElementById('app') ?? document.body;
  app.textContent = `This viewer could not start: ${e instanceof Error ? e.message : String(e)}`;
});
