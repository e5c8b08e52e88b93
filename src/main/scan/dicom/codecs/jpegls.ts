/** JPEG-LS (1.2.840.10008.1.2.4.80 lossless, .81 near-lossless) via CharLS compiled to wasm. */
import CharLS, { type CharLSModule } from '@cornerstonejs/codec-charls/decodewasmjs';

let codec: Promise<CharLSModule> | undefined;

/** One codec instance per thread, created on first use (15–70 ms). */
function charls(): Promise<CharLSModule> {
  codec ??= CharLS({ print: () => {}, printErr: () => {} });
  return codec;
}

export async function decodeJpegLs(frame: Uint8Array, width: number, height: number): Promise<Uint8Array | Uint16Array> {
  const { JpegLSDecoder } = await charls();
  const decoder = new JpegLSDecoder();
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== width || info.height !== height || info.componentCount !== 1) {
      throw new Error(`JPEG-LS frame is ${info.width}×${info.height}×${info.componentCount}, expected ${width}×${height}×1`);
    }
    const bytes = decoder.getDecodedBuffer(); // a view into wasm memory: copy it out
    if (info.bitsPerSample <= 8) return bytes.slice();
    const copy = bytes.slice();
    return new Uint16Array(copy.buffer, 0, width * height);
  } catch (e) {
    codec = undefined; // a failed wasm decode may leave the instance unusable: start afresh next time
    throw e;
  } finally {
    decoder.delete();
  }
}
