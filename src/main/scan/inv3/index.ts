import type { Volume } from '../../../shared/volume';
import type { ReadOptions } from '../read-options';
import { ScanError } from '../errors';

/** Placeholder until the .inv3 reader lands. */
export async function readInv3(file: string, _opts: ReadOptions = {}): Promise<Volume> {
  throw new ScanError(file, '.inv3 reading is not implemented yet');
}
