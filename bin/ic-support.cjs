#!/usr/bin/env node
// The executable. CommonJS on purpose: it starts faster than an ES module, and it answers the two
// things people run most without loading the CLI at all: `--version`, and the top-level `--help`
// (written into dist/root-help.txt by the build from the real command tree; a test keeps them
// equal). The catalog commands go to dist/fast.js; everything else to the built CLI in dist/.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const version = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
const args = process.argv.slice(2);
const only = args.length === 1 ? args[0] : undefined;

function rootHelp() {
  // The stored text is wrapped for 80 columns: narrower terminals get it from commander instead.
  const cols = process.stdout.isTTY ? process.stdout.columns || 80 : 80;
  if (cols < 80) return undefined;
  try {
    return readFileSync(join(__dirname, '..', 'dist', 'root-help.txt'), 'utf8');
  } catch {
    return undefined;
  }
}

let text;
if (only === '--version' || only === '-V') text = `${version}\n`;
else if (only === '--help' || only === '-h') text = rootHelp();

const notBuilt = (e) => {
  process.stderr.write(`ic-support is not built: ${e.message}\nRun: npm run build (or reinstall)\n`);
  process.exitCode = 1;
};
const full = () => import('../dist/cli.js').then(({ main }) => main(args, version), notBuilt);

if (text !== undefined) {
  process.stdout.write(text);
} else if (args[0] === 'case' && ['types', 'fields', 'template'].includes(args[1])) {
  // The catalog commands, without the command tree (dist/fast.js); any other shape of them
  // goes to the full CLI.
  import('../dist/fast.js').then(({ fast }) => fast(args, version)).then((done) => (done ? undefined : full()), notBuilt);
} else {
  full();
}
