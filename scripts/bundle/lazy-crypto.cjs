// Stands in for node:crypto in the CLI's own code. Loading node:crypto costs ~4–6 ms of CPU here
// (its internal modules and OpenSSL's set-up), and most runs never call it: random names, keys and
// digests are made only when something is written or sent. It loads on the first call of any of
// these; the build checks that src/ imports no other name from it (scripts/build.mjs).
'use strict';
let real;
const crypto = () => (real ??= require('node:crypto'));
for (const name of ['createHash', 'hash', 'randomBytes', 'randomUUID', 'scrypt', 'timingSafeEqual']) {
  Object.defineProperty(module.exports, name, { enumerable: true, value: (...args) => crypto()[name](...args) });
}
