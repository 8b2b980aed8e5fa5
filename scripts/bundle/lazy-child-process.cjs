// Stands in for node:child_process in commander, which requires it when it loads but uses it only
// to run executable sub-commands, which ic-support has none of. Loading it pulls in net, dgram and
// the stream classes: a few milliseconds of every start-up, --version included. Used, it loads.
'use strict';
for (const name of ['spawn', 'execFile', 'exec', 'fork', 'spawnSync', 'execFileSync', 'execSync']) {
  Object.defineProperty(module.exports, name, { enumerable: true, get: () => require('node:child_process')[name] });
}
