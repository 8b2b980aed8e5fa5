// Test-only, for the Windows tier under Wine (scripts/ci/windows-tier.mjs), preloaded with
// `node.exe --require`: Wine 8 lacks the keep-alive ioctl, so socket.setKeepAlive(true, delay) makes
// the connection fail with "connect UNKNOWN", and undici sets it on every socket. Real Windows has
// it; this is never part of the product.
'use strict';
require('node:net').Socket.prototype.setKeepAlive = function () {
  return this;
};
