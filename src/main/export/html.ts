/**
 * Assembling the one-file bundle: the built viewer template (out/bundle/viewer.html, made by
 * vite.bundle.config.ts) with the header JSON and the escaped payload put in place of its
 * marker. Returned as chunks so the large payload is written without another copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PAYLOAD_MARKER, headerOpenTag, payloadOpenTag } from '../../bundle/codec/html-parts';
import { asciiJson, escapeBytes } from '../../bundle/codec/text-safe';
import type { BundleHeader } from '../../bundle/codec/container';

export class TemplateMissingError extends Error {
  constructor(tried: string[]) {
    super(`the web-bundle viewer is not built (looked for ${tried.join(', ')}); run \`npm run build\` first`);
    this.name = 'TemplateMissingError';
  }
}

/**
 * Where the built template may be, walking up from this code: the built app runs from
 * out/main/ or out/main/chunks/ (→ out/bundle), tests run the sources (→ <repo>/out/bundle).
 */
export function templateCandidates(): string[] {
  const found: string[] = [];
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    found.push(path.join(dir, 'bundle', 'viewer.html'), path.join(dir, 'out', 'bundle', 'viewer.html'));
  }
  return [...new Set(found)];
}

export function readTemplate(explicit?: string): string {
  const tried = explicit ? [explicit] : templateCandidates();
  const file = tried.find((f) => existsSync(f));
  if (!file) throw new TemplateMissingError(explicit ? tried : [path.join('out', 'bundle', 'viewer.html')]);
  const html = readFileSync(file, 'latin1');
  if (!html.includes(PAYLOAD_MARKER)) throw new Error(`${file} is not a bundle template (no payload marker)`);
  // The page is declared windows-1252; outside the packed (escaped, deflated) viewer code only
  // ASCII is allowed, so the text reads the same whatever a tool assumes.
  const bad = html.replace(/(<script type="application\/octet-stream"[^>]*>)[^]*?<\/script>/g, '$1</script>').search(/[^\x09\x0a\x20-\x7e]/);
  if (bad >= 0) throw new Error(`${file}: non-ASCII or control character at offset ${bad}`);
  return html;
}

export interface Assembled {
  chunks: Uint8Array[];
  headerBytes: number;
  payloadBytes: number;
}

export function assembleHtml(template: string, header: BundleHeader, payload: Uint8Array): Assembled {
  const at = template.indexOf(PAYLOAD_MARKER);
  const headerText = asciiJson(header);
  const escaped = escapeBytes(payload);
  const ascii = (s: string) => Buffer.from(s, 'latin1');
  return {
    chunks: [
      ascii(template.slice(0, at)),
      ascii(`${headerOpenTag()}${headerText}</script>\n${payloadOpenTag()}`),
      escaped,
      ascii('</script>'),
      ascii(template.slice(at + PAYLOAD_MARKER.length)),
    ],
    headerBytes: headerText.length,
    payloadBytes: escaped.length,
  };
}
