/**
 * The prepare pipeline: Volume → PreparedVolume on the worker pool (see prepare.ts).
 *
 * Files, by job:
 *   prepare.ts        the pipeline (plan → histogram → resample → quantize → masks/surfaces)
 *   opener.ts         read + prepare, one open at a time (a new open cancels the previous)
 *   streaming.ts      prepare DURING the read: f16 texels + histogram of byte ranges the reader
 *                     reports as final (ReadOptions.onVoxels), used if the grid stays the source's
 *   grid.ts           render-grid choice (budget, texture cap, finest axes first)
 *   geometry.ts       cell convention, render voxelToPatient, the render voxel-mm frame
 *   weights.ts        1-D resampling weights (area averaging; uneven slices)
 *   resample*.ts      the separable x/y/z passes (banded kernels; the z pass can write texels
 *                     directly) and their slab scheduling
 *   (half floats: src/shared/half.ts, shared with the renderer)
 *   quantize*.ts      f16/u8/u16 texels and 0/255 masks; mapping.ts: default code ↔ HU maps
 *   histogram*.ts     1-HU histogram + min/max/mean per slab, merged
 *   stats.ts          min/max/mean/SHA-256 for `hounsfield info`
 *   jobs.ts           the worker jobs; slabs.ts: splitting + running them; shared-memory.ts: SABs
 *   surfaces.ts       surfaces into the render voxel-mm frame; timings.ts: per-stage ms
 */
export { prepareVolume, prepareVolumeTimed, FORMAT_BYTES, type PrepareOptions, type PrepareResult } from './prepare';
export { createOpener, openAndPrepare, type Opener, type Opened, type OpenRequest, type ReadScan } from './opener';
export { volumeStats, type VolumeStats } from './stats';
export { chooseGrid, DEFAULT_BUDGET_BYTES, DEFAULT_MAX_TEXTURE_SIZE } from './grid';
export type { StageTimings } from './timings';
export { createPrepareStream, type PrepareStream, type StreamedPrepare } from './streaming';
