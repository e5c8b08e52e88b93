/**
 * dicom-parser, imported so it works everywhere we run: it is a UMD bundle, so under Node ESM
 * (vitest) only a default export exists, while CJS (the build, tsx workers) gives the object
 * itself. Its named-export typings are kept.
 */
import * as namespace from 'dicom-parser';

type DicomParser = typeof namespace;
export const dicomParser: DicomParser = (namespace as unknown as { default?: DicomParser }).default ?? namespace;
export type { DataSet, Element } from 'dicom-parser';
