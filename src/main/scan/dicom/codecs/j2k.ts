/** JPEG 2000 (1.2.840.10008.1.2.4.90 lossless, .91) via OpenJPEG compiled to wasm. */
import OpenJPEG, { type OpenJPEGModule } from '@cornerstonejs/codec-openjpeg/decodewasmjs';

let codec: Promise<OpenJPEGModule> | undefined;

/** One codec per thread, created on first use; print/printErr silenced (it logs every decode). */
function openjpeg(): Promise<OpenJPEGModule> {
  codec ??= OpenJPEG({ print: () => {}, printErr: () => {} });
  return codec;
}

export async function decodeJ2k(frame: Uint8Array, width: number, height: number): Promise<Uint8Array | Uint16Array | Int16Array> {
  const { J2KDecoder } = await openjpeg();
  const decoder = new J2KDecoder();
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const info = decoder.getFrameInfo();
    if (info.width !== width || info.height !== height || info.componentCount !== 1) {
      throw new Error(`JPEG 2000 frame is ${info.width}×${info.height}×${info.componentCount}, expected ${width}×${height}×1`);
    }
    const copy = decoder.getDecodedBuffer().slice(); // a view into wasm memory: copy it out
    if (info.bitsPerSample <= 8) return info.isSigned ? new Uint8Array(copy.buffer) : copy;
    return info.isSigned ? new Int16Array(copy.buffer, 0, width * height) : new Uint16Array(copy.buffer, 0, width * height);
  } catch (e) {
    codec = undefined; // a failed wasm decode may leave the instance unusable: start afresh next time
    throw e;
  } finally {
    decoder.delete();
  }
}
