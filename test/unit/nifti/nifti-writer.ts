/** Minimal NIfTI-1 / NIfTI-2 writer for synthetic tests (single-file .nii, vox_offset after the header). */
export interface NiftiSpec {
  version?: 1 | 2;
  dims: number[]; // [nx, ny, nz] or [nx, ny, nz, nt]
  datatype: number; // NIfTI code
  bitpix: number;
  pixdim?: [number, number, number];
  qfac?: number;
  slope?: number;
  inter?: number;
  qformCode?: number;
  sformCode?: number;
  quatern?: [number, number, number];
  qoffset?: [number, number, number];
  srow?: [number[], number[], number[]];
  bigEndian?: boolean;
  /** Voxel bytes in the file's byte order. */
  voxels: Uint8Array;
}

export function niftiBytes(s: NiftiSpec): Uint8Array {
  const v2 = s.version === 2;
  const hdr = v2 ? 540 : 348;
  const voxOffset = v2 ? 544 : 352;
  const out = new Uint8Array(voxOffset + s.voxels.length);
  const dv = new DataView(out.buffer);
  const le = !s.bigEndian;
  const dims = [s.dims.length, ...s.dims, ...Array(7 - s.dims.length).fill(1)];
  const pix = [s.qfac ?? 1, ...(s.pixdim ?? [1, 1, 1]), 1, 1, 1, 1];
  if (!v2) {
    dv.setInt32(0, hdr, le);
    dims.forEach((d, i) => dv.setInt16(40 + 2 * i, d, le));
    dv.setInt16(70, s.datatype, le);
    dv.setInt16(72, s.bitpix, le);
    pix.forEach((p, i) => dv.setFloat32(76 + 4 * i, p, le));
    dv.setFloat32(108, voxOffset, le);
    dv.setFloat32(112, s.slope ?? 0, le);
    dv.setFloat32(116, s.inter ?? 0, le);
    dv.setInt16(252, s.qformCode ?? 0, le);
    dv.setInt16(254, s.sformCode ?? 0, le);
    (s.quatern ?? [0, 0, 0]).forEach((q, i) => dv.setFloat32(256 + 4 * i, q, le));
    (s.qoffset ?? [0, 0, 0]).forEach((q, i) => dv.setFloat32(268 + 4 * i, q, le));
    (s.srow ?? [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]).forEach((row, r) => row.forEach((x, c) => dv.setFloat32(280 + 16 * r + 4 * c, x, le)));
    out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  } else {
    dv.setInt32(0, hdr, le);
    out.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4); // "n+2\0\r\n\032\n"
    dv.setInt16(12, s.datatype, le);
    dv.setInt16(14, s.bitpix, le);
    dims.forEach((d, i) => dv.setBigInt64(16 + 8 * i, BigInt(d), le));
    pix.forEach((p, i) => dv.setFloat64(104 + 8 * i, p, le));
    dv.setBigInt64(168, BigInt(voxOffset), le);
    dv.setFloat64(176, s.slope ?? 0, le);
    dv.setFloat64(184, s.inter ?? 0, le);
    dv.setInt32(344, s.qformCode ?? 0, le);
    dv.setInt32(348, s.sformCode ?? 0, le);
    (s.quatern ?? [0, 0, 0]).forEach((q, i) => dv.setFloat64(352 + 8 * i, q, le));
    (s.qoffset ?? [0, 0, 0]).forEach((q, i) => dv.setFloat64(376 + 8 * i, q, le));
    (s.srow ?? [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]).forEach((row, r) => row.forEach((x, c) => dv.setFloat64(400 + 32 * r + 8 * c, x, le)));
  }
  out.set(s.voxels, voxOffset);
  return out;
}

/** Little- or big-endian bytes of typed values. */
export function bytesOf(values: number[], type: 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'float32' | 'float64', bigEndian = false): Uint8Array {
  const width = { int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, float32: 4, float64: 8 }[type];
  const out = new Uint8Array(values.length * width);
  const dv = new DataView(out.buffer);
  const le = !bigEndian;
  values.forEach((v, i) => {
    const o = i * width;
    if (type === 'int8') dv.setInt8(o, v);
    else if (type === 'uint8') dv.setUint8(o, v);
    else if (type === 'int16') dv.setInt16(o, v, le);
    else if (type === 'uint16') dv.setUint16(o, v, le);
    else if (type === 'int32') dv.setInt32(o, v, le);
    else if (type === 'float32') dv.setFloat32(o, v, le);
    else dv.setFloat64(o, v, le);
  });
  return out;
}
