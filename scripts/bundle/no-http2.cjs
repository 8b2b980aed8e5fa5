// Stands in for undici's HTTP/2 client in the bundle: undici requires it (and node:http2, ~10 ms
// of start-up) when it loads, but uses it only for connections made with allowH2, which the
// portal client never sets.
'use strict';
module.exports = function connectH2() {
  throw new Error('HTTP/2 is not part of this build of ic-support (allowH2 must stay off)');
};
