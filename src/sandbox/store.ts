/**
 * The sandbox's storage: one SQLite file (node:sqlite or better-sqlite3: sqlite.ts; WAL) in the data directory. Every write
 * that must not be lost or repeated (case numbers, idempotency records) happens in one synchronous
 * transaction, so parallel requests serialize here and never share a case number.
 */
import type { SqliteDatabase, SqliteModule, SqliteStatement } from './sqlite.js';
import { formatCaseNumber } from './cursor.js';

export type Role = 'Authorized' | 'Technical' | 'Read Only';

export interface DistrictRow {
  id: string;
  name: string;
}

export interface ContactRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  password_hash: string | null;
  activated: number;
}

export interface CaseRow {
  id: string;
  number: number;
  district_id: string;
  district_name: string;
  contact_id: string;
  contact_name: string;
  case_type: string;
  status: string;
  priority: string;
  subject: string;
  fields_json: string;
  resolution: string | null;
  created_at: string;
  created_by_id: string;
  created_by_name: string;
  modified_at: string;
  modified_by_id: string;
  modified_by_name: string;
  closed_at: string | null;
  closed_by_id: string | null;
  closed_by_name: string | null;
  /** While Pending: the business date the resolution was posted (YYYY-MM-DD). */
  pending_since: string | null;
  /** JSON array of the dates Support followed up on (3x10). */
  follow_ups: string;
  /** The case owner: the first of Infinite Campus to write on the case (the sandbox assigns no one else). */
  owner_id: string | null;
  owner_name: string | null;
}

/** What a comment is, as the portal marks it. */
export type CommentKind = 'comment' | 'escalation' | 'follow-up';

export interface CommentRow {
  id: string;
  case_id: string;
  body: string;
  author_id: string;
  author_name: string;
  from_vendor: number;
  created_at: string;
  kind: CommentKind;
}

export interface AttachmentRow {
  id: string;
  case_id: string;
  filename: string;
  size: number;
  content_type: string;
  created_at: string;
  created_by_id: string;
  created_by_name: string;
}

export interface NotificationRow {
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  status: string;
  state: 'open' | 'closed';
  starts_at: string;
  ends_at: string | null;
  posted_at: string;
}

export interface UpdateRow {
  id: string;
  notification_id: string;
  posted_at: string;
  body: string;
}

