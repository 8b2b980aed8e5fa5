/**
 * The sandbox portal's request handling: routes of schemas/portal-api.yaml (portal, status and the
 * sandbox-only vendor side), authentication, roles, district isolation, idempotency, limits and
 * fault injection. It trusts nothing the client sends: cases are validated with the CLI's own
 * catalog code (src/domain/validation.ts).
 */
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { validateCase } from '../domain/validation.js';
import { catalog } from '../domain/catalog/index.js';
import { CATALOG_ETAG, catalogAnswer, sandboxPicklists, sandboxView, SANDBOX_CATALOG_VERSION } from './catalog.js';
import { localToday } from '../domain/dates.js';
import type { FieldIssue } from '../errors.js';
import { decodeCursor, encodeCursor, parseCaseNumber } from './cursor.js';
import { faultApplies, faultsActive, NO_FAULTS, parseFaults, planFault, zeroCounters, type FaultConfig, type FaultCounters } from './faults.js';
import { ATTACHMENT_LIMIT, badRequest, clientIp, drain, forbidden, HttpError, invalid, notFound, readObject, sendEmpty, sendError, sendJson, str } from './http.js';
import { FailureWindow } from './limits.js';
import { canonicalHash, hashPassword, hashToken, newId, newToken, sameSecret, verifyPassword } from './secrets.js';
import { HOME_DISTRICT, ROLE_PERMISSIONS, SUPPORT_PHONE, VENDOR } from './seed.js';
import { isClosedStatus, type CaseRow, type ContactRow, type DistrictRow, type Store } from './store.js';
import { createCaseLife, reopenRefusal, STATUSES } from './case-life.js';
import type { SandboxClock } from './clock.js';
import { PENDING_BUSINESS_DAYS, PENDING_FOLLOW_UPS, REOPEN_WINDOW_DAYS } from '../domain/case-life.js';
import { attachmentView, banner, caseSummary, caseView, commentView, contactView, contentDisposition, districtView, mailView, notificationView } from './views.js';

export interface PortalDeps {
  store: Store;
  dataDir: string;
  adminKey: string;
  clock: () => Date;
  tokenTtlSeconds: number;
  /** Base URLs, known once the servers listen. */
  urls: { portal: string; status: string };
  log: (line: string) => void;
  random?: () => number;
  /** The clock behind `clock`, which the vendor's side can move forward (POST /sandbox/v1/clock). */
  sandboxClock: SandboxClock;
}

interface Auth {
  contact: ContactRow;
  districts: DistrictRow[];
  tokenHash: string;
  expiresAt: string;
}

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: string[];
}

type Handler = (ctx: Ctx) => Promise<void> | void;

const PASSWORD_MIN = 12;
const ONE_TIME_TOKEN_TTL_MS = 24 * 3_600_000;
const OPEN_STATUSES = ['New', 'In Progress', 'Waiting on Customer'];
const NOTIFICATION_STATES = ['open', 'closed'];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function isoTime(v: unknown, field: string, issues: FieldIssue[]): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v)) || !/^\d{4}-\d{2}-\d{2}T/.test(v)) {
    issues.push({ field, message: `${field} must be a date-time like 2024-07-30T18:27:00Z` });
    return undefined;
  }
  return new Date(v).toISOString();
}

