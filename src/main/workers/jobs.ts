/**
 * Every function a pool worker can run, by name. A job takes one structured-cloneable input
 * (SharedArrayBuffers are shared, not copied) and returns a cloneable result.
 *
 * Jobs are registered by module and loaded lazily: a worker imports a module on the first job
 * that needs it, so a thread that only prepares volumes never loads the DICOM codecs. To add
 * jobs: one `lazyJobModule` line for a new module, and its job names in `jobs` (a name the
 * module does not export fails to compile; test/unit/workers checks none is forgotten).
 * The worker entry and the pool's types both read this map.
 */
import { lazyJobModule, type JobFnOf } from './job-registry';

const ping = lazyJobModule('ping', () => import('./ping-jobs').then((m) => m.pingJobs));
const dicom = lazyJobModule('dicom', () => import('../scan/dicom/decode-jobs').then((m) => m.dicomJobs));
const prepare = lazyJobModule('prepare', () => import('../prepare/jobs').then((m) => m.prepareJobs));
const hash = lazyJobModule('hash', () => import('../prepare/hash-job').then((m) => m.hashJobs));
const exportEncode = lazyJobModule('export', () => import('../export/encode-job').then((m) => m.exportJobs));

export const jobs = {
  ...ping.jobs('ping', 'spin', 'workerModules'),
  ...dicom.jobs('dicomHeaders', 'dicomDecode'),
  ...prepare.jobs(
    'prepResampleXY',
    'prepResampleZ',
    'prepResampleZTexels',
    'prepQuantize',
    'prepQuantizeF16Histogram',
    'prepMaskThreshold',
    'prepHistogramDirect',
    'prepHistogramBinned',
    'prepMinMax',
  ),
  ...hash.jobs('prepSha256'),
  ...exportEncode.jobs('exportEncodeSlab'),
};

export type Jobs = typeof jobs;
export type JobKind = keyof Jobs;
export type JobInput<K extends JobKind> = Parameters<JobFnOf<Jobs[K]>>[0];
export type JobOutput<K extends JobKind> = Awaited<ReturnType<JobFnOf<Jobs[K]>>>;
