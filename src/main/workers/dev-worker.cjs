// Test/dev bootstrap: lets a worker thread run the TypeScript worker entry straight from source.
// Production never uses this file (the built out/main/worker.js is plain JavaScript).
require('tsx/cjs/api').register();
require(require('node:worker_threads').workerData.entry);
