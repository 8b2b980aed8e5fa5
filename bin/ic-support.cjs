#!/usr/bin/env node
// The executable: checks that this Node can run ic-support (bin/node-check.cjs, before anything
// else is loaded: it must parse on any old Node, so plain old syntax here too), then hands every
// argument to the CLI (dist/cli.js), which parses all of them with one command tree.
'use strict';
var check = require('./node-check.cjs');
var cli;
if (!check.supported(process.versions.node)) {
  process.stderr.write(check.refusal(process.versions.node, process.execPath));
  // 2: usage (README's exit codes): the command cannot run as asked, and trying again will not help.
  process.exitCode = 2;
} else {
  try {
    cli = require('../dist/cli.js');
  } catch (e) {
    process.stderr.write('ic-support is not built: ' + e.message + '\nRun: npm run build (or reinstall)\n');
    process.exitCode = 1;
  }
}
// The version is written into the build: no package.json to read at every start.
if (cli) cli.main(process.argv.slice(2));
