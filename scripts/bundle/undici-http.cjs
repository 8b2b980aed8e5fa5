// Stands in for node:http inside undici's part of the bundle. undici's client reads two things
// from it when it loads, and loading node:http (with its server, agent and parser modules) cost
// ~2 ms of every portal command's start-up for them:
// - maxHeaderSize, the default cap on a response's headers: the portal client always sets its own
//   (src/portal/dispatcher.ts), so this default is never used;
// - IncomingMessage, to detach a server-side request's socket when undici destroys one used as a
//   request body: the CLI's bodies are strings, buffers and file streams, never a server's request.
'use strict';
module.exports = {
  maxHeaderSize: 16 * 1024,
  IncomingMessage: class IncomingMessageNotLoaded {},
};
