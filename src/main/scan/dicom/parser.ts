/**
 * dicom-parser, imported so it works everywhere we run: it is a UMD bundle, so under Node ESM
 * (vitest) only a default export exists, while CJS (the build, tsx workers) gives the object
 * itself. Its named-export typings are kept.
 */
import * as namespace from 'dicom-parser';

type DicomParser = typeof namespace;
export const dicomParser: DicomParser = (namespace as unknown as { default?: DicomParser }).default ?? namespace;
export type { DataSet, Element } from 'dicom-parser';

/**
 * A one-line text for whatever was thrown: dicom-parser throws strings or `{ exception }`
 * objects, the wasm codecs throw bare numbers (C++ exception pointers).
 */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n')[0];
  if (typeof e === 'string') return e.split('\n')[0];
  if (e && typeof e === 'object' && 'exception' in e) return errorText((e as { exception: unknown }).exception);
  if (typeof e === 'number') return 'the codec reported a corrupt codestream';
  return String(e);
}