export interface MailRow {
  id: string;
  to_email: string;
  kind: 'activation' | 'password-reset';
  subject: string;
  body: string;
  token: string;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS districts (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS contacts (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,
  password_hash TEXT, activated INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS contact_districts (
  contact_id TEXT NOT NULL REFERENCES contacts(id), district_id TEXT NOT NULL REFERENCES districts(id),
  PRIMARY KEY (contact_id, district_id));
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY, contact_id TEXT NOT NULL REFERENCES contacts(id),
  created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE IF NOT EXISTS personal_tokens (
  id TEXT PRIMARY KEY, contact_id TEXT NOT NULL REFERENCES contacts(id), name TEXT NOT NULL,
  scope TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL, revoked_at TEXT, last_used_at TEXT);
CREATE TABLE IF NOT EXISTS one_time_tokens (
  token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, contact_id TEXT NOT NULL REFERENCES contacts(id),
  expires_at TEXT NOT NULL, used_at TEXT);
CREATE TABLE IF NOT EXISTS cases (
  number INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  district_id TEXT NOT NULL REFERENCES districts(id),
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  case_type TEXT NOT NULL, status TEXT NOT NULL, state TEXT NOT NULL, priority TEXT NOT NULL,
  subject TEXT NOT NULL, fields_json TEXT NOT NULL, search TEXT NOT NULL, resolution TEXT,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL REFERENCES contacts(id),
  modified_at TEXT NOT NULL, modified_by TEXT NOT NULL REFERENCES contacts(id), closed_at TEXT);
CREATE INDEX IF NOT EXISTS cases_by_modified ON cases (modified_at DESC, number DESC);
CREATE INDEX IF NOT EXISTS cases_by_district ON cases (district_id, state, modified_at DESC, number DESC);
CREATE TABLE IF NOT EXISTS idempotent_answers (
  contact_id TEXT NOT NULL, key TEXT NOT NULL, scope TEXT NOT NULL, body_hash TEXT NOT NULL,
  status INTEGER NOT NULL, answer TEXT NOT NULL, location TEXT, created_at TEXT NOT NULL,
  PRIMARY KEY (contact_id, key));
CREATE TABLE IF NOT EXISTS comments (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), body TEXT NOT NULL,
  author_id TEXT NOT NULL REFERENCES contacts(id), from_vendor INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS comments_by_case ON comments (case_id, created_at);
CREATE TABLE IF NOT EXISTS attachments (
  id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), filename TEXT NOT NULL, size INTEGER NOT NULL,
  content_type TEXT NOT NULL, created_at TEXT NOT NULL, created_by TEXT NOT NULL REFERENCES contacts(id));
CREATE INDEX IF NOT EXISTS attachments_by_case ON attachments (case_id, created_at);
CREATE TABLE IF NOT EXISTS notifications (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL, state TEXT NOT NULL,
  starts_at TEXT NOT NULL, ends_at TEXT, posted_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notification_updates (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, notification_id TEXT NOT NULL REFERENCES notifications(id),
  posted_at TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS cases_by_status ON cases (status);
CREATE TABLE IF NOT EXISTS mailbox (
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, to_email TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,
  body TEXT NOT NULL, token TEXT NOT NULL, created_at TEXT NOT NULL);
`;

const CASE_SELECT = `
SELECT c.id, c.number, c.district_id, d.name AS district_name, c.contact_id, ct.name AS contact_name,
  c.case_type, c.status, c.priority, c.subject, c.fields_json, c.resolution, c.created_at,
  c.created_by AS created_by_id, cb.name AS created_by_name, c.modified_at, c.modified_by AS modified_by_id,
  mb.name AS modified_by_name, c.closed_at, c.closed_by AS closed_by_id, cl.name AS closed_by_name, c.pending_since, c.follow_ups,
  c.owner_id, ow.name AS owner_name
FROM cases c
JOIN districts d ON d.id = c.district_id
JOIN contacts ct ON ct.id = c.contact_id
JOIN contacts cb ON cb.id = c.created_by
JOIN contacts mb ON mb.id = c.modified_by
LEFT JOIN contacts cl ON cl.id = c.closed_by
LEFT JOIN contacts ow ON ow.id = c.owner_id`;

/** Columns added after the first release: a database made before them gains them on open. */
const ADDED_COLUMNS: Array<[table: string, column: string, ddl: string]> = [
  ['cases', 'closed_by', 'ALTER TABLE cases ADD COLUMN closed_by TEXT REFERENCES contacts(id)'],
  ['cases', 'pending_since', 'ALTER TABLE cases ADD COLUMN pending_since TEXT'],
  ['cases', 'follow_ups', "ALTER TABLE cases ADD COLUMN follow_ups TEXT NOT NULL DEFAULT '[]'"],
  ['comments', 'kind', "ALTER TABLE comments ADD COLUMN kind TEXT NOT NULL DEFAULT 'comment'"],
  ['cases', 'owner_id', 'ALTER TABLE cases ADD COLUMN owner_id TEXT REFERENCES contacts(id)'],
];

/** A change to a case's place in its life (src/sandbox/case-life.ts). */
export interface LifePatch {
  status: string;
  at: string;
  by: string;
  closedAt?: string | null;
  pendingSince?: string | null;
  followUps?: string[];
  resolution?: string;
}

export interface NewCase {
  id: string;
  number?: number;
  districtId: string;
  contactId: string;
  caseType: string;
  status: string;
  priority: string;
  subject: string;
  fields: Record<string, unknown>;
  resolution?: string | null;
  createdAt: string;
  createdBy: string;
  modifiedAt?: string;
  modifiedBy?: string;
  closedAt?: string | null;
}

export interface ListQuery {
  districtIds: string[];
  state: 'open' | 'closed' | 'all';
  caseType?: string;
  q?: string;
  /** One status by name (any letter case), within `state`. */
  caseStatus?: string;
  limit: number;
  after?: { lastModifiedAt: string; number: number };
  /** Only cases changed at or after this instant (ISO, UTC, as modified_at is stored). */
  updatedSince?: string;
}

export const isClosedStatus = (status: string): boolean => status === 'Closed';

/** Text searched by `q`: number, subject and every text field, lower-cased. */
function searchText(number: number | undefined, subject: string, fields: Record<string, unknown>): string {
  const parts = [number ? formatCaseNumber(number) : '', subject];
  for (const v of Object.values(fields)) {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) parts.push(v.join(' '));
  }
  return parts.join('\n').toLowerCase();
}

/** A personal access token as stored: never the token itself. */
export interface PersonalTokenRow {
  id: string;
  contact_id: string;
  name: string;
  scope: 'read' | 'file';
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}
const PAT_COLUMNS = 'id, contact_id, name, scope, created_at, expires_at, revoked_at, last_used_at';

export class Store {
  readonly db: SqliteDatabase;

  /** `Sqlite`: the driver loadSqlite() (sqlite.ts) chose and checked: node:sqlite or better-sqlite3. */
  constructor(file: string, Sqlite: SqliteModule) {
    this.db = new Sqlite(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    for (const [table, column, ddl] of ADDED_COLUMNS) {
      const cols = this.db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
      if (!cols.some((c) => c.name === column)) this.db.exec(ddl);
    }
  }

  private readonly statements = new Map<string, SqliteStatement>();

  /** A prepared statement, compiled once per SQL text. */
  private stmt(sql: string): SqliteStatement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  getMeta(key: string): string | undefined {
    return (this.stmt('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      key,
      value,
    );
  }

  // --- districts and contacts

  addDistrict(d: DistrictRow): void {
    this.stmt('INSERT INTO districts (id, name) VALUES (?, ?)').run(d.id, d.name);
  }

  addContact(c: ContactRow, districtIds: string[]): void {
    this.stmt('INSERT INTO contacts (id, name, email, role, password_hash, activated) VALUES (?, ?, ?, ?, ?, ?)').run(
      c.id,
      c.name,
      c.email,
      c.role,
      c.password_hash,
      c.activated,
    );
    for (const d of districtIds)
      this.stmt('INSERT INTO contact_districts (contact_id, district_id) VALUES (?, ?)').run(c.id, d);
  }

  contactByEmail(email: string): ContactRow | undefined {
    return this.stmt('SELECT * FROM contacts WHERE email = ?').get(email.trim()) as ContactRow | undefined;
  }

  contactById(id: string): ContactRow | undefined {
    return this.stmt('SELECT * FROM contacts WHERE id = ?').get(id) as ContactRow | undefined;
  }

  setPassword(contactId: string, hash: string, activate: boolean): void {
    this.stmt(`UPDATE contacts SET password_hash = ?${activate ? ', activated = 1' : ''} WHERE id = ?`).run(
      hash,
      contactId,
    );
  }

  districtsOf(contactId: string): DistrictRow[] {
    return this.stmt(
      'SELECT d.id, d.name FROM districts d JOIN contact_districts cd ON cd.district_id = d.id WHERE cd.contact_id = ? ORDER BY d.name',
    ).all(contactId) as DistrictRow[];
  }

  allDistricts(): DistrictRow[] {
    return this.stmt('SELECT id, name FROM districts ORDER BY name').all() as DistrictRow[];
  }

  contactsOf(districtId: string): ContactRow[] {
    return this.stmt(
      'SELECT c.* FROM contacts c JOIN contact_districts cd ON cd.contact_id = c.id WHERE cd.district_id = ? ORDER BY c.name',
    ).all(districtId) as ContactRow[];
  }

  // --- sessions and one-time tokens

  addSession(tokenHash: string, contactId: string, createdAt: string, expiresAt: string): void {
    this.stmt('INSERT INTO sessions (token_hash, contact_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
      tokenHash,
      contactId,
      createdAt,
      expiresAt,
    );
  }

  session(tokenHash: string): { contact_id: string; expires_at: string; revoked_at: string | null } | undefined {
    return this.stmt('SELECT contact_id, expires_at, revoked_at FROM sessions WHERE token_hash = ?').get(tokenHash) as
      { contact_id: string; expires_at: string; revoked_at: string | null } | undefined;
  }

  // --- personal access tokens (stored as SHA-256 hashes only, like sessions)

  addPersonalToken(t: PersonalTokenRow & { token_hash: string }): void {
    this.stmt(
      'INSERT INTO personal_tokens (id, contact_id, name, scope, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(t.id, t.contact_id, t.name, t.scope, t.token_hash, t.created_at, t.expires_at);
  }

  personalTokenByHash(tokenHash: string): PersonalTokenRow | undefined {
    return this.stmt(`SELECT ${PAT_COLUMNS} FROM personal_tokens WHERE token_hash = ?`).get(tokenHash) as
      PersonalTokenRow | undefined;
  }

  personalTokensOf(contactId: string): PersonalTokenRow[] {
    return this.stmt(`SELECT ${PAT_COLUMNS} FROM personal_tokens WHERE contact_id = ? ORDER BY created_at, id`).all(
      contactId,
    ) as PersonalTokenRow[];
  }

  revokePersonalToken(contactId: string, id: string, at: string): boolean {
    return (
      this.stmt('UPDATE personal_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND contact_id = ?').run(
        at,
        id,
        contactId,
      ).changes > 0
    );
  }

  personalTokenUsed(id: string, at: string): void {
    this.stmt('UPDATE personal_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  revokeSession(tokenHash: string, at: string): void {
    this.stmt('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(at, tokenHash);
  }

  revokeSessionsOf(contactId: string, at: string): void {
    this.stmt('UPDATE sessions SET revoked_at = ? WHERE contact_id = ? AND revoked_at IS NULL').run(at, contactId);
  }

  addOneTimeToken(tokenHash: string, kind: string, contactId: string, expiresAt: string): void {
    this.stmt('INSERT INTO one_time_tokens (token_hash, kind, contact_id, expires_at) VALUES (?, ?, ?, ?)').run(
      tokenHash,
      kind,
      contactId,
      expiresAt,
    );
  }

  /** Marks a one-time token used and returns its contact, when it is valid for `kind` at `now`. */
  useOneTimeToken(tokenHash: string, kind: string, now: string): string | undefined {
    return this.tx(() => {
      const row = this.stmt(
        'SELECT contact_id, expires_at, used_at FROM one_time_tokens WHERE token_hash = ? AND kind = ?',
      ).get(tokenHash, kind) as { contact_id: string; expires_at: string; used_at: string | null } | undefined;
      if (!row || row.used_at || row.expires_at <= now) return undefined;
      this.stmt('UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ?').run(now, tokenHash);
      return row.contact_id;
    });
  }

  // --- mailbox

  addMail(m: MailRow): void {
    const seq = (this.stmt('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM mailbox').get() as { n: number }).n;
    this.stmt(
      'INSERT INTO mailbox (id, seq, to_email, kind, subject, body, token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(m.id, seq, m.to_email, m.kind, m.subject, m.body, m.token, m.created_at);
  }

  mail(to?: string): MailRow[] {
    return (
      to
        ? this.stmt('SELECT * FROM mailbox WHERE to_email = ? COLLATE NOCASE ORDER BY seq').all(to)
        : this.stmt('SELECT * FROM mailbox ORDER BY seq').all()
    ) as MailRow[];
  }

  clearMail(): void {
    this.stmt('DELETE FROM mailbox').run();
  }

  // --- cases

  insertCase(c: NewCase): number {
    const fieldsJson = JSON.stringify(c.fields);
    const info = this.stmt(
      `INSERT INTO cases (number, id, district_id, contact_id, case_type, status, state, priority, subject, fields_json, search, resolution,
          created_at, created_by, modified_at, modified_by, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      c.number ?? null,
      c.id,
      c.districtId,
      c.contactId,
      c.caseType,
      c.status,
      isClosedStatus(c.status) ? 'closed' : 'open',
      c.priority,
      c.subject,
      fieldsJson,
      '',
      c.resolution ?? null,
      c.createdAt,
      c.createdBy,
      c.modifiedAt ?? c.createdAt,
      c.modifiedBy ?? c.createdBy,
      c.closedAt ?? null,
    );
    const number = Number(info.lastInsertRowid);
    this.stmt('UPDATE cases SET search = ? WHERE number = ?').run(searchText(number, c.subject, c.fields), number);
    return number;
  }

  caseByNumber(number: number): CaseRow | undefined {
    return this.stmt(`${CASE_SELECT} WHERE c.number = ?`).get(number) as CaseRow | undefined;
  }

  caseById(id: string): CaseRow | undefined {
    return this.stmt(`${CASE_SELECT} WHERE c.id = ?`).get(id) as CaseRow | undefined;
  }

  listCases(q: ListQuery): CaseRow[] {
    // `+` keeps the planner on cases_by_modified: pages come off the index in order (no sort of
    // every matching row per page), and the keyset condition is a range seek.
    const where: string[] = [`+c.district_id IN (${q.districtIds.map(() => '?').join(', ') || "''"})`];
    const args: unknown[] = [...q.districtIds];
    if (q.state !== 'all') {
      where.push('+c.state = ?');
      args.push(q.state);
    }
    if (q.caseStatus) {
      where.push('lower(c.status) = ?');
      args.push(q.caseStatus.trim().toLowerCase());
    }
    if (q.caseType) {
      where.push('c.case_type = ?');
      args.push(q.caseType);
    }
    if (q.q) {
      where.push("c.search LIKE ? ESCAPE '\\'");
      args.push(`%${q.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    }
    if (q.updatedSince) {
      // A range of the same index the pages come off: what changed costs what changed.
      where.push('c.modified_at >= ?');
      args.push(q.updatedSince);
    }
    if (q.after) {
      where.push('(c.modified_at, c.number) < (?, ?)');
      args.push(q.after.lastModifiedAt, q.after.number);
    }
    args.push(q.limit);
    return this.stmt(
      `${CASE_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.modified_at DESC, c.number DESC LIMIT ?`,
    ).all(...args) as CaseRow[];
  }

  countCases(filter: { districtId?: string; subject?: string; q?: string }): number {
    const where: string[] = ['1 = 1'];
    const args: unknown[] = [];
    if (filter.districtId) {
      where.push('district_id = ?');
      args.push(filter.districtId);
    }
    if (filter.subject !== undefined) {
      where.push('subject = ?');
      args.push(filter.subject);
    }
    if (filter.q) {
      where.push("search LIKE ? ESCAPE '\\'");
      args.push(`%${filter.q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    }
    return (this.stmt(`SELECT COUNT(*) AS n FROM cases WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
  }

  touchCase(caseId: string, at: string, by: string): void {
    this.stmt('UPDATE cases SET modified_at = ?, modified_by = ? WHERE id = ?').run(at, by, caseId);
  }

  /** A status change that leaves the case's life otherwise plain (no Pending window). */
  setCaseStatus(caseId: string, status: string, at: string, by: string, resolution?: string): void {
    this.setCaseLife(caseId, { status, at, by, ...(resolution !== undefined ? { resolution } : {}) });
  }

  /** Moves a case in its life: status, who and when, and the Pending window (cleared unless given). */
  setCaseLife(caseId: string, p: LifePatch): void {
    const closed = isClosedStatus(p.status);
    this.stmt(
      `UPDATE cases SET status = ?, state = ?, modified_at = ?, modified_by = ?, closed_at = ?, closed_by = ?, pending_since = ?, follow_ups = ?${p.resolution !== undefined ? ', resolution = ?' : ''} WHERE id = ?`,
    ).run(
      ...[
        p.status,
        closed ? 'closed' : 'open',
        p.at,
        p.by,
        closed ? (p.closedAt ?? p.at) : null,
        closed ? p.by : null,
        p.pendingSince ?? null,
        JSON.stringify(p.followUps ?? []),
        ...(p.resolution !== undefined ? [p.resolution] : []),
        caseId,
      ],
    );
  }

  /** Cases waiting on their contact, with the date their resolution was posted. */
  pendingCases(): CaseRow[] {
    return this.stmt(`${CASE_SELECT} WHERE c.status = 'Pending' AND c.pending_since IS NOT NULL`).all() as CaseRow[];
  }

  setFollowUps(caseId: string, followUps: string[]): void {
    this.stmt('UPDATE cases SET follow_ups = ? WHERE id = ?').run(JSON.stringify(followUps), caseId);
  }

  // --- idempotency (./idempotency.ts)

  /** The first answer to a keyed request (./idempotency.ts), whatever its age. */
  storedAnswer(
    contactId: string,
    key: string,
  ):
    | { scope: string; body_hash: string; status: number; answer: string; location: string | null; created_at: string }
    | undefined {
    return this.stmt(
      'SELECT scope, body_hash, status, answer, location, created_at FROM idempotent_answers WHERE contact_id = ? AND key = ?',
    ).get(contactId, key) as
      | {
          scope: string;
          body_hash: string;
          status: number;
          answer: string;
          location: string | null;
          created_at: string;
        }
      | undefined;
  }

  /** Stores (or, for a key past its lifetime, replaces) the first answer to a keyed request. */
  storeAnswer(a: {
    contactId: string;
    key: string;
    scope: string;
    bodyHash: string;
    status: number;
    answer: string;
    location: string | null;
    createdAt: string;
  }): void {
    this.stmt(
      'INSERT OR REPLACE INTO idempotent_answers (contact_id, key, scope, body_hash, status, answer, location, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(a.contactId, a.key, a.scope, a.bodyHash, a.status, a.answer, a.location, a.createdAt);
  }

  // --- comments and attachments

  addComment(c: {
    id: string;
    caseId: string;
    body: string;
    authorId: string;
    fromVendor: boolean;
    createdAt: string;
    kind?: CommentKind;
  }): void {
    this.stmt(
      'INSERT INTO comments (id, case_id, body, author_id, from_vendor, created_at, kind) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(c.id, c.caseId, c.body, c.authorId, c.fromVendor ? 1 : 0, c.createdAt, c.kind ?? 'comment');
    // The vendor's first writer on a case owns it (the case process's "assigned advisor").
    if (c.fromVendor)
      this.stmt('UPDATE cases SET owner_id = ? WHERE id = ? AND owner_id IS NULL').run(c.authorId, c.caseId);
  }

  /** A case's thread, oldest first; from `since` on (ISO, UTC) when given (comments are never edited). */
  comments(caseId: string, since?: string): CommentRow[] {
    return this.stmt(
      `SELECT m.id, m.case_id, m.body, m.author_id, a.name AS author_name, m.from_vendor, m.created_at, m.kind FROM comments m JOIN contacts a ON a.id = m.author_id WHERE m.case_id = ?${since ? ' AND m.created_at >= ?' : ''} ORDER BY m.created_at, m.rowid`,
    ).all(...(since ? [caseId, since] : [caseId])) as CommentRow[];
  }

  comment(id: string): CommentRow | undefined {
    return this.stmt(
      'SELECT m.id, m.case_id, m.body, m.author_id, a.name AS author_name, m.from_vendor, m.created_at, m.kind FROM comments m JOIN contacts a ON a.id = m.author_id WHERE m.id = ?',
    ).get(id) as CommentRow | undefined;
  }

  addAttachment(a: {
    id: string;
    caseId: string;
    filename: string;
    size: number;
    contentType: string;
    createdAt: string;
    createdBy: string;
  }): void {
    this.stmt(
      'INSERT INTO attachments (id, case_id, filename, size, content_type, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(a.id, a.caseId, a.filename, a.size, a.contentType, a.createdAt, a.createdBy);
  }

  attachments(caseId: string): AttachmentRow[] {
    return this.stmt(
      'SELECT t.id, t.case_id, t.filename, t.size, t.content_type, t.created_at, t.created_by AS created_by_id, c.name AS created_by_name FROM attachments t JOIN contacts c ON c.id = t.created_by WHERE t.case_id = ? ORDER BY t.created_at, t.rowid',
    ).all(caseId) as AttachmentRow[];
  }

  attachment(caseId: string, id: string): AttachmentRow | undefined {
    return this.stmt(
      'SELECT t.id, t.case_id, t.filename, t.size, t.content_type, t.created_at, t.created_by AS created_by_id, c.name AS created_by_name FROM attachments t JOIN contacts c ON c.id = t.created_by WHERE t.case_id = ? AND t.id = ?',
    ).get(caseId, id) as AttachmentRow | undefined;
  }

  // --- notifications

  addNotification(n: NotificationRow): void {
    this.stmt(
      'INSERT INTO notifications (id, kind, title, status, state, starts_at, ends_at, posted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(n.id, n.kind, n.title, n.status, n.state, n.starts_at, n.ends_at, n.posted_at);
  }

  updateNotification(id: string, patch: Partial<Omit<NotificationRow, 'id'>>): void {
    const keys = Object.keys(patch) as Array<keyof typeof patch>;
    if (!keys.length) return;
    this.stmt(`UPDATE notifications SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(
      ...keys.map((k) => patch[k] ?? null),
      id,
    );
  }

  addUpdate(u: UpdateRow): void {
    const seq = (this.stmt('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM notification_updates').get() as { n: number }).n;
    this.stmt(
      'INSERT INTO notification_updates (id, seq, notification_id, posted_at, body) VALUES (?, ?, ?, ?, ?)',
    ).run(u.id, seq, u.notification_id, u.posted_at, u.body);
  }

  notification(id: string): NotificationRow | undefined {
    return this.stmt('SELECT * FROM notifications WHERE id = ?').get(id) as NotificationRow | undefined;
  }

  notifications(state?: 'open' | 'closed'): NotificationRow[] {
    return (
      state
        ? this.stmt('SELECT * FROM notifications WHERE state = ? ORDER BY starts_at DESC, posted_at DESC').all(state)
        : this.stmt('SELECT * FROM notifications ORDER BY starts_at DESC, posted_at DESC').all()
    ) as NotificationRow[];
  }

  updates(notificationId: string): UpdateRow[] {
    return this.stmt(
      'SELECT id, notification_id, posted_at, body FROM notification_updates WHERE notification_id = ? ORDER BY posted_at, seq',
    ).all(notificationId) as UpdateRow[];
  }
}
