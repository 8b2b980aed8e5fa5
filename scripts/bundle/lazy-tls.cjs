// Stands in for node:tls in the CLI's own code (src/portal/dispatcher.ts), which needs its list of
// root certificates only when a CA file is given. node:tls loads node:crypto as it loads (~8 ms
// together here); a portal on https loads both anyway when it connects, a sandbox on 127.0.0.1
// over http never.
'use strict';
let real;
Object.defineProperty(module.exports, 'rootCertificates', {
  enumerable: true,
  get: () => (real ??= require('node:tls')).rootCertificates,
});
