/**
 * Loading better-sqlite3, an optional dependency: only the sandbox needs it, and it compiles a
 * native module that some machines cannot build. When it is missing or its native part does not
 * load, the sandbox says so and how to fix it; that is never a damaged database.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { CliError, ExitCode } from '../errors.js';

export type SqliteModule = typeof BetterSqlite3;

export class SqliteUnavailableError extends CliError {
  constructor(reason: string) {
    super(
      `The sandbox needs the package better-sqlite3, which could not be loaded (${reason}).`,
      ExitCode.unavailable,
      'Install it beside ic-support: npm install better-sqlite3 (it builds a native module: that needs Python, make and a C++ compiler when no prebuilt binary fits this Node version).',
    );
    this.name = 'SqliteUnavailableError';
  }
}

// A dynamic import: the package stays outside the bundle, and a missing one fails here, not at start-up.
const fromNodeModules = (): Promise<unknown> => import('better-sqlite3');

let loaded: SqliteModule | undefined;

/** better-sqlite3, checked to open a database (its native binding loads on first use, not on import). */
export async function loadSqlite(load: () => Promise<unknown> = fromNodeModules): Promise<SqliteModule> {
  if (loaded && load === fromNodeModules) return loaded;
  let Database: SqliteModule;
  try {
    // The CommonJS package's export, whether the loader gives it as is or as an ES module's default.
    const mod = (await load()) as SqliteModule | { default: SqliteModule };
    Database = typeof mod === 'function' ? mod : mod.default;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SqliteUnavailableError(
      code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND' ? 'it is not installed' : firstLine(e),
    );
  }
  try {
    new Database(':memory:').close();
  } catch (e) {
    throw new SqliteUnavailableError(`its native module did not load: ${firstLine(e)}`);
  }
  if (load === fromNodeModules) loaded = Database;
  return Database;
}

const firstLine = (e: unknown): string =>
  String((e as Error)?.message ?? e)
    .split('\n')[0]!
    .slice(0, 300);
