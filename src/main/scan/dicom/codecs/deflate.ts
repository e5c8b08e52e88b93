/**
 * Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99): everything after the File Meta
 * group is one raw deflate stream (no zlib/gzip header). dicom-parser calls this to get the
 * whole file back (meta bytes + inflated data set).
 */
import { constants, inflateRawSync } from 'node:zlib';

/** Inflated data sets larger than this are refused (a deflate bomb, not a CT slice). */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/**
 * `partial`: the input is only the head of the file (header scan); inflate what is there
 * instead of failing at the missing end of the stream.
 */
export function makeInflater(partial: boolean): (bytes: Uint8Array, position: number) => Uint8Array {
  return (bytes, position) => {
    const inflated = inflateRawSync(bytes.subarray(position), {
      maxOutputLength: MAX_INFLATED_BYTES,
      finishFlush: partial ? constants.Z_SYNC_FLUSH : constants.Z_FINISH,
    });
    const whole = new Uint8Array(position + inflated.length);
    whole.set(bytes.subarray(0, position), 0);
    whole.set(inflated, position);
    return whole;
  };
}
