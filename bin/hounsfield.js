#!/usr/bin/env node
// Thin launcher: the CLI is built with the main process (npm run build) into out/main/cli.js.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('hounsfield: not built yet; run `npm run build` first\n');
  process.exit(1);
}
require(cli);
