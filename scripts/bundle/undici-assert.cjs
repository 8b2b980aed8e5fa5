// Stands in for node:assert inside undici's part of the bundle: undici calls it only as
// assert(condition) to check its own invariants, and node:assert's module tree cost ~1 ms of every
// portal command's start-up. A broken invariant still throws an AssertionError-like error.
'use strict';
module.exports = function assert(value, message) {
  if (value) return;
  const e = new Error(message === undefined ? 'The expression evaluated to a falsy value' : String(message));
  e.name = 'AssertionError';
  e.code = 'ERR_ASSERTION';
  throw e;
};
