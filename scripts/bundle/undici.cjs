// What the CLI's bundle takes from undici, required from undici's own files instead of its
// index.js. The index loads every part of undici at once — fetch, WebSocket, the cache stores,
// the mock agents, HTTP/2 — and on this machine that was over half of a portal command's start
// (docs/performance.md). The build checks that every name src/ imports from 'undici' is here;
// tests run against the whole package.
'use strict';
const Dispatcher = require('undici/lib/dispatcher/dispatcher');
const api = require('undici/lib/api');
const util = require('undici/lib/core/util');
const errors = require('undici/lib/core/errors');

Object.assign(Dispatcher.prototype, api);

/** undici's `request(url, options)` for the form the client uses: always with its dispatcher. */
function request(url, opts) {
  if (!opts || !opts.dispatcher)
    throw new errors.InvalidArgumentError('request() needs options.dispatcher in this build');
  const u = util.parseURL(url);
  return opts.dispatcher.request({
    ...opts,
    origin: u.origin,
    path: u.search ? `${u.pathname}${u.search}` : u.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET'),
  });
}

module.exports = {
  Agent: require('undici/lib/dispatcher/agent'),
  EnvHttpProxyAgent: require('undici/lib/dispatcher/env-http-proxy-agent'),
  Dispatcher,
  errors,
  request,
};
