// Test/dev bootstrap: lets a worker thread run the TypeScript worker entry straight from source.
// Production never uses this file (the built out/main/worker.js is plain JavaScript).
//
// tsx's CommonJS hook compiles each .ts file to CJS but leaves `import('./x')` to Node's ESM
// loader, which cannot resolve extensionless TypeScript paths. The job registry loads its modules
// that way (the build turns each into a lazily required chunk), so under tsx we turn a relative
// dynamic import of our own sources into the same lazy `require`. (tsx's ESM hooks would also
// do, but they run a loader thread per worker: ~200 ms more per test worker.)
const Module = require('node:module');
const path = require('node:path');

const sources = path.resolve(__dirname, '..', '..') + path.sep; // src/
const compile = Module.prototype._compile;
Module.prototype._compile = function (code, filename) {
  if (filename.startsWith(sources) && filename.endsWith('.ts')) {
    code = code.replace(/\bimport\((["']\.{1,2}\/[^"']+["'])\)/g, 'Promise.resolve().then(() => require($1))');
  }
  return compile.call(this, code, filename);
};

require('tsx/cjs/api').register();
require(require('node:worker_threads').workerData.entry);
