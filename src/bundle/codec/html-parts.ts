/**
 * Where the header and payload sit in the bundle's HTML. The browser finds them by id; Node
 * (tests, tools) finds them in the file text with `extractParts`.
 */
export const HEADER_ID = 'hf-header';
export const PAYLOAD_ID = 'hf-payload';
/** The template's placeholder that export replaces with the two script elements. */
export const PAYLOAD_MARKER = '<!--hounsfield:payload-->';

export function headerOpenTag(): string {
  return `<script type="application/json" id="${HEADER_ID}">`;
}
export function payloadOpenTag(): string {
  return `<script type="application/octet-stream" id="${PAYLOAD_ID}">`;
}

/**
 * The header JSON text and the payload text from the whole page text (as decoded with
 * windows-1252, the page's declared charset). Neither can contain '</script'.
 */
export function extractParts(html: string): { headerJson: string; payloadText: string } {
  const between = (open: string): string => {
    const start = html.indexOf(open);
    if (start < 0) throw new Error(`bundle: ${open} not found`);
    const from = start + open.length;
    const end = html.indexOf('</script>', from);
    if (end < 0) throw new Error('bundle: unterminated script element');
    return html.slice(from, end);
  };
  return { headerJson: between(headerOpenTag()), payloadText: between(payloadOpenTag()) };
}
