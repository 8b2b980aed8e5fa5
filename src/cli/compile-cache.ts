/**
 * A V8 code cache for the built CLI's chunks, as v8-compile-cache keeps one for CommonJS (Node 20
 * has no module.enableCompileCache). Compiling the chunks a command loads is most of its start-up
 * (undici, zod and commander are large); with the cache, V8 reads back what it compiled last time
 * instead of parsing them again. One file per chunk in <cache folder>/v8/; a chunk's name holds
 * the hash of its content, so a new build never reads an old cache, and V8 itself rejects a cache
 * made by another Node or with other V8 flags (it is then written again).
 *
 * Each cache is made at exit, so that it holds the functions the command ran, or just before the
 * V8 flags change if they do: the portal client turns on V8's baseline-only WebAssembly compiler
 * before its first request, and a cache made after a flag changed is rejected by every later run
 * that loads the chunk before it changes. A chunk loaded after that change has a cache of its own
 * (<chunk>.<node version>.<flags>.bin, src/io/v8-flags.ts).
 *
 * Best effort throughout: without a state folder, or one that cannot be written or that another
 * user could write (or could swap: the folders above it are checked too), nothing is cached and
 * nothing is reported; a cache file that is not the user's alone, or is a link, is not read
 * (src/config/trust.ts checks it by the handle it is read from). The state folder is never created
 * for it.
 */
import vm from 'node:vm';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { readTrustedFileSync, trustProblem } from '../config/trust.js';
import { beforeV8FlagsChange, v8FlagsTag } from '../io/v8-flags.js';

/**
 * Where the chunks' code is read from: files beside dist/cli.js (the npm install), or the assets of
 * a one-file executable (scripts/sea-main.cjs). `folder` is the cache's own folder in the cache
 * folder: the executable keeps its caches apart from an npm install's, so that each removes only
 * its own old ones.
 */
export interface ChunkSource {
  read(file: string): string;
  /** The names of every chunk (file names in the chunks folder). */
  names(): string[];
  folder: string;
}

const filesOnDisk = (chunksDir: string): ChunkSource => ({
  read: (file) => readFileSync(file, 'utf8'),
  names: () => readdirSync(chunksDir),
  folder: 'v8',
});

/** Far more than the largest chunk's cache (~3 MB). */
const CACHE_FILE_LIMIT = { bytes: 64 * 1024 * 1024, what: 'a code cache' };

