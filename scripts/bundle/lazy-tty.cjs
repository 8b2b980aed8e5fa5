// Stands in for node:tty in chalk (its supports-color), which imports it as it loads but asks it
// (isatty) only when chalk is first used. The build's chunk of chalk requires its imports at the
// top, so the stand-in keeps node:tty, and the node:net it loads (~2 ms), out of every command
// that prints without color. Used, it loads.
'use strict';
for (const name of ['isatty', 'ReadStream', 'WriteStream']) {
  Object.defineProperty(module.exports, name, { enumerable: true, get: () => require('node:tty')[name] });
}
