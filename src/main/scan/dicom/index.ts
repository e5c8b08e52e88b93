import type { Volume } from '../../../shared/volume';
import type { ReadOptions } from '../read-options';
import { ScanError } from '../errors';

/** Placeholder until the DICOM reader lands. `paths`: files and/or folders the user gave. */
export async function readDicom(paths: string[], _opts: ReadOptions = {}): Promise<Volume> {
  throw new ScanError(paths[0] ?? '(none)', 'DICOM reading is not implemented yet');
}
