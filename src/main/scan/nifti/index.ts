import type { Volume } from '../../../shared/volume';
import type { ReadOptions } from '../read-options';
import { ScanError } from '../errors';

/** Placeholder until the NIfTI reader lands. */
export async function readNifti(file: string, _opts: ReadOptions = {}): Promise<Volume> {
  throw new ScanError(file, 'NIfTI reading is not implemented yet');
}
