// Stands in for chalk in the CLI's own code (src/io/style.ts), which asks for it only when color
// is on. chalk asks node:tty about both streams as it loads (and node:tty loads node:net): a few
// milliseconds of every command that prints without color (a pipe, a file, NO_COLOR).
'use strict';
let real;
Object.defineProperty(module.exports, 'Chalk', { enumerable: true, get: () => (real ??= require('chalk')).Chalk });