interface CompilingModule {
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

/** A chunk's code as a function, as Node's module wrapper makes of a file. */
type ChunkFunction = (
  this: unknown,
  exports: unknown,
  require: NodeJS.Require,
  module: CompilingModule,
  filename: string,
  dirname: string,
) => void;

/**
 * Node's module wrapper, with one more argument: the function a head chunk calls first to
 * register the chunks it carries (scripts/build.mjs). Its name is one no bundled code uses
 * (a UMD bundle tests `typeof define`).
 */
const WRAPPER = '(function (exports, require, module, __filename, __dirname, __icSupportPack) { ';

interface ModuleInternals {
  new (id: string, parent: CompilingModule): CompilingModule;
  prototype: CompilingModule;
  _resolveFilename(request: string, parent: CompilingModule, isMain: boolean, options?: { paths?: string[] }): string;
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, CompilingModule | undefined>;
  _extensions: unknown;
}

/**
 * Compiles every CommonJS file under `chunksDir` with a code cache kept in `cacheRoot`/v8
 * (src/config/paths.ts: the cache folder), and loads a chunk's sibling chunks directly: their names are known,
 * so Node's search for a module (a stat and a realpath of every folder on the way, per chunk) is
 * not needed.
 */
export function useCompileCache(
  chunksDir: string,
  cacheRoot: string,
  source: ChunkSource = filesOnDisk(chunksDir),
): void {
  const cacheDir = join(cacheRoot, source.folder);
  // A code cache is compiled code: it is read only from folders no other user can write
  // (src/config/trust.ts), as the settings are. The folder the cache folder is in (the state
  // folder with IC_SUPPORT_CONFIG_DIR, ~/.cache on Linux) must exist: it is never created for it.
  const above = dirname(cacheRoot);
  const trusted = existsSync(above) && [above, cacheRoot, cacheDir].every((d) => !trustProblem(d, 'folder'));
  const dir = trusted ? cacheDir : undefined;
  // The module system's class, from this (CommonJS) module: importing node:module would load
  // Node's ES module loader as well, for nothing.
  const M = module.constructor as unknown as ModuleInternals;
  const original = M.prototype._compile;
  // A chunk's cache is made as late as it can be, so that it holds the functions the command
  // ran (V8 compiles a function when first called; a cache made right after the chunk's
  // top-level code holds little more than that): at exit, or just before a V8 flag changes
  // (a cache made after would be rejected by a run that loads the chunk before the change).
  const pending: [string, vm.Script][] = [];
  const fresh: [string, Buffer][] = [];
  const make = (): void => {
    for (const [file, script] of pending.splice(0)) fresh.push([file, script.createCachedData()]);
  };
  beforeV8FlagsChange(make);
  const prefix = join(chunksDir, '/');
  // Where a chunk's require() of a package would search: the same for every chunk.
  const searchPaths = M._nodeModulePaths(chunksDir);

  // The chunks a head chunk carries (scripts/build.mjs, pack): registered when the head is
  // compiled, run when first required, as a file of their own would be.
  const packed = new Map<string, ChunkFunction>();

  const requireFor = (m: CompilingModule, here: string): NodeJS.Require =>
    Object.assign(
      (id: string) =>
        id.startsWith('./') && id.endsWith('.js') ? loadChunk(m, `${here}${sep}${id.slice(2)}`) : m.require(id),
      {
        resolve: (request: string, options?: { paths?: string[] }) => M._resolveFilename(request, m, false, options),
        main: require.main,
        cache: M._cache,
        extensions: M._extensions,
      },
    ) as unknown as NodeJS.Require;

  const loadChunk = (parent: CompilingModule, file: string): unknown => {
    const known = M._cache[file];
    if (known) return known.exports;
    const m = new M(file, parent);
    m.filename = file;
    m.paths = searchPaths;
    M._cache[file] = m;
    try {
      const run = packed.get(file);
      if (run) run.call(m.exports, m.exports, requireFor(m, chunksDir), m, file, chunksDir);
      else m._compile(source.read(file), file);
    } catch (e) {
      delete M._cache[file];
      throw e;
    }
    m.loaded = true;
    return m.exports;
  };

  const register = (chunks: Record<string, ChunkFunction>): void => {
    for (const [name, run] of Object.entries(chunks)) {
      const file = `${chunksDir}${sep}${name}`;
      if (!packed.has(file)) packed.set(file, run);
    }
  };

  M.prototype._compile = function compileWithCache(this: CompilingModule, content: string, filename: string): unknown {
    if (!filename.startsWith(prefix)) return original.call(this, content, filename);
    const flags = v8FlagsTag();
    // The Node version is in the name: V8 checks its own version, not Node's build of it, and two
    // Nodes with the same V8 (20.18.1 and 20.20.2: 11.3.244.8) accepted each other's cache and ran
    // it wrongly ("lines.map(...).join is not a function"; the platform tier found it).
    const file = dir
      ? `${dir}${sep}${filename.slice(prefix.length)}.${process.version}${flags ? `.${flags}` : ''}.bin`
      : undefined;
    let cachedData: Buffer | undefined;
    try {
      // By the handle it is read from: a cache file another user owns or could write, or a link,
      // is never given to V8, even if the folder was swapped since it was checked.
      cachedData = file ? readTrustedFileSync(file, CACHE_FILE_LIMIT, { folderChecked: true }) : undefined;
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(`${WRAPPER}${content}\n});`, { filename, ...(cachedData ? { cachedData } : {}) });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const result = wrapper.call(
      this.exports,
      this.exports,
      requireFor(this, chunksDir),
      this,
      filename,
      chunksDir,
      register,
    );
    if (file && (!cachedData || script.cachedDataRejected)) pending.push([file, script]);
    return result;
  };

  let saved = false;
  process.on('beforeExit', () => {
    make();
    if (saved || fresh.length === 0 || !dir) return;
    saved = true;
    void save(dir, source, fresh.splice(0));
  });
}

async function save(dir: string, source: ChunkSource, files: [string, Buffer][]): Promise<void> {
  try {
    const { writeCacheFileAtomic } = await import('../state/atomic.js');
    for (const [file, data] of files) writeCacheFileAtomic(file, data);
    // The caches of chunks that no longer exist (an older build) go.
    const chunks = new Set(source.names());
    for (const f of readdirSync(dir))
      if (f.endsWith('.bin') && !chunks.has(f.slice(0, f.indexOf('.js.') + 3))) rmSync(join(dir, f), { force: true });
  } catch {
    // A cache is an optimization: a folder that cannot be written only means no cache.
  }
}
