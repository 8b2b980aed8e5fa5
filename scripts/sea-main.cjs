// The main script of the one-file executables (scripts/release.mjs): the npm install's build (dist/,
// scripts/build.mjs) travels inside the executable as SEA assets, one per file, and is loaded as the
// npm install loads it from files: dist/cli.js and what it requires first, then only the chunks the
// command needs, compiled with a V8 code cache kept in the user's cache folder
// (src/cli/compile-cache.ts). One bundle of the whole CLI was parsed whole at every start: 3× `node
// -e 0` for `--version` (docs/performance.md, issue 28).
//
// Plain CommonJS: a SEA main script gets a `require` of Node's built-in modules only, so the build's
// own files are compiled here, each with a `require` that finds its siblings among the assets.
'use strict';
const { getAsset } = require('node:sea');
const { dirname, join, relative, sep } = require('node:path');
const vm = require('node:vm');

const Module = module.constructor;
// Where the build's files would be: a folder beside the executable that does not exist (the names
// only key the module cache and the code cache, and appear in a stack trace).
const root = join(dirname(process.execPath), 'ic-support-dist');
const chunksDir = join(root, 'chunks');
const assetName = (file) => relative(root, file).split(sep).join('/');
const original = Module.prototype._compile;

function load(file, parent) {
  const known = Module._cache[file];
  if (known) return known.exports;
  const m = new Module(file, parent);
  m.filename = file;
  m.paths = [];
  Module._cache[file] = m;
  try {
    const code = getAsset(assetName(file), 'utf8');
    // Once src/cli/compile-cache.ts has hooked compiling, a chunk is compiled by it (code cache).
    if (file.startsWith(chunksDir + sep) && Module.prototype._compile !== original) m._compile(code, file);
    else {
      const here = dirname(file);
      const run = vm.compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], {
        filename: file,
      });
      const req = (id) => (id.startsWith('./') ? load(join(here, id), m) : m.require(id));
      run.call(m.exports, m.exports, req, m, file, here);
    }
  } catch (e) {
    delete Module._cache[file];
    throw e;
  }
  m.loaded = true;
  return m.exports;
}

const chunks = {
  read: (file) => getAsset(assetName(file), 'utf8'),
  // Written by scripts/release.mjs (sea.getAssetKeys() is newer than some Node 22 releases).
  names: () => JSON.parse(getAsset('chunk-names.json', 'utf8')),
  folder: 'v8-executable',
};
// In an executable process.argv[1] is the executable again: the arguments start at argv[2].
void load(join(root, 'cli.js'), module).main(process.argv.slice(2), chunks);
