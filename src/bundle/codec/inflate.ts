/**
 * deflate-raw → bytes. Uses the platform's DecompressionStream (native, fast) where it
 * knows 'deflate-raw', and fflate's pure-JS inflate otherwise (older browsers).
 */
import { inflateSync } from 'fflate';

export type Inflate = (data: Uint8Array, rawLength: number) => Promise<Uint8Array>;

function nativeAvailable(): boolean {
  if (typeof DecompressionStream === 'undefined') return false;
  try {
    new DecompressionStream('deflate-raw');
    return true;
  } catch {
    return false;
  }
}

async function inflateNative(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function inflateFallback(data: Uint8Array, rawLength: number): Uint8Array {
  return inflateSync(data, { out: new Uint8Array(rawLength) });
}

/** Which implementation `inflateRaw` uses here (shown in the About box). */
export const inflateImplementation = (): 'DecompressionStream' | 'fflate' => (nativeAvailable() ? 'DecompressionStream' : 'fflate');

export const inflateRaw: Inflate = async (data, rawLength) => {
  const out = nativeAvailable() ? await inflateNative(data) : inflateFallback(data, rawLength);
  if (out.length !== rawLength) throw new Error(`bundle section inflated to ${out.length} bytes, expected ${rawLength}`);
  return out;
};
