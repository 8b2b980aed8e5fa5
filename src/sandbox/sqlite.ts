/**
 * The sandbox's SQLite, from one of two drivers with the same surface (what src/sandbox/store.ts
 * uses of better-sqlite3's):
 * - Node's built-in `node:sqlite`, where this Node has it without a flag (22.13 and later): nothing
 *   to install or compile. Node 22 prints an ExperimentalWarning when it loads; users are spared it.
 * - better-sqlite3, an optional dependency, where it has not (Node 20): a native module, compiled at
 *   install time when no prebuilt binary fits.
 * `IC_SUPPORT_SQLITE=node:sqlite|better-sqlite3` forces one (CI runs the sandbox's tests on each).
 * When neither loads, the sandbox says which Node this is, the whole reason and the fix for this
 * kind of install; that is never a damaged database, and never "try again later".
 */
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
import { CliError, ExitCode } from '../errors.js';

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDatabase {
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  /** `PRAGMA <sql>`: the rows it returns. */
  pragma(sql: string): unknown;
  /** `fn` inside BEGIN IMMEDIATE … COMMIT (ROLLBACK when it throws); nested calls join the outer one. */
  transaction<T>(fn: () => T): { immediate(): T };
  close(): unknown;
}

export interface OpenOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
}

/** Either driver, opened as better-sqlite3 is: `new Sqlite(file, options)`. */
export type SqliteModule = (new (file: string, options?: OpenOptions) => SqliteDatabase) & { driver: Driver };

export type Driver = 'node:sqlite' | 'better-sqlite3';

export class SqliteUnavailableError extends CliError {
  constructor(message: string, hint: string) {
    super(message, ExitCode.notInstalled, hint);
    this.name = 'SqliteUnavailableError';
  }
}

// --- node:sqlite

/** The subset of node:sqlite's DatabaseSync used here (its types are not in @types/node 20). */
interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}
interface NodeSqlite {
  DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => DatabaseSync;
}

/**
 * node:sqlite where this Node has it unflagged, else undefined. Synchronous, so that the
 * ExperimentalWarning Node 22 emits on the first load is filtered out exactly while it loads, and
 * no other warning is touched.
 */
function builtinSqlite(): NodeSqlite | undefined {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltin !== 'function') return undefined;
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if ((type === 'ExperimentalWarning' || (warning as Error).name === 'ExperimentalWarning') && /SQLite/.test(text))
      return;
    (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return getBuiltin.call(process, 'node:sqlite') as NodeSqlite | undefined;
  } catch {
    return undefined;
  } finally {
    process.emitWarning = emit;
  }
}

/** node:sqlite's DatabaseSync with better-sqlite3's surface, as far as the sandbox uses it. */
function nodeSqliteModule(sqlite: NodeSqlite): SqliteModule {
  class NodeSqliteDatabase implements SqliteDatabase {
    private readonly db: DatabaseSync;
    private isOpen = true;
    private depth = 0;

    constructor(file: string, options: OpenOptions = {}) {
      if (options.fileMustExist && file !== ':memory:') realpathSync(file); // ENOENT, as better-sqlite3 fails
      this.db = new sqlite.DatabaseSync(file, options.readonly ? { readOnly: true } : {});
    }

    get open(): boolean {
      return this.isOpen;
    }

    prepare(sql: string): SqliteStatement {
      return this.db.prepare(sql);
    }

    exec(sql: string): this {
      this.db.exec(sql);
      return this;
    }

    pragma(sql: string): unknown[] {
      return this.db.prepare(`PRAGMA ${sql}`).all();
    }

    transaction<T>(fn: () => T): { immediate(): T } {
      return {
        immediate: (): T => {
          // Nested: a savepoint inside the outer transaction, as better-sqlite3 does.
          const name = `ic_support_${this.depth}`;
          this.db.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
          this.depth++;
          try {
            const result = fn();
            this.depth--;
            this.db.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
            return result;
          } catch (e) {
            this.depth--;
            this.db.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
            throw e;
          }
        },
      };
    }

    close(): this {
      this.db.close();
      this.isOpen = false;
      return this;
    }
  }
  return Object.assign(NodeSqliteDatabase, { driver: 'node:sqlite' as const });
}

// --- better-sqlite3

// A dynamic import: the package stays outside the bundle, and a missing one fails here, not at start-up.
const fromNodeModules = (): Promise<unknown> => import('better-sqlite3');

/** better-sqlite3, checked to open a database (its native binding loads on first use, not on import); or why not. */
async function betterSqlite3(load: () => Promise<unknown>): Promise<SqliteModule | { problem: string; abi: boolean }> {
  let Database: new (file: string) => { close(): void };
  try {
    // The CommonJS package's export, whether the loader gives it as is or as an ES module's default.
    const mod = (await load()) as typeof Database | { default: typeof Database };
    Database = typeof mod === 'function' ? mod : mod.default;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND')
      return { problem: 'the package better-sqlite3 is not installed', abi: false };
    return { problem: `the package better-sqlite3 did not load: ${oneLine(e)}`, abi: false };
  }
  try {
    new Database(':memory:').close();
  } catch (e) {
    const message = oneLine(e);
    const abi = /NODE_MODULE_VERSION (\d+)\D+NODE_MODULE_VERSION (\d+)/.exec(message);
    if (abi)
      return {
        problem: `the native module of better-sqlite3 was compiled for another Node.js (NODE_MODULE_VERSION ${abi[1]}; this one needs ${abi[2]}): ${message}`,
        abi: true,
      };
    return { problem: `the native module of better-sqlite3 did not load: ${message}`, abi: false };
  }
  return Object.assign(Database as unknown as SqliteModule, { driver: 'better-sqlite3' as const });
}

