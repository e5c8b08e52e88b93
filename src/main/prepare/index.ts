/** The prepare pipeline: Volume → PreparedVolume on the worker pool (see prepare.ts). */
export { prepareVolume, prepareVolumeTimed, FORMAT_BYTES, type PrepareOptions, type PrepareResult } from './prepare';
export { createOpener, openAndPrepare, type Opener, type Opened, type OpenRequest, type ReadScan } from './opener';
export { volumeStats, type VolumeStats } from './stats';
export { chooseGrid, DEFAULT_BUDGET_BYTES, DEFAULT_MAX_TEXTURE_SIZE } from './grid';
export type { StageTimings } from './timings';
