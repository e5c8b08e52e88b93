/**
 * One DICOM file's header → a plain SliceHeader (structured-cloneable, so workers can send it).
 * Reading the header only needs the bytes up to PixelData; `parseDataSet` stops there when asked.
 */
import { dicomParser, type DataSet } from './parser';
import { makeInflater } from './codecs/deflate';

export interface SliceHeader {
  file: string;
  transferSyntax: string;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesUid: string;
  studyUid: string;
  seriesDescription: string;
  studyDescription: string;
  seriesNumber?: number;
  modality: string;
  manufacturer: string;
  model: string;
  instanceNumber?: number;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  photometric: string;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  numberOfFrames: number;
  /** [row spacing, column spacing] mm, as (0028,0030) stores it. */
  pixelSpacing?: [number, number];
  sliceThickness?: number;
  /** ImagePositionPatient (LPS mm). */
  position?: [number, number, number];
  /** ImageOrientationPatient: row direction then column direction. */
  orientation?: [number, number, number, number, number, number];
  gantryTilt: number;
  /** Present only when (0028,1053)/(0028,1052) are in the file. */
  slope?: number;
  intercept?: number;
  rescaleType: string;
  /** Raw stored value(s) marking padding, interpreted with PixelRepresentation. */
  paddingValue?: number;
  paddingRangeLimit?: number;
  windowCenter?: number;
  windowWidth?: number;
  hasPixelData: boolean;
  patientName: string;
  patientId: string;
  birthDate: string;
}

const PIXEL_DATA = 'x7fe00010';

/** Parses Part-10 bytes. `headerOnly`: stop at PixelData (the bytes may be just the file's head). */
export function parseDataSet(bytes: Uint8Array, headerOnly: boolean): DataSet {
  return dicomParser.parseDicom(bytes, {
    untilTag: headerOnly ? PIXEL_DATA : undefined,
    inflater: makeInflater(headerOnly),
  } as Parameters<typeof dicomParser.parseDicom>[1]);
}

function str(ds: DataSet, tag: string): string {
  return (ds.string(tag) ?? '').trim();
}

function num(ds: DataSet, tag: string, index = 0): number | undefined {
  const v = ds.floatString(tag, index);
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

function nums(ds: DataSet, tag: string, count: number): number[] | undefined {
  if ((ds.numStringValues(tag) ?? 0) < count) return undefined;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const v = num(ds, tag, i);
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** A US/SS value whose sign follows PixelRepresentation (implicit VR files do not say which). */
function pixelValued(ds: DataSet, tag: string, signed: boolean): number | undefined {
  const el = ds.elements[tag];
  if (!el || el.length < 2) return undefined;
  const v = ds.uint16(tag);
  if (v === undefined) return undefined;
  return signed && v >= 0x8000 ? v - 0x10000 : v;
}

export function readHeader(ds: DataSet, file: string): SliceHeader {
  const pixelRepresentation = ds.uint16('x00280103') ?? 0;
  const bitsAllocated = ds.uint16('x00280100') ?? 0;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const signed = pixelRepresentation === 1;
  const ps = nums(ds, 'x00280030', 2) ?? nums(ds, 'x00181164', 2);
  const ipp = nums(ds, 'x00200032', 3);
  const iop = nums(ds, 'x00200037', 6);
  const hasSlope = ds.elements['x00281053'] !== undefined;
  return {
    file,
    transferSyntax: str(ds, 'x00020010'),
    sopClassUid: str(ds, 'x00080016'),
    sopInstanceUid: str(ds, 'x00080018'),
    seriesUid: str(ds, 'x0020000e'),
    studyUid: str(ds, 'x0020000d'),
    seriesDescription: str(ds, 'x0008103e'),
    studyDescription: str(ds, 'x00081030'),
    seriesNumber: ds.intString('x00200011'),
    modality: str(ds, 'x00080060'),
    manufacturer: str(ds, 'x00080070'),
    model: str(ds, 'x00081090'),
    instanceNumber: ds.intString('x00200013'),
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    photometric: str(ds, 'x00280004'),
    bitsAllocated,
    bitsStored,
    highBit: ds.uint16('x00280102') ?? bitsStored - 1,
    pixelRepresentation,
    numberOfFrames: ds.intString('x00280008') ?? 1,
    pixelSpacing: ps ? [ps[0], ps[1]] : undefined,
    sliceThickness: num(ds, 'x00180050'),
    position: ipp ? [ipp[0], ipp[1], ipp[2]] : undefined,
    orientation: iop ? [iop[0], iop[1], iop[2], iop[3], iop[4], iop[5]] : undefined,
    gantryTilt: num(ds, 'x00181120') ?? 0,
    slope: hasSlope ? (num(ds, 'x00281053') ?? 1) : undefined,
    intercept: ds.elements['x00281052'] !== undefined ? (num(ds, 'x00281052') ?? 0) : undefined,
    rescaleType: str(ds, 'x00281054'),
    paddingValue: pixelValued(ds, 'x00280120', signed),
    paddingRangeLimit: pixelValued(ds, 'x00280121', signed),
    windowCenter: num(ds, 'x00281050'),
    windowWidth: num(ds, 'x00281051'),
    hasPixelData: ds.elements[PIXEL_DATA] !== undefined,
    patientName: (ds.string('x00100010') ?? '').replace(/\^+/g, ' ').trim(),
    patientId: str(ds, 'x00100020'),
    birthDate: str(ds, 'x00100030'),
  };
}