/** The whole message of an error on one line (Node's ABI message spans four), capped. */
const oneLine = (e: unknown): string =>
  String((e as Error)?.message ?? e)
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .slice(0, 1000);

// --- which, and why not

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** How better-sqlite3 is loaded (tests give a failing one). */
  load?: () => Promise<unknown>;
  /** node:sqlite, or undefined where this Node lacks it (tests give undefined). */
  builtin?: () => NodeSqlite | undefined;
  /** The running Node, for the message. */
  node?: { version: string; execPath: string };
  /** The file the CLI runs from, for the kind of install (process.argv[1] by default). */
  script?: string | undefined;
}

const cache = new Map<string, SqliteModule>();

/** The SQLite driver for this Node: node:sqlite where it has it, else better-sqlite3; or why neither. */
export async function loadSqlite(options: LoadOptions = {}): Promise<SqliteModule> {
  const env = options.env ?? process.env;
  const forced = env.IC_SUPPORT_SQLITE?.trim() || undefined;
  if (forced !== undefined && forced !== 'node:sqlite' && forced !== 'better-sqlite3')
    throw new CliError(
      `IC_SUPPORT_SQLITE is "${forced}": it names the sandbox's SQLite driver.`,
      ExitCode.usage,
      'Set it to node:sqlite or better-sqlite3, or unset it to let the sandbox choose.',
    );
  const own = options.load === undefined && options.builtin === undefined;
  const key = forced ?? 'auto';
  if (own && cache.has(key)) return cache.get(key)!;
  const node = options.node ?? { version: process.version, execPath: process.execPath };

  let builtinProblem: string | undefined;
  if (forced !== 'better-sqlite3') {
    const sqlite = (options.builtin ?? builtinSqlite)();
    if (sqlite) {
      const mod = nodeSqliteModule(sqlite);
      if (own) cache.set(key, mod);
      return mod;
    }
    builtinProblem = `this Node has no built-in node:sqlite (Node.js 22.13 and later have it)`;
  }
  let found: { problem: string; abi: boolean } | undefined;
  if (forced !== 'node:sqlite') {
    const loaded = await betterSqlite3(options.load ?? fromNodeModules);
    if (typeof loaded === 'function') {
      if (own) cache.set(key, loaded);
      return loaded;
    }
    found = loaded;
  }
  const reasons = [builtinProblem, found?.problem].filter((r): r is string => r !== undefined);
  throw new SqliteUnavailableError(
    `The sandbox needs SQLite, and this Node.js ${node.version} (${node.execPath}) has none that loads: ${reasons.join('; and ')}.${forced ? ` (IC_SUPPORT_SQLITE=${forced} chose the driver.)` : ''}`,
    fixFor(found, options.script ?? process.argv[1]),
  );
}

/**
 * How to fix it, for the kind of install the CLI runs from: a newer Node always works; otherwise
 * better-sqlite3 built for this Node, where it was installed (globally, in a project, a checkout).
 */
function fixFor(found: { problem: string; abi: boolean } | undefined, script: string | undefined): string {
  const newer = 'Run it with Node.js 22.13 or newer (24 LTS), whose built-in SQLite needs nothing installed';
  let where: 'global' | 'project' | 'checkout' = 'checkout';
  try {
    const real = script ? realpathSync(script) : '';
    if (real.includes(`${sep}node_modules${sep}ic-support${sep}`))
      where = /[\\/]lib[\\/]node_modules[\\/]ic-support[\\/]|[\\/]npm[\\/]node_modules[\\/]ic-support[\\/]/.test(real)
        ? 'global'
        : 'project';
  } catch {
    // Not found: say what fits a checkout, the commonest way to run the sandbox.
  }
  const compiler = 'it compiles a native module when no prebuilt binary fits: Python 3, make and a C++ compiler';
  const missing = found === undefined || /not installed/.test(found.problem);
  const rebuild = {
    global: missing ? 'npm install --global ic-support' : 'npm rebuild --global better-sqlite3',
    project: missing
      ? 'npm install better-sqlite3 (in the project that has ic-support)'
      : 'npm rebuild better-sqlite3 (in the project that has ic-support)',
    checkout: missing ? 'npm install (in the checkout)' : 'npm rebuild better-sqlite3 (in the checkout)',
  }[where];
  return `${newer}; or, on this Node, ${missing ? 'install' : 'rebuild'} better-sqlite3 for it: ${rebuild} (${compiler}).`;
}
