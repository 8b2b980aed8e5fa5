/** Reads the sandbox's SQLite database directly: the ground truth for "filed exactly once". */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { createServer } from 'node:net';

export function subjectCounts(dataDir: string, like: string): Map<string, number> {
  const db = new Database(join(dataDir, 'sandbox.db'), { readonly: true, fileMustExist: true });
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
  const db = new Database(join(dataDir, 'sandbox.db'), { readonly: true, fileMustExist: true });
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
