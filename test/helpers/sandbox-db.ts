/** Reads the sandbox's SQLite database directly: the ground truth for "filed exactly once". */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createServer } from 'node:net';

interface Db {
  prepare(sql: string): { all(...p: unknown[]): unknown[]; run(...p: unknown[]): unknown };
  close(): void;
}

/**
 * The sandbox's database, opened with the driver the sandbox uses on this Node (src/sandbox/sqlite.ts):
 * node:sqlite where this Node has it, unless IC_SUPPORT_SQLITE=better-sqlite3; synchronous, for tests.
 */
export function openSandboxDb(dataDir: string, readonly = true): Db {
  const file = join(dataDir, 'sandbox.db');
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const builtin =
    process.env.IC_SUPPORT_SQLITE !== 'better-sqlite3' && typeof getBuiltin === 'function'
      ? (getBuiltin.call(process, 'node:sqlite') as
          { DatabaseSync: new (f: string, o: { readOnly: boolean }) => Db } | undefined)
      : undefined;
  if (builtin) return new builtin.DatabaseSync(file, { readOnly: readonly });
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    f: string,
    o: { readonly: boolean; fileMustExist: boolean },
  ) => Db;
  return new Database(file, { readonly, fileMustExist: true });
}

export function subjectCounts(dataDir: string, like: string): Map<string, number> {
  const db = openSandboxDb(dataDir);
  try {
    const rows = db
      .prepare('SELECT subject, COUNT(*) AS n FROM cases WHERE subject LIKE ? GROUP BY subject')
      .all(like) as { subject: string; n: number }[];
    return new Map(rows.map((r) => [r.subject, r.n]));
  } finally {
    db.close();
  }
}

export function attachmentRows(dataDir: string, caseNumber: string): { filename: string; size: number }[] {
  const db = openSandboxDb(dataDir);
  try {
    return db
      .prepare(
        'SELECT a.filename, a.size FROM attachments a JOIN cases c ON c.id = a.case_id WHERE c.number = ? ORDER BY a.created_at',
      )
      .all(Number(caseNumber)) as { filename: string; size: number }[];
  } finally {
    db.close();
  }
}

/** A loopback port that was free a moment ago (to restart a sandbox on the same URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
