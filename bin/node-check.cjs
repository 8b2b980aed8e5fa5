// Which Node.js versions ic-support runs on, checked by bin/ic-support.cjs before it loads
// anything else: an older Node would fail later with a message about some function it lacks
// (styleText, a syntax error in a bundled package), or half-work. It is the same range as
// package.json's engines.node (a test compares the two), the intersection of the bundled
// packages' own: undici 7 needs 20.18.1; @inquirer/prompts 8.7 ^20.17 || ^22.13 || >=23.5.
//
// Written to parse and run on any Node, however old: `var`, no arrow functions, no template
// strings, no optional chaining. Keep it so.
'use strict';

// [major, lowest minor, lowest patch] per line; a major above the last runs if it is at least its .0.0.
var LOWEST = [
  [20, 18, 1],
  [22, 13, 0],
  [23, 5, 0],
];
var RANGE = '^20.18.1 || ^22.13.0 || >=23.5.0';

function parse(version) {
  var parts = String(version).replace(/^v/, '').split('.');
  return [parseInt(parts[0], 10) || 0, parseInt(parts[1], 10) || 0, parseInt(parts[2], 10) || 0];
}

function atLeast(v, low) {
  if (v[0] !== low[0]) return v[0] > low[0];
  if (v[1] !== low[1]) return v[1] > low[1];
  return v[2] >= low[2];
}

/** True when ic-support runs on this Node version ("20.18.1" or "v20.18.1"). */
function supported(version) {
  var v = parse(version);
  var last = LOWEST[LOWEST.length - 1];
  if (v[0] > last[0]) return true;
  for (var i = 0; i < LOWEST.length; i++) if (v[0] === LOWEST[i][0]) return atLeast(v, LOWEST[i]);
  return false;
}

/** What to tell someone on an unsupported Node: the version needed and how to get it. */
function refusal(version, execPath) {
  var v = parse(version);
  var line = LOWEST[0][0] <= v[0] && v[0] <= 22 && v[0] % 2 === 0 ? v[0] : 0;
  var update = '';
  for (var i = 0; i < LOWEST.length; i++)
    if (LOWEST[i][0] === line) update = ' (or update this Node ' + line + ' to ' + LOWEST[i].join('.') + ' or later)';
  return (
    'ic-support needs Node.js 20.18.1 or later on Node 20, 22.13.0 or later on Node 22, or 23.5.0 and later (Node 24 LTS);' +
    ' this is Node.js ' +
    String(version).replace(/^v/, '') +
    (execPath ? ' (' + execPath + ')' : '') +
    '.\n' +
    'Install Node.js 24 LTS or 22 LTS' +
    update +
    ": https://nodejs.org/en/download, your system's package manager, or a version manager (nvm install 24)," +
    ' then run ic-support again.\n'
  );
}

module.exports = { supported: supported, refusal: refusal, RANGE: RANGE };
