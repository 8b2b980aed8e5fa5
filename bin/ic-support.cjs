#!/usr/bin/env node
// The executable: hands every argument to the CLI (dist/cli.js), which parses all of them with
// one command tree.
'use strict';
let cli;
try {
  cli = require('../dist/cli.js');
} catch (e) {
  process.stderr.write(`ic-support is not built: ${e.message}\nRun: npm run build (or reinstall)\n`);
  process.exitCode = 1;
}
// The version is written into the build: no package.json to read at every start.
if (cli) cli.main(process.argv.slice(2));