export function createPortal(deps: PortalDeps) {
  const { store, clock } = deps;
  const random = deps.random ?? Math.random;
  const loginFailures = new FailureWindow(5, 60_000);
  /** Idempotency keys whose first request is still running: `${contactId}\n${key}`. */
  const inFlight = new Set<string>();
  let faults: FaultConfig = { ...NO_FAULTS };
  let counters: FaultCounters = zeroCounters();
  let injected = 0;

  const now = (): string => clock().toISOString();
  /** The vendor's side of a case's life: resolutions, 3x10, closing and reopening (./case-life.ts). */
  const life = createCaseLife(store, clock);

  // ------------------------------------------------------------------ auth

  function authenticate(req: IncomingMessage): Auth {
    const header = req.headers.authorization;
    const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    const challenge = { 'WWW-Authenticate': 'Bearer realm="ic-support-sandbox"' };
    if (!m) throw new HttpError(401, 'unauthenticated', 'Sign in first: send Authorization: Bearer <token> (POST /api/v1/sessions gives one).', undefined, challenge);
    const tokenHash = hashToken(m[1]!);
    const s = store.session(tokenHash);
    if (!s || s.revoked_at) throw new HttpError(401, 'unauthenticated', 'The token is not valid (signed out or never issued). Sign in again.', undefined, challenge);
    if (s.expires_at <= now()) throw new HttpError(401, 'token_expired', 'The token has expired. Sign in again.', undefined, challenge);
    const contact = store.contactById(s.contact_id);
    if (!contact) throw new HttpError(401, 'unauthenticated', 'The token is not valid. Sign in again.', undefined, challenge);
    return { contact, districts: store.districtsOf(contact.id), tokenHash, expiresAt: s.expires_at };
  }

  function requireAdmin(req: IncomingMessage): void {
    const key = req.headers['x-sandbox-admin'];
    if (typeof key !== 'string' || !sameSecret(key, deps.adminKey)) {
      throw new HttpError(401, 'unauthenticated', 'Sandbox admin endpoints need the header X-Sandbox-Admin with the key from <data dir>/admin-key.');
    }
  }

  /** A case the caller may see: 404 for a missing case and for another district's case alike. */
  function visibleCase(auth: Auth, numberText: string): CaseRow {
    const n = parseCaseNumber(numberText);
    const row = n === undefined ? undefined : store.caseByNumber(n);
    if (!row || !auth.districts.some((d) => d.id === row.district_id)) throw notFound(`Case ${numberText} was not found.`);
    return row;
  }

  function adminCase(numberText: string): CaseRow {
    const n = parseCaseNumber(numberText);
    const row = n === undefined ? undefined : store.caseByNumber(n);
    if (!row) throw notFound(`Case ${numberText} was not found.`);
    return row;
  }

  const canWrite = (auth: Auth): boolean => auth.contact.role === 'Authorized' || auth.contact.role === 'Technical';

  // ------------------------------------------------------------------ sessions and accounts

  const createSession: Handler = async ({ req, res }) => {
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    const email = str(body, 'email', issues, { max: 320 });
    const password = str(body, 'password', issues, { max: 1024 });
    if (issues.length) throw invalid(issues);
    const key = `${email!.trim().toLowerCase()}\n${clientIp(req)}`;
    const t = clock().getTime();
    const limit = loginFailures.check(key, t);
    if (!limit.allowed) {
      throw new HttpError(429, 'rate_limited', `Too many failed sign-ins for this email. Try again in ${limit.retryAfterSeconds} s.`, undefined, {
        'Retry-After': String(limit.retryAfterSeconds),
      });
    }
    const contact = store.contactByEmail(email!);
    if (contact && contact.role !== ('Vendor' as string) && !contact.activated) {
      throw new HttpError(403, 'account_not_activated', 'This account is not activated yet: confirm it and set a password first (POST /api/v1/activation/request).');
    }
    const ok = contact ? await verifyPassword(password!, contact.password_hash) : (await hashPassword(password!), false);
    if (!contact || !ok) {
      loginFailures.fail(key, t);
      throw new HttpError(401, 'invalid_credentials', 'The email or password is not right.');
    }
    loginFailures.succeed(key);
    const token = newToken('icsb');
    const expiresAt = new Date(clock().getTime() + deps.tokenTtlSeconds * 1000).toISOString();
    store.addSession(hashToken(token), contact.id, now(), expiresAt);
    sendJson(res, 201, { token, expiresAt, contact: contactView(contact) });
  };

  const deleteSession: Handler = ({ req, res }) => {
    const auth = authenticate(req);
    store.revokeSession(auth.tokenHash, now());
    sendEmpty(res, 204);
  };

  function sendMail(contact: ContactRow, kind: 'activation' | 'password-reset'): void {
    const token = newToken(kind === 'activation' ? 'act' : 'rst');
    store.addOneTimeToken(hashToken(token), kind, contact.id, new Date(clock().getTime() + ONE_TIME_TOKEN_TTL_MS).toISOString());
    const subject = kind === 'activation' ? 'Confirm your Infinite Campus Support Portal account' : 'Reset your Infinite Campus Support Portal password';
    const body =
      kind === 'activation'
        ? `Hello ${contact.name},\n\nConfirm your account and set a password with this token (valid 24 hours):\n\n${token}\n\nic-support auth activate --email ${contact.email}\n`
        : `Hello ${contact.name},\n\nReset your password with this token (valid 24 hours):\n\n${token}\n\nic-support auth reset-password --email ${contact.email}\n`;
    store.addMail({ id: newId('msg'), to_email: contact.email, kind, subject, body, token, created_at: now() });
  }

  const requestMail =
    (kind: 'activation' | 'password-reset'): Handler =>
    async ({ req, res }) => {
      const body = await readObject(req);
      const issues: FieldIssue[] = [];
      const email = str(body, 'email', issues, { max: 320 });
      if (issues.length) throw invalid(issues);
      const contact = store.contactByEmail(email!);
      if (contact && contact.role !== ('Vendor' as string) && (kind === 'activation' ? !contact.activated : contact.activated)) sendMail(contact, kind);
      sendEmpty(res, 202);
    };

  async function confirmToken(req: IncomingMessage, kind: 'activation' | 'password-reset'): Promise<ContactRow> {
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    const token = str(body, 'token', issues, { max: 512 });
    const password = str(body, 'password', issues, { max: 1024 });
    if (password !== undefined && password.length < PASSWORD_MIN) issues.push({ field: 'password', message: `the password must have at least ${PASSWORD_MIN} characters` });
    if (issues.length) throw invalid(issues);
    const hash = await hashPassword(password!);
    const contactId = store.useOneTimeToken(hashToken(token!), kind, now());
    if (!contactId) throw invalid([{ field: 'token', message: 'the token is not valid: it may have expired or been used already; request a new one' }]);
    store.setPassword(contactId, hash, true);
    store.revokeSessionsOf(contactId, now());
    return store.contactById(contactId)!;
  }

  const confirmActivation: Handler = async ({ req, res }) => {
    const contact = await confirmToken(req, 'activation');
    sendJson(res, 200, { contact: contactView(contact) });
  };

  const confirmReset: Handler = async ({ req, res }) => {
    await confirmToken(req, 'password-reset');
    sendEmpty(res, 204);
  };

  const me: Handler = ({ req, res }) => {
    const auth = authenticate(req);
    const permissions = ROLE_PERMISSIONS[auth.contact.role] ?? { submit: false, comment: false, attach: false };
    const home = HOME_DISTRICT[auth.contact.id] ?? (auth.districts.length === 1 ? auth.districts[0]!.id : null);
    sendJson(res, 200, {
      contact: contactView(auth.contact),
      districts: auth.districts.map((d) => ({ ...districtView(d), permissions })),
      homeDistrictId: home !== null && auth.districts.some((d) => d.id === home) ? home : null,
      catalogVersion: SANDBOX_CATALOG_VERSION,
      token: { expiresAt: auth.expiresAt },
    });
  };

  const districtContacts: Handler = ({ req, res, params }) => {
    const auth = authenticate(req);
    const id = params[0]!;
    if (!auth.districts.some((d) => d.id === id)) throw forbidden('You are not a contact of that district.');
    sendJson(res, 200, { contacts: store.contactsOf(id).map(contactView) });
  };

  // ------------------------------------------------------------------ picklists

  const picklists: Handler = ({ res }) => {
    sendJson(res, 200, { catalogVersion: SANDBOX_CATALOG_VERSION, picklists: sandboxPicklists() });
  };

  const catalogRoute: Handler = ({ req, res }) => {
    if (req.headers['if-none-match'] === CATALOG_ETAG) return sendEmpty(res, 304, { ETag: CATALOG_ETAG });
    sendJson(res, 200, catalogAnswer(), { ETag: CATALOG_ETAG });
  };

  // ------------------------------------------------------------------ cases

  function findDistrict(auth: Auth, given: string): DistrictRow | undefined {
    const g = given.trim().toLowerCase();
    return auth.districts.find((d) => d.id.toLowerCase() === g || d.name.toLowerCase() === g);
  }

  const districtList = (auth: Auth): string => auth.districts.map((d) => `${d.name} (${d.id})`).join(', ');

  /** Validates a create-case body; resolves account and contact. All problems at once, as 422. */
  function checkCase(auth: Auth, body: Record<string, unknown>) {
    const issues: FieldIssue[] = [];
    for (const k of Object.keys(body)) {
      if (k !== 'caseType' && k !== 'fields' && k !== 'acknowledgements') issues.push({ field: k, message: 'not part of a case: send {"caseType": ..., "fields": {...}, "acknowledgements": {...}}' });
    }
    const rawFields = body.fields ?? {};
    if (typeof rawFields !== 'object' || rawFields === null || Array.isArray(rawFields)) {
      throw invalid([...issues, { field: 'fields', message: 'fields must be an object of field key: value' }]);
    }
    const fields = rawFields as Record<string, unknown>;
    if ('caseType' in fields) issues.push({ field: 'fields.caseType', message: 'give the case type once, as caseType beside fields' });
    if ('attachments' in fields) issues.push({ field: 'fields.attachments', message: 'attachments are uploaded after the case is created: POST /api/v1/cases/{number}/attachments' });
    const { caseType: _c, attachments: _a, ...rest } = fields;
    // The guide's acknowledgements arrive beside the fields (a portal has no such fields).
    const acks = body.acknowledgements ?? {};
    const ackKeys = new Set(sandboxView.types.flatMap((t) => t.fields.filter((f) => f.kind === 'acknowledgement').map((f) => f.key)));
    if (typeof acks !== 'object' || acks === null || Array.isArray(acks)) issues.push({ field: 'acknowledgements', message: 'acknowledgements must be an object of key: true/false' });
    for (const k of Object.keys(rest)) if (ackKeys.has(k)) issues.push({ field: `fields.${k}`, message: `${k} is an acknowledgement, not a field: send it in acknowledgements` });
    const result = validateCase({ ...rest, ...(typeof acks === 'object' && acks !== null ? acks : {}), caseType: body.caseType }, { today: localToday(clock()), catalog: sandboxView });
    if (!result.ok) issues.push(...result.issues);

    let district: DistrictRow | undefined;
    const account = fields.account;
    if (account === undefined) {
      if (auth.districts.length === 1) district = auth.districts[0];
      else issues.push({ field: 'account', message: `you are a contact of several districts; choose the account: ${districtList(auth)}` });
    } else if (typeof account === 'string' && account.trim()) {
      district = findDistrict(auth, account);
      if (!district) issues.push({ field: 'account', message: `"${account}" is not one of your districts: ${districtList(auth)}` });
    }
    let contact: ContactRow | undefined;
    const given = fields.contact;
    if (district) {
      if (given === undefined) contact = auth.contact;
      else if (typeof given === 'string' && given.trim()) {
        const g = given.trim().toLowerCase();
        contact = store.contactsOf(district.id).find((c) => c.id.toLowerCase() === g || c.email.toLowerCase() === g || c.name.toLowerCase() === g);
        if (!contact) issues.push({ field: 'contact', message: `"${given}" is not a contact of ${district.name}; give a contact id or email of that district (GET /api/v1/districts/${district.id}/contacts)` });
      }
    }
    if (issues.length || !result.ok || !district || !contact) throw invalid(issues);
    // Stored as a portal stores a case: its fields only (the statements are in the description).
    const kept = Object.fromEntries(Object.entries(result.value.fields).filter(([k]) => !ackKeys.has(k)));
    return { valid: { ...result.value, fields: kept }, district, contact };
  }

  const createCase: Handler = async ({ req, res }) => {
    const auth = authenticate(req);
    if (auth.contact.role !== 'Authorized') {
      throw forbidden(`Only Authorized Contacts submit cases; ${auth.contact.name} is a ${auth.contact.role} contact.`);
    }
    const rawKey = req.headers['idempotency-key'];
    const key = typeof rawKey === 'string' ? rawKey.trim() : '';
    if (!key || key.length > 200) throw badRequest('Send an Idempotency-Key header of 1 to 200 characters, chosen once per submission and reused on every retry.');
    const flightKey = `${auth.contact.id}\n${key}`;
    if (inFlight.has(flightKey)) {
      throw new HttpError(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry in a moment.', undefined, { 'Retry-After': '1' });
    }
    inFlight.add(flightKey);
    try {
      const body = await readObject(req);
      const bodyHash = canonicalHash(body);
      const replay = (): boolean => {
        const seen = store.idempotency(auth.contact.id, key);
        if (!seen) return false;
        if (seen.body_hash !== bodyHash) {
          throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different case; use a new key for a new case.');
        }
        const row = store.caseById(seen.case_id)!;
        sendJson(res, 200, caseView(row, deps.urls.portal), { 'Idempotency-Replayed': 'true', Location: `/api/v1/cases/${caseSummary(row).number}` });
        return true;
      };
      if (replay()) return;
      const { valid, district, contact } = checkCase(auth, body);
      const at = now();
      const id = newId('cas');
      const fields: Record<string, unknown> = { account: district.name, contact: contact.name, ...valid.fields };
      fields.account = district.name;
      fields.contact = contact.name;
      const created = store.tx(() => {
        // Another process on the same database may have won the race for this key.
        if (store.idempotency(auth.contact.id, key)) return false;
        store.insertCase({
          id,
          districtId: district.id,
          contactId: contact.id,
          caseType: valid.caseType,
          status: 'New',
          priority: String(valid.fields.priority ?? 'Medium'),
          subject: String(valid.fields.subject ?? ''),
          fields,
          createdAt: at,
          createdBy: auth.contact.id,
        });
        store.addIdempotency(auth.contact.id, key, bodyHash, id, at);
        return true;
      });
      if (!created) {
        replay();
        return;
      }
      const row = store.caseById(id)!;
      sendJson(res, 201, caseView(row, deps.urls.portal), { Location: `/api/v1/cases/${caseSummary(row).number}` });
    } finally {
      inFlight.delete(flightKey);
    }
  };

  const listCases: Handler = ({ req, res, url }) => {
    const auth = authenticate(req);
    const q = url.searchParams;
    const status = q.get('status') ?? 'open';
    if (!['open', 'closed', 'all'].includes(status)) throw badRequest(`status must be open, closed or all (not "${status}").`);
    const limitText = q.get('limit') ?? '25';
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100) throw badRequest(`limit must be a whole number from 1 to 100 (not "${limitText}").`);
    const caseType = q.get('caseType') ?? undefined;
    if (caseType && !catalog.types.some((t) => t.id === caseType)) throw badRequest(`caseType must be a case type id: ${catalog.types.map((t) => t.id).join(', ')}.`);
    let districtIds = auth.districts.map((d) => d.id);
    const account = q.get('account');
    if (account) {
      const d = findDistrict(auth, account);
      if (!d) throw badRequest(`account "${account}" is not one of your districts: ${districtList(auth)}.`);
      districtIds = [d.id];
    }
    const cursorText = q.get('cursor');
    const after = cursorText ? decodeCursor(cursorText) : undefined;
    if (cursorText && !after) throw badRequest('cursor is not valid: pass the nextCursor of a previous page unchanged.');
    const text = q.get('q')?.trim();
    // A status name the sandbox does not use matches nothing: the set is the portal's, never a 400.
    const caseStatus = q.get('caseStatus')?.trim() || undefined;
    if (caseStatus && caseStatus.length > 80) throw badRequest('caseStatus is a status name of at most 80 characters.');
    const rows = store.listCases({ districtIds, state: status as 'open' | 'closed' | 'all', caseStatus, caseType, q: text || undefined, limit: limit + 1, after });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor({ lastModifiedAt: last.modified_at, number: last.number }) : null;
    sendJson(res, 200, { cases: page.map(caseSummary), nextCursor });
  };

  const getCase: Handler = ({ req, res, params }) => {
    const auth = authenticate(req);
    sendJson(res, 200, caseView(visibleCase(auth, params[0]!), deps.urls.portal));
  };

  const listComments: Handler = ({ req, res, params }) => {
    const auth = authenticate(req);
    const row = visibleCase(auth, params[0]!);
    sendJson(res, 200, { comments: store.comments(row.id).map(commentView) });
  };

  function commentBody(body: Record<string, unknown>): string {
    const issues: FieldIssue[] = [];
    const text = str(body, 'body', issues, { max: 32000 });
    if (issues.length) throw invalid(issues);
    return text!.trim();
  }

  const addComment: Handler = async ({ req, res, params }) => {
    const auth = authenticate(req);
    const row = visibleCase(auth, params[0]!);
    if (!canWrite(auth)) throw forbidden('Read Only contacts cannot comment on cases.');
    const text = commentBody(await readObject(req));
    const id = newId('cmt');
    const at = now();
    store.tx(() => {
      store.addComment({ id, caseId: row.id, body: text, authorId: auth.contact.id, fromVendor: false, createdAt: at });
      store.touchCase(row.id, at, auth.contact.id);
      // An answer to a posted resolution ends Pending: Support looks again.
      life.contactReplied(row, auth.contact.id);
    });
    sendJson(res, 201, commentView(store.comment(id)!));
  };

  const listAttachments: Handler = ({ req, res, params }) => {
    const auth = authenticate(req);
    const row = visibleCase(auth, params[0]!);
    sendJson(res, 200, { attachments: store.attachments(row.id).map(attachmentView) });
  };

  const uploadAttachment: Handler = async ({ req, res, params }) => {
    const auth = authenticate(req);
    const row = visibleCase(auth, params[0]!);
    if (!canWrite(auth)) throw forbidden('Read Only contacts cannot attach files.');
    const type = String(req.headers['content-type'] ?? '');
    if (!/^multipart\/form-data\s*;/i.test(type)) throw badRequest('Upload the file as multipart/form-data with one part named "file".');
    const declared = Number(req.headers['content-length'] ?? '0');
    const tooLarge = new HttpError(413, 'payload_too_large', `The attachment is larger than ${ATTACHMENT_LIMIT / 1024 / 1024} MiB.`);
    if (declared > ATTACHMENT_LIMIT + 1024 * 1024) {
      await drain(req);
      throw tooLarge;
    }
    const id = newId('att');
    const dir = join(deps.dataDir, 'attachments');
    const partial = join(dir, `${id}.part`);
    let info: { filename: string; mimeType: string } | undefined;
    let truncated = false;
    let write: Promise<void> | undefined;
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: ATTACHMENT_LIMIT, fields: 20, parts: 25, fieldSize: 64 * 1024 } });
    } catch (e) {
      throw badRequest(`The multipart body cannot be read: ${(e as Error).message}`);
    }
    const done = new Promise<void>((resolve, reject) => {
      bb.on('file', (name, stream, fileInfo) => {
        if (name !== 'file' || info) {
          stream.resume();
          return;
        }
        // eslint-disable-next-line no-control-regex
        const filename = (fileInfo.filename ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 255) || 'attachment';
        info = { filename, mimeType: fileInfo.mimeType || 'application/octet-stream' };
        stream.on('limit', () => {
          truncated = true;
        });
        write = pipeline(stream, createWriteStream(partial, { mode: 0o600 }));
        write.catch(() => undefined);
      });
      bb.on('close', () => resolve());
      bb.on('error', (e) => reject(badRequest(`The multipart body cannot be read: ${(e as Error).message}`)));
      req.on('aborted', () => reject(badRequest('The upload was interrupted.')));
    });
    req.pipe(bb);
    try {
      await done;
      if (write) await write;
    } catch (e) {
      req.unpipe(bb);
      await rm(partial, { force: true });
      await drain(req);
      throw e;
    }
    if (truncated) {
      await rm(partial, { force: true });
      throw tooLarge;
    }
    if (!info || !write) throw invalid([{ field: 'file', message: 'send the file as a multipart part named "file"' }]);
    const size = (await stat(partial)).size;
    await rename(partial, join(dir, id));
    const at = now();
    const meta = info;
    store.tx(() => {
      store.addAttachment({ id, caseId: row.id, filename: meta.filename, size, contentType: meta.mimeType, createdAt: at, createdBy: auth.contact.id });
      store.touchCase(row.id, at, auth.contact.id);
    });
    sendJson(res, 201, attachmentView(store.attachment(row.id, id)!));
  };

  const downloadAttachment: Handler = async ({ req, res, params }) => {
    const auth = authenticate(req);
    const row = visibleCase(auth, params[0]!);
    const att = store.attachment(row.id, params[1]!);
    if (!att) throw notFound(`Attachment ${params[1]} was not found on case ${params[0]}.`);
    res.writeHead(200, {
      'Content-Type': att.content_type,
      'Content-Length': String(att.size),
      'Content-Disposition': contentDisposition(att.filename),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    await pipeline(createReadStream(join(deps.dataDir, 'attachments', att.id)), res);
  };

  // ------------------------------------------------------------------ notifications

  function notificationFull(id: string) {
    const n = store.notification(id);
    if (!n) throw notFound(`Notification ${id} was not found.`);
    return notificationView(n, store.updates(n.id));
  }

  const listNotifications: Handler = ({ res, url }) => {
    const state = url.searchParams.get('state') ?? 'open';
    if (!NOTIFICATION_STATES.includes(state)) throw badRequest(`state must be open or closed (not "${state}").`);
    const open = store.notifications('open');
    const list = state === 'open' ? open : store.notifications('closed');
    sendJson(res, 200, {
      banner: banner(open.filter((n) => n.kind === 'incident').length, open.filter((n) => n.kind === 'maintenance').length),
      notifications: list.map((n) => notificationView(n, store.updates(n.id))),
    });
  };

  const getNotification: Handler = ({ res, params }) => sendJson(res, 200, notificationFull(params[0]!));

  // ------------------------------------------------------------------ sandbox admin (vendor side)

  const admin =
    (h: Handler): Handler =>
    (ctx) => {
      requireAdmin(ctx.req);
      return h(ctx);
    };

  const postNotification: Handler = async ({ req, res }) => {
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    const kind = body.kind;
    if (kind !== 'incident' && kind !== 'maintenance') issues.push({ field: 'kind', message: 'kind must be incident or maintenance' });
    const title = str(body, 'title', issues, { max: 200 });
    const status = str(body, 'status', issues, { optional: true, max: 80 });
    const startsAt = isoTime(body.startsAt, 'startsAt', issues);
    const endsAt = isoTime(body.endsAt, 'endsAt', issues);
    const postedAt = isoTime(body.postedAt, 'postedAt', issues);
    const text = str(body, 'body', issues, { optional: true, max: 32000 });
    if (issues.length) throw invalid(issues);
    const id = newId('ntf');
    const at = postedAt ?? now();
    store.tx(() => {
      store.addNotification({
        id,
        kind: kind as 'incident' | 'maintenance',
        title: title!,
        status: status?.trim() || (kind === 'incident' ? 'Investigating' : 'Scheduled'),
        state: 'open',
        starts_at: startsAt ?? at,
        ends_at: endsAt ?? null,
        posted_at: at,
      });
      if (text?.trim()) store.addUpdate({ id: newId('upd'), notification_id: id, posted_at: at, body: text.trim() });
    });
    sendJson(res, 201, notificationFull(id));
  };

  const patchNotification: Handler = async ({ req, res, params }) => {
    const n = store.notification(params[0]!);
    if (!n) throw notFound(`Notification ${params[0]} was not found.`);
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    for (const k of Object.keys(body)) if (!['title', 'status', 'startsAt', 'endsAt', 'state'].includes(k)) issues.push({ field: k, message: 'not a notification setting: title, status, startsAt, endsAt, state' });
    const title = str(body, 'title', issues, { optional: true, max: 200 });
    const status = str(body, 'status', issues, { optional: true, max: 80 });
    const startsAt = isoTime(body.startsAt, 'startsAt', issues);
    const endsAt = isoTime(body.endsAt, 'endsAt', issues);
    if (body.state !== undefined && !NOTIFICATION_STATES.includes(body.state as string)) issues.push({ field: 'state', message: 'state must be open or closed' });
    if (issues.length) throw invalid(issues);
    store.updateNotification(n.id, {
      ...(title ? { title } : {}),
      ...(status ? { status } : {}),
      ...(startsAt ? { starts_at: startsAt } : {}),
      ...(body.endsAt === null ? { ends_at: null } : endsAt ? { ends_at: endsAt } : {}),
      ...(body.state ? { state: body.state as 'open' | 'closed' } : {}),
    });
    sendJson(res, 200, notificationFull(n.id));
  };

  const closeNotification: Handler = async ({ req, res, params }) => {
    const n = store.notification(params[0]!);
    if (!n) throw notFound(`Notification ${params[0]} was not found.`);
    const body = await readObject(req, { optional: true });
    const issues: FieldIssue[] = [];
    const status = str(body, 'status', issues, { optional: true, max: 80 });
    const endsAt = isoTime(body.endsAt, 'endsAt', issues);
    const text = str(body, 'body', issues, { optional: true, max: 32000 });
    if (issues.length) throw invalid(issues);
    const at = now();
    store.tx(() => {
      store.updateNotification(n.id, {
        state: 'closed',
        status: status?.trim() || (n.kind === 'incident' ? 'Resolved' : 'Completed'),
        ends_at: endsAt ?? (n.kind === 'incident' || !n.ends_at ? at : n.ends_at),
      });
      if (text?.trim()) store.addUpdate({ id: newId('upd'), notification_id: n.id, posted_at: at, body: text.trim() });
    });
    sendJson(res, 200, notificationFull(n.id));
  };

  const addNotificationUpdate: Handler = async ({ req, res, params }) => {
    const n = store.notification(params[0]!);
    if (!n) throw notFound(`Notification ${params[0]} was not found.`);
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    const text = str(body, 'body', issues, { max: 32000 });
    const postedAt = isoTime(body.postedAt, 'postedAt', issues);
    const status = str(body, 'status', issues, { optional: true, max: 80 });
    if (issues.length) throw invalid(issues);
    store.tx(() => {
      store.addUpdate({ id: newId('upd'), notification_id: n.id, posted_at: postedAt ?? now(), body: text!.trim() });
      if (status?.trim()) store.updateNotification(n.id, { status: status.trim() });
    });
    sendJson(res, 201, notificationFull(n.id));
  };

  const vendorComment: Handler = async ({ req, res, params }) => {
    const row = adminCase(params[0]!);
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    const text = str(body, 'body', issues, { max: 32000 });
    const status = body.status;
    if (status !== undefined && !OPEN_STATUSES.includes(status as string)) issues.push({ field: 'status', message: `status must be one of ${OPEN_STATUSES.join(', ')} (resolve to close a case)` });
    if (issues.length) throw invalid(issues);
    const id = newId('cmt');
    const at = now();
    store.tx(() => {
      store.addComment({ id, caseId: row.id, body: text!.trim(), authorId: VENDOR.id, fromVendor: true, createdAt: at });
      if (typeof status === 'string') store.setCaseStatus(row.id, status, at, VENDOR.id);
      else store.touchCase(row.id, at, VENDOR.id);
    });
    sendJson(res, 201, commentView(store.comment(id)!));
  };

  const resolveCase: Handler = async ({ req, res, params }) => {
    const row = adminCase(params[0]!);
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    const resolution = str(body, 'resolution', issues, { max: 32000 });
    if (issues.length) throw invalid(issues);
    store.setCaseStatus(row.id, 'Closed', now(), VENDOR.id, resolution!.trim());
    sendJson(res, 200, caseView(store.caseById(row.id)!, deps.urls.portal));
  };

  const mailbox: Handler = ({ res, url }) => {
    const to = url.searchParams.get('to') ?? undefined;
    sendJson(res, 200, { messages: store.mail(to).map(mailView) });
  };

  const clearMailbox: Handler = ({ res }) => {
    store.clearMail();
    sendEmpty(res, 204);
  };

  const faultState = () => ({ faults, counters });

  const getFaults: Handler = ({ res }) => sendJson(res, 200, faultState());

  const putFaults: Handler = async ({ req, res }) => {
    const parsed = parseFaults(await readObject(req));
    if (!parsed.ok) throw invalid(parsed.issues);
    faults = parsed.value;
    counters = zeroCounters();
    injected = 0;
    deps.log(`faults set: ${JSON.stringify(faults)}`);
    sendJson(res, 200, faultState());
  };

  const clearFaults: Handler = ({ res }) => {
    faults = { ...NO_FAULTS };
    counters = zeroCounters();
    injected = 0;
    sendEmpty(res, 204);
  };

  const countCases: Handler = ({ res, url }) => {
    const q = url.searchParams;
    const account = q.get('account');
    let districtId: string | undefined;
    if (account) {
      const d = store.allDistricts().find((x) => x.id === account || x.name.toLowerCase() === account.toLowerCase());
      if (!d) throw badRequest(`account "${account}" is not a district of the sandbox.`);
      districtId = d.id;
    }
    sendJson(res, 200, { count: store.countCases({ districtId, subject: q.get('subject') ?? undefined, q: q.get('q') ?? undefined }) });
  };

  const info: Handler = ({ res }) =>
    sendJson(res, 200, { url: deps.urls.portal, statusUrl: deps.urls.status, dataDir: deps.dataDir, catalogVersion: catalog.catalogVersion, cases: store.countCases({}) });

  const webCase: Handler = ({ res, params }) => {
    const html = `<!doctype html><meta charset="utf-8"><title>Case ${params[0]} (sandbox)</title><p>This is the ic-support sandbox. Case ${params[0]}: see it with <code>ic-support case show ${params[0]}</code>.</p>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(html)) });
    res.end(html);
  };

  // ------------------------------------------------------------------ a case's life

  const caseChange = (caseId: string, changed: boolean, previousStatus: string) => ({ case: caseView(store.caseById(caseId)!, deps.urls.portal), changed, previousStatus });

  /** Refuses members other than `allowed`, naming each. */
  const onlyMembers = (body: Record<string, unknown>, allowed: string[], issues: FieldIssue[]): void => {
    for (const k of Object.keys(body)) if (!allowed.includes(k)) issues.push({ field: k, message: `not part of this request: send ${allowed.join(', ')}` });
  };

  const closeCase: Handler = async ({ req, res, params }) => {
    const auth = authenticate(req);
    const row = visibleCase(auth, params[0]!);
    if (!canWrite(auth)) throw forbidden(`Read Only contacts cannot close cases; ${auth.contact.name} is a Read Only contact.`);
    const body = await readObject(req, { optional: true });
    const issues: FieldIssue[] = [];
    onlyMembers(body, ['comment'], issues);
    const comment = str(body, 'comment', issues, { optional: true, max: 32000 })?.trim() || undefined;
    if (issues.length) throw invalid(issues);
    const r = life.close(row, auth.contact.id, comment);
    sendJson(res, 200, caseChange(row.id, r.changed, r.previousStatus));
  };

  const reopenCase: Handler = async ({ req, res, params }) => {
    const auth = authenticate(req);
    const row = visibleCase(auth, params[0]!);
    if (!canWrite(auth)) throw forbidden(`Read Only contacts cannot reopen cases; ${auth.contact.name} is a Read Only contact.`);
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    onlyMembers(body, ['comment'], issues);
    const comment = str(body, 'comment', issues, { max: 32000 });
    if (issues.length) throw invalid(issues);
    const r = life.reopen(row, auth.contact.id, comment!.trim());
    if (r.kind === 'window-closed') throw new HttpError(409, 'reopen_window_closed', reopenRefusal(caseSummary(row).number, r.closedOn, r.until));
    sendJson(res, 200, caseChange(row.id, r.kind === 'reopened', r.previousStatus));
  };

  const caseProcess: Handler = ({ req, res }) => {
    authenticate(req);
    sendJson(res, 200, { statuses: STATUSES, reopenWindowDays: REOPEN_WINDOW_DAYS, pendingBusinessDays: PENDING_BUSINESS_DAYS, pendingFollowUps: PENDING_FOLLOW_UPS, supportPhone: SUPPORT_PHONE });
  };

  const postResolution: Handler = async ({ req, res, params }) => {
    const row = adminCase(params[0]!);
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    const resolution = str(body, 'resolution', issues, { max: 32000 });
    if (issues.length) throw invalid(issues);
    if (isClosedStatus(row.status)) throw new HttpError(409, 'case_closed', `Case ${params[0]} is closed; reopen it before posting a resolution.`);
    life.postResolution(row, resolution!.trim());
    sendJson(res, 200, caseView(store.caseById(row.id)!, deps.urls.portal));
  };

  const escalate: Handler = async ({ req, res, params }) => {
    const row = adminCase(params[0]!);
    const body = await readObject(req);
    const issues: FieldIssue[] = [];
    const note = str(body, 'note', issues, { max: 32000 });
    const toDevelopment = body.assignToDevelopment;
    if (toDevelopment !== undefined && typeof toDevelopment !== 'boolean') issues.push({ field: 'assignToDevelopment', message: 'assignToDevelopment must be true or false' });
    if (issues.length) throw invalid(issues);
    const id = life.escalate(row, note!.trim(), toDevelopment === true);
    sendJson(res, 201, commentView(store.comment(id)!));
  };

  const clockView = () => ({ now: deps.sandboxClock.now().toISOString(), today: deps.sandboxClock.today(), offsetDays: deps.sandboxClock.offsetDays });

  const getClock: Handler = ({ res }) => sendJson(res, 200, clockView());

  const advanceClock: Handler = async ({ req, res }) => {
    const days = (await readObject(req)).days;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 3650) throw invalid([{ field: 'days', message: 'days must be a whole number of days from 1 to 3650' }]);
    deps.sandboxClock.advanceDays(days);
    life.sweep();
    sendJson(res, 200, clockView());
  };

  // ------------------------------------------------------------------ routing

  const NUM = '([^/]+)';
  const routes: Array<[string, RegExp, Handler]> = [
    ['POST', /^\/api\/v1\/sessions$/, createSession],
    ['DELETE', /^\/api\/v1\/sessions\/current$/, deleteSession],
    ['POST', /^\/api\/v1\/activation\/request$/, requestMail('activation')],
    ['POST', /^\/api\/v1\/activation\/confirm$/, confirmActivation],
    ['POST', /^\/api\/v1\/password-reset\/request$/, requestMail('password-reset')],
    ['POST', /^\/api\/v1\/password-reset\/confirm$/, confirmReset],
    ['GET', /^\/api\/v1\/me$/, me],
    ['GET', new RegExp(`^/api/v1/districts/${NUM}/contacts$`), districtContacts],
    ['GET', /^\/api\/v1\/picklists$/, picklists],
    ['POST', new RegExp(`^/api/v1/cases/${NUM}/close$`), closeCase],
    ['POST', new RegExp(`^/api/v1/cases/${NUM}/reopen$`), reopenCase],
    ['GET', /^\/api\/v1\/case-process$/, caseProcess],
    ['POST', new RegExp(`^/sandbox/v1/cases/${NUM}/resolution$`), admin(postResolution)],
    ['POST', new RegExp(`^/sandbox/v1/cases/${NUM}/escalations$`), admin(escalate)],
    ['GET', /^\/sandbox\/v1\/clock$/, admin(getClock)],
    ['POST', /^\/sandbox\/v1\/clock$/, admin(advanceClock)],
    ['GET', /^\/api\/v1\/catalog$/, catalogRoute],
    ['POST', /^\/api\/v1\/cases$/, createCase],
    ['GET', /^\/api\/v1\/cases$/, listCases],
    ['GET', new RegExp(`^/api/v1/cases/${NUM}$`), getCase],
    ['GET', new RegExp(`^/api/v1/cases/${NUM}/comments$`), listComments],
    ['POST', new RegExp(`^/api/v1/cases/${NUM}/comments$`), addComment],
    ['GET', new RegExp(`^/api/v1/cases/${NUM}/attachments$`), listAttachments],
    ['POST', new RegExp(`^/api/v1/cases/${NUM}/attachments$`), uploadAttachment],
    ['GET', new RegExp(`^/api/v1/cases/${NUM}/attachments/${NUM}$`), downloadAttachment],
    ['GET', /^\/status\/v1\/notifications$/, listNotifications],
    ['GET', new RegExp(`^/status/v1/notifications/${NUM}$`), getNotification],
    ['GET', /^\/sandbox\/v1\/info$/, admin(info)],
    ['POST', /^\/sandbox\/v1\/notifications$/, admin(postNotification)],
    ['PATCH', new RegExp(`^/sandbox/v1/notifications/${NUM}$`), admin(patchNotification)],
    ['POST', new RegExp(`^/sandbox/v1/notifications/${NUM}/close$`), admin(closeNotification)],
    ['POST', new RegExp(`^/sandbox/v1/notifications/${NUM}/updates$`), admin(addNotificationUpdate)],
    ['POST', new RegExp(`^/sandbox/v1/cases/${NUM}/comments$`), admin(vendorComment)],
    ['POST', new RegExp(`^/sandbox/v1/cases/${NUM}/resolve$`), admin(resolveCase)],
    ['GET', /^\/sandbox\/v1\/cases\/count$/, admin(countCases)],
    ['GET', /^\/sandbox\/v1\/mailbox$/, admin(mailbox)],
    ['DELETE', /^\/sandbox\/v1\/mailbox$/, admin(clearMailbox)],
    ['GET', /^\/sandbox\/v1\/faults$/, admin(getFaults)],
    ['PUT', /^\/sandbox\/v1\/faults$/, admin(putFaults)],
    ['DELETE', /^\/sandbox\/v1\/faults$/, admin(clearFaults)],
    ['GET', new RegExp(`^/customers/cases/${NUM}$`), webCase],
  ];

  function route(method: string, path: string): { handler: Handler; params: string[] } | undefined {
    let pathMatched = false;
    for (const [m, re, handler] of routes) {
      const hit = re.exec(path);
      if (!hit) continue;
      pathMatched = true;
      if (m === method) {
        try {
          return { handler, params: hit.slice(1).map((p) => decodeURIComponent(p)) };
        } catch {
          // A malformed percent-escape (%E0%A4%A) names nothing: not found, not a crash.
          throw new HttpError(404, 'not_found', `Nothing at ${path}: it holds a malformed %-escape.`);
        }
      }
    }
    if (pathMatched) throw new HttpError(404, 'not_found', `${method} is not supported on ${path}.`);
    return undefined;
  }

  /** Applies the fault configuration to one request; true when the request was answered or dropped. */
  async function injectFaults(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (!faultsActive(faults) || !faultApplies(faults, path)) return false;
    counters.matched++;
    const plan = planFault(faults, injected, random);
    if (plan.latencyMs > 0 || plan.before.kind !== 'none' || plan.dropAfter) injected++;
    if (plan.latencyMs > 0) {
      counters.delayed++;
      await sleep(plan.latencyMs);
    }
    switch (plan.before.kind) {
      case 'drop':
        counters.dropped++;
        req.socket.destroy();
        return true;
      case 'rateLimit':
        counters.rateLimited++;
        throw new HttpError(429, 'rate_limited', `Too many requests (injected by the sandbox). Retry after ${plan.before.retryAfterSeconds} s.`, undefined, {
          'Retry-After': String(plan.before.retryAfterSeconds),
        });
      case 'error':
        counters.errors++;
        throw new HttpError(plan.before.status, plan.before.status === 500 ? 'internal' : 'unavailable', `The portal is unavailable (fault injected by the sandbox: ${plan.before.status}).`);
      case 'none':
        break;
    }
    if (plan.dropAfter) {
      counters.droppedAfter++;
      // Handle the request for real, then lose the answer: the client cannot know it succeeded.
      res.writeHead = (() => res) as unknown as typeof res.writeHead;
      res.write = (() => true) as unknown as typeof res.write;
      res.end = (() => {
        req.socket.destroy();
        return res;
      }) as unknown as typeof res.end;
    }
    return false;
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = req.method ?? 'GET';
    let path = '/';
    res.on('finish', () => deps.log(`${method} ${path} ${res.statusCode} ${Date.now() - started}ms`));
    try {
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      path = url.pathname;
      if (await injectFaults(req, res, path)) {
        deps.log(`${method} ${path} dropped (fault)`);
        return;
      }
      // What fell due since the last request (3x10 follow-ups and closes) happens before it is answered.
      if (!path.startsWith('/status/')) life.sweep();
      const found = route(method, path);
      if (!found) throw notFound(`No such resource: ${method} ${path}. See schemas/portal-api.yaml.`);
      await found.handler({ req, res, url, params: found.params });
    } catch (e) {
      if (e instanceof HttpError) {
        sendError(res, e);
        return;
      }
      deps.log(`internal error on ${method} ${path}: ${(e as Error)?.message ?? String(e)}`);
      sendError(res, new HttpError(500, 'internal', 'The sandbox hit an unexpected error; its log has the details.'));
    }
  };
}
