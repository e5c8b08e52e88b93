/**
 * Types for the untyped pixel codec packages (see docs/dicom-codecs.md). Only what we call.
 * jpeg-lossless-decoder-js ships a `types` field that points at a missing file (TS7016).
 */
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  interface FrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
  }
  export interface JpegLSDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getFrameInfo(): FrameInfo;
    getNearLossless(): number;
    getDecodedBuffer(): Uint8Array;
    delete(): void;
  }
  export interface CharLSModule {
    JpegLSDecoder: new () => JpegLSDecoder;
  }
  const factory: (opts?: { print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<CharLSModule>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  interface FrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
  }
  export interface J2KDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    decode(): void;
    getFrameInfo(): FrameInfo;
    getDecodedBuffer(): Uint8Array;
    delete(): void;
  }
  export interface OpenJPEGModule {
    J2KDecoder: new () => J2KDecoder;
  }
  const factory: (opts?: { print?: (s: string) => void; printErr?: (s: string) => void }) => Promise<OpenJPEGModule>;
  export default factory;
}

declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    constructor(buffer?: ArrayBuffer | null, numBytes?: number);
    /** Returns the samples (Uint8Array for ≤ 8-bit precision, else Uint16Array), host byte order. */
    decode(buffer?: ArrayBuffer, offset?: number, length?: number, numBytes?: number): Uint8Array | Uint16Array;
    precision?: number;
    xDim: number;
    yDim: number;
    numComp: number;
  }
}
