/**
 * Test-only stand-in reader: the uncompressed Philips DICOM folder → Volume, with
 * dicom-parser, so the export's codec and packing are tested on real CT voxels on their own.
 * (The end-to-end tests use openScan.) 28 slices, Explicit VR LE, slope 1, intercept −1024.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { diagonalAffine, type Volume } from '../../../src/shared/volume';

export interface DicomFacts {
  patientName: string;
  patientId: string;
}

export function loadDicomFolder(dir: string): { volume: Volume; facts: DicomFacts } {
  const slices: { z: number; hu: Int16Array }[] = [];
  let facts: DicomFacts = { patientName: '', patientId: '' };
  let rows = 0;
  let cols = 0;
  let pixel: [number, number] = [1, 1];
  let origin: [number, number, number] = [0, 0, 0];
  for (const name of readdirSync(dir).sort()) {
    const bytes = new Uint8Array(readFileSync(path.join(dir, name)));
    const ds = dicomParser.parseDicom(bytes);
    const el = ds.elements.x7fe00010;
    if (!el) continue; // DIRFILE
    rows = ds.uint16('x00280010') ?? 0;
    cols = ds.uint16('x00280011') ?? 0;
    const ipp = (ds.string('x00200032') ?? '0\\0\\0').split('\\').map(Number) as [number, number, number];
    pixel = (ds.string('x00280030') ?? '1\\1').split('\\').map(Number) as [number, number];
    const slope = Number(ds.string('x00281053') ?? 1);
    const intercept = Number(ds.string('x00281052') ?? 0);
    const raw = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + el.dataOffset, bytes.byteOffset + el.dataOffset + el.length));
    const hu = new Int16Array(raw.length);
    for (let i = 0; i < raw.length; i++) hu[i] = raw[i] * slope + intercept;
    slices.push({ z: ipp[2], hu });
    if (slices.length === 1) origin = ipp;
    facts = { patientName: ds.string('x00100010') ?? '', patientId: ds.string('x00100020') ?? '' };
  }
  slices.sort((a, b) => a.z - b.z);
  origin = [origin[0], origin[1], slices[0].z];
  const gap = (slices[slices.length - 1].z - slices[0].z) / (slices.length - 1);
  const data = new Int16Array(new SharedArrayBuffer(slices.length * rows * cols * 2));
  slices.forEach((s, k) => data.set(s.hu, k * rows * cols));
  const spacing: [number, number, number] = [pixel[1], pixel[0], gap];
  const volume: Volume = {
    data,
    dtype: 'int16',
    shape: [slices.length, rows, cols],
    spacing,
    voxelToPatient: diagonalAffine(spacing, origin),
    window: { level: 40, width: 80 },
    meta: {
      name: facts.patientName,
      modality: 'CT',
      sourceFormat: 'dicom',
      sourcePath: dir,
      isHU: true,
      identity: { patientName: facts.patientName, patientId: facts.patientId },
      warnings: [],
    },
    masks: [],
    surfaces: [],
    measurements: [],
  };
  return { volume, facts };
}
