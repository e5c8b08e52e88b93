/**
 * Every function a pool worker can run, by name. A job takes one structured-cloneable
 * input (SharedArrayBuffers are shared, not copied) and returns a cloneable result.
 * Add a module's jobs here; the worker entry and the pool's types both read this map.
 */
import { pingJobs } from './ping-jobs';
import { dicomJobs } from '../scan/dicom/decode-jobs';
import { prepareJobs } from '../prepare/jobs';
import { exportJobs } from '../export/encode-job';

export const jobs = {
  ...pingJobs,
  ...dicomJobs,
  ...prepareJobs,
  ...exportJobs,
};

export type Jobs = typeof jobs;
export type JobKind = keyof Jobs;
export type JobInput<K extends JobKind> = Parameters<Jobs[K]>[0];
export type JobOutput<K extends JobKind> = Awaited<ReturnType<Jobs[K]>>;
