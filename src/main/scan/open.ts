/**
 * The one entry point that turns what the user gave (a file, a folder, several DICOM files)
 * into a Volume, whatever the format. Used by the app, the CLI and the export.
 */
import type { Volume } from '../../shared/volume';
import type { ReadOptions } from './read-options';
import { ScanError } from './errors';
import { sniff } from './sniff';
import { readInv3 } from './inv3';
import { readDicom } from './dicom';
import { readNifti } from './nifti';

export type { ReadOptions };

export async function openScan(paths: string | string[], opts: ReadOptions = {}): Promise<Volume> {
  const list = Array.isArray(paths) ? paths : [paths];
  if (list.length === 0) throw new ScanError('(nothing)', 'no file given');
  if (list.length > 1) return readDicom(list, opts); // several files or folders: a DICOM selection
  const file = list[0];
  const what = await sniff(file);
  switch (what.kind) {
    case 'inv3':
      return readInv3(file, opts);
    case 'nifti':
      return readNifti(file, opts);
    case 'dicom':
    case 'dicom-folder':
      return readDicom([file], opts);
  }
}
