/**
 * A tiny DICOM Part-10 writer for synthetic test series: Explicit VR Little Endian elements,
 * written byte by byte so each test controls exactly what the reader sees (missing tags,
 * garbage high bits, truncation, odd transfer syntaxes in the meta header).
 */
export type Value = string | number[] | Uint8Array;
export interface El {
  tag: number; // 0xGGGGEEEE
  vr: string;
  value: Value;
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function valueBytes(vr: string, value: Value): Uint8Array {
  if (value instanceof Uint8Array) return value.length % 2 ? concat([value, new Uint8Array([0])]) : value;
  if (typeof value === 'string') {
    const pad = vr === 'UI' ? '\0' : ' ';
    const s = value.length % 2 ? value + pad : value;
    return Uint8Array.from(s, (c) => c.charCodeAt(0));
  }
  const width = vr === 'US' || vr === 'SS' ? 2 : 4;
  const out = new Uint8Array(value.length * width);
  const dv = new DataView(out.buffer);
  value.forEach((v, i) => {
    if (vr === 'US') dv.setUint16(i * 2, v, true);
    else if (vr === 'SS') dv.setInt16(i * 2, v, true);
    else if (vr === 'UL') dv.setUint32(i * 4, v, true);
    else if (vr === 'SL') dv.setInt32(i * 4, v, true);
    else throw new Error(`no numeric writer for ${vr}`);
  });
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function element(e: El, implicit = false): Uint8Array {
  const v = valueBytes(e.vr, e.value);
  if (implicit) {
    // Implicit VR: tag, 32-bit length, value (the reader must know each tag's VR itself)
    const head = new Uint8Array(8);
    const dv = new DataView(head.buffer);
    dv.setUint16(0, e.tag >>> 16, true);
    dv.setUint16(2, e.tag & 0xffff, true);
    dv.setUint32(4, v.length, true);
    return concat([head, v]);
  }
  const long = LONG_VRS.has(e.vr);
  const head = new Uint8Array(long ? 12 : 8);
  const dv = new DataView(head.buffer);
  dv.setUint16(0, e.tag >>> 16, true);
  dv.setUint16(2, e.tag & 0xffff, true);
  head[4] = e.vr.charCodeAt(0);
  head[5] = e.vr.charCodeAt(1);
  if (long) dv.setUint32(8, v.length, true);
  else dv.setUint16(6, v.length, true);
  return concat([head, v]);
}

/** Preamble + DICM + File Meta group (with its group length) + the data set, tags ascending. */
export function part10(transferSyntax: string, sopInstanceUid: string, dataSet: El[]): Uint8Array {
  const metaBody = concat([
    element({ tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) }),
    element({ tag: 0x00020002, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' }),
    element({ tag: 0x00020003, vr: 'UI', value: sopInstanceUid }),
    element({ tag: 0x00020010, vr: 'UI', value: transferSyntax }),
    element({ tag: 0x00020012, vr: 'UI', value: '1.2.3.4.5' }),
  ]);
  const groupLength = element({ tag: 0x00020000, vr: 'UL', value: [metaBody.length] });
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  const implicit = transferSyntax === '1.2.840.10008.1.2';
  const body = [...dataSet].sort((a, b) => a.tag - b.tag).map((e) => element(e, implicit));
  return concat([preamble, groupLength, metaBody, ...body]);
}

export interface SliceSpec {
  rows: number;
  columns: number;
  /** Stored sample values exactly as they go into PixelData (garbage bits included). */
  stored: number[];
  seriesUid: string;
  sopUid: string;
  position?: [number, number, number];
  orientation?: [number, number, number, number, number, number];
  pixelSpacing?: [number, number];
  bitsAllocated?: number;
  bitsStored?: number;
  pixelRepresentation?: number;
  slope?: number;
  intercept?: number;
  paddingValue?: number;
  modality?: string;
  description?: string;
  gantryTilt?: number;
  windowCenter?: number;
  windowWidth?: number;
  transferSyntax?: string;
  /** Tags to leave out, e.g. 0x00280030 (PixelSpacing). */
  omit?: number[];
  /** Cut the file this many bytes short (inside PixelData). */
  truncate?: number;
  patientName?: string;
}

const ds = (n: number): string => Number(n.toFixed(6)).toString();

/** A CT image slice as bytes. 16-bit samples unless bitsAllocated says 8. */
export function ctSlice(s: SliceSpec): Uint8Array {
  const bitsAllocated = s.bitsAllocated ?? 16;
  const signed = (s.pixelRepresentation ?? 0) === 1;
  const px = new Uint8Array(s.stored.length * (bitsAllocated / 8));
  const dv = new DataView(px.buffer);
  s.stored.forEach((v, i) => {
    if (bitsAllocated === 8) px[i] = v & 0xff;
    else dv.setUint16(i * 2, v & 0xffff, true);
  });
  const els: El[] = [
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
    { tag: 0x00080018, vr: 'UI', value: s.sopUid },
    { tag: 0x00080060, vr: 'CS', value: s.modality ?? 'CT' },
    { tag: 0x0008103e, vr: 'LO', value: s.description ?? 'SYNTH' },
    { tag: 0x00100010, vr: 'PN', value: s.patientName ?? 'Doe^Jane' },
    { tag: 0x00100020, vr: 'LO', value: 'ID123' },
    { tag: 0x0020000d, vr: 'UI', value: '1.2.3.9' },
    { tag: 0x0020000e, vr: 'UI', value: s.seriesUid },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280010, vr: 'US', value: [s.rows] },
    { tag: 0x00280011, vr: 'US', value: [s.columns] },
    { tag: 0x00280030, vr: 'DS', value: (s.pixelSpacing ?? [0.5, 0.5]).map(ds).join('\\') },
    { tag: 0x00280100, vr: 'US', value: [bitsAllocated] },
    { tag: 0x00280101, vr: 'US', value: [s.bitsStored ?? bitsAllocated] },
    { tag: 0x00280102, vr: 'US', value: [(s.bitsStored ?? bitsAllocated) - 1] },
    { tag: 0x00280103, vr: 'US', value: [s.pixelRepresentation ?? 0] },
    { tag: 0x7fe00010, vr: bitsAllocated === 8 ? 'OB' : 'OW', value: px },
  ];
  if (s.position) els.push({ tag: 0x00200032, vr: 'DS', value: s.position.map(ds).join('\\') });
  els.push({ tag: 0x00200037, vr: 'DS', value: (s.orientation ?? [1, 0, 0, 0, 1, 0]).map(ds).join('\\') });
  if (s.slope !== undefined) els.push({ tag: 0x00281053, vr: 'DS', value: ds(s.slope) });
  if (s.intercept !== undefined) els.push({ tag: 0x00281052, vr: 'DS', value: ds(s.intercept) });
  if (s.paddingValue !== undefined) els.push({ tag: 0x00280120, vr: signed ? 'SS' : 'US', value: [s.paddingValue] });
  if (s.gantryTilt !== undefined) els.push({ tag: 0x00181120, vr: 'DS', value: ds(s.gantryTilt) });
  if (s.windowCenter !== undefined) els.push({ tag: 0x00281050, vr: 'DS', value: ds(s.windowCenter) });
  if (s.windowWidth !== undefined) els.push({ tag: 0x00281051, vr: 'DS', value: ds(s.windowWidth) });
  const kept = els.filter((e) => !(s.omit ?? []).includes(e.tag));
  const bytes = part10(s.transferSyntax ?? '1.2.840.10008.1.2.1', s.sopUid, kept);
  return s.truncate ? bytes.subarray(0, bytes.length - s.truncate) : bytes;
}
