/** The transfer syntaxes we read, and how their pixels are stored. Anything else is refused by name. */
export type PixelEncoding = 'native' | 'native-be' | 'rle' | 'jpeg-lossless' | 'jpegls' | 'j2k';

export interface SyntaxInfo {
  name: string;
  encoding: PixelEncoding;
  /** Lossy syntaxes: HU are approximate, say so. */
  lossy: boolean;
}

export const SYNTAXES: Record<string, SyntaxInfo> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', encoding: 'native', lossy: false },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', encoding: 'native', lossy: false },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', encoding: 'native', lossy: false },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', encoding: 'native-be', lossy: false },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', encoding: 'rle', lossy: false },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless (Process 14)', encoding: 'jpeg-lossless', lossy: false },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless SV1 (Process 14, selection value 1)', encoding: 'jpeg-lossless', lossy: false },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', encoding: 'jpegls', lossy: false },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', encoding: 'jpegls', lossy: true },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 (Lossless Only)', encoding: 'j2k', lossy: false },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', encoding: 'j2k', lossy: true },
};

/** Names of common syntaxes we do NOT read, so the error can say what the file is. */
const KNOWN_UNSUPPORTED: Record<string, string> = {
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (lossy 8-bit)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (lossy 12-bit)',
  '1.2.840.10008.1.2.4.100': 'MPEG2',
  '1.2.840.10008.1.2.4.102': 'MPEG-4 AVC/H.264',
  '1.2.840.10008.1.2.4.201': 'High-Throughput JPEG 2000 (Lossless)',
  '1.2.840.10008.1.2.4.202': 'High-Throughput JPEG 2000 (RPCL Lossless)',
  '1.2.840.10008.1.2.4.203': 'High-Throughput JPEG 2000',
};

export function syntaxInfo(uid: string): SyntaxInfo | undefined {
  return SYNTAXES[uid];
}

/** "unsupported transfer syntax 1.2.840.10008.1.2.4.50 (JPEG Baseline (lossy 8-bit))". */
export function unsupportedSyntaxReason(uid: string): string {
  const name = KNOWN_UNSUPPORTED[uid];
  const shown = uid.replace(/[^\x20-\x7e]/g, '?'); // a damaged UID must not garble the message
  return `unsupported transfer syntax ${shown || '(none)'}${name ? ` (${name})` : ''}`;
}
