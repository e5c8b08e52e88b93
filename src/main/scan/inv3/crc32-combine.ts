/**
 * CRC-32 of a concatenation from the CRCs of its parts: crc(A‖B) from crc(A), crc(B) and |B|.
 * Lets the parallel gunzip check a segment's bytes while it waits for its turn, instead of
 * after. Arithmetic on polynomials over GF(2) modulo the CRC-32 polynomial, in the reflected
 * bit order zlib uses: appending |B| zero bytes to A multiplies crc(A) by x^(8·|B|).
 */

const POLY = 0xedb88320; // x^32 + x^26 + … + 1, reflected

/** a(x)·b(x) mod p(x), both reflected (bit 31 is x^0). */
function multiplyMod(a: number, b: number): number {
  let product = 0;
  for (let m = 0x80000000; m !== 0; m >>>= 1) {
    if (a & m) product ^= b;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) mod p(x) for k = 0…63, by repeated squaring of x (reflected: x is 1 << 30). */
const X_POW_2K: number[] = [];
for (let k = 0, p = 1 << 30; k < 64; k++, p = multiplyMod(p, p)) X_POW_2K.push(p);

/** x^(8·bytes) mod p(x). */
function shiftFor(bytes: number): number {
  let p = 0x80000000; // x^0
  let n = bytes;
  for (let k = 3; n > 0; k++, n = Math.floor(n / 2)) {
    if (n % 2) p = multiplyMod(X_POW_2K[k], p);
  }
  return p;
}

export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multiplyMod(shiftFor(lengthB), crcA) ^ crcB) >>> 0;
}
