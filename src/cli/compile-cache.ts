/**
 * A V8 code cache for the built CLI's chunks, as v8-compile-cache keeps one for CommonJS (Node 20
 * has no module.enableCompileCache). Compiling the chunks a command loads is most of its start-up
 * (undici, zod and commander are large); with the cache, V8 reads back what it compiled last time
 * instead of parsing them again. One file per chunk in <state dir>/cache/v8/; a chunk's name holds
 * the hash of its content, so a new build never reads an old cache, and V8 itself rejects a cache
 * made by another Node or with other V8 flags (it is then written again).
 *
 * Each cache is made right after its chunk's top-level code ran, not at exit: the portal client
 * turns on V8's baseline-only WebAssembly compiler before its first request, and a cache made after
 * a flag changed is rejected by every later run that loads the chunk before it changes. A chunk
 * loaded after that change has a cache of its own (<chunk>.<flags>.bin, ./v8-flags.ts).
 *
 * Best effort throughout: without a state folder, or one that cannot be written or that another
 * user could write, nothing is cached and nothing is reported. The state folder is never created
 * for it.
 */
import vm from 'node:vm';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { trustProblem } from '../config/trust.js';
import { v8FlagsTag } from './v8-flags.js';

interface CompilingModule {
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

interface ModuleInternals {
  new (id: string, parent: CompilingModule): CompilingModule;
  prototype: CompilingModule;
  wrap(source: string): string;
  _resolveFilename(request: string, parent: CompilingModule, isMain: boolean, options?: { paths?: string[] }): string;
  _nodeModulePaths(dir: string): string[];
  _cache: Record<string, CompilingModule | undefined>;
  _extensions: unknown;
}

/**
 * Compiles every CommonJS file under `chunksDir` with a code cache kept in `stateRoot`/cache/v8
 * (when that folder exists), and loads a chunk's sibling chunks directly: their names are known,
 * so Node's search for a module (a stat and a realpath of every folder on the way, per chunk) is
 * not needed.
 */
export function useCompileCache(chunksDir: string, stateRoot: string): void {
  const cacheDir = join(stateRoot, 'cache', 'v8');
  // A code cache is compiled code: it is read only from folders no other user can write
  // (src/config/trust.ts), as the settings are.
  const trusted = existsSync(stateRoot) && [stateRoot, join(stateRoot, 'cache'), cacheDir].every((d) => !trustProblem(d, 'folder'));
  const dir = trusted ? cacheDir : undefined;
  // The module system's class, from this (CommonJS) module: importing node:module would load
  // Node's ES module loader as well, for nothing.
  const M = module.constructor as unknown as ModuleInternals;
  const original = M.prototype._compile;
  const fresh: [string, Buffer][] = [];
  const prefix = join(chunksDir, '/');

  const loadChunk = (parent: CompilingModule, file: string): unknown => {
    const known = M._cache[file];
    if (known) return known.exports;
    const m = new M(file, parent);
    m.filename = file;
    m.paths = M._nodeModulePaths(chunksDir);
    M._cache[file] = m;
    try {
      m._compile(readFileSync(file, 'utf8'), file);
    } catch (e) {
      delete M._cache[file];
      throw e;
    }
    m.loaded = true;
    return m.exports;
  };

  M.prototype._compile = function compileWithCache(this: CompilingModule, content: string, filename: string): unknown {
    if (!filename.startsWith(prefix)) return original.call(this, content, filename);
    const flags = v8FlagsTag();
    const file = dir ? join(dir, `${basename(filename)}${flags ? `.${flags}` : ''}.bin`) : undefined;
    let cachedData: Buffer | undefined;
    try {
      cachedData = file ? readFileSync(file) : undefined;
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(M.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    const here = dirname(filename);
    const chunkRequire = Object.assign((id: string) => (id.startsWith('./') && id.endsWith('.js') ? loadChunk(this, join(here, id)) : this.require(id)), {
      resolve: (request: string, options?: { paths?: string[] }) => M._resolveFilename(request, this, false, options),
      main: require.main,
      cache: M._cache,
      extensions: M._extensions,
    });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const result = wrapper.call(this.exports, this.exports, chunkRequire, this, filename, here);
    if (file && (!cachedData || script.cachedDataRejected)) fresh.push([file, script.createCachedData()]);
    return result;
  };

  let saved = false;
  process.on('beforeExit', () => {
    if (saved || fresh.length === 0 || !dir) return;
    saved = true;
    void save(dir, chunksDir, fresh.splice(0));
  });
}

async function save(dir: string, chunksDir: string, files: [string, Buffer][]): Promise<void> {
  try {
    const { writeCacheFileAtomic } = await import('../state/atomic.js');
    for (const [file, data] of files) writeCacheFileAtomic(file, data);
    // The caches of chunks that no longer exist (an older build) go.
    const chunks = new Set(readdirSync(chunksDir));
    for (const f of readdirSync(dir)) if (f.endsWith('.bin') && !chunks.has(f.slice(0, f.indexOf('.js.') + 3))) rmSync(join(dir, f), { force: true });
  } catch {
    // A cache is an optimisation: a folder that cannot be written only means no cache.
  }
}
