/** Cases: filing (validated with the CLI's own catalog code, exactly once per Idempotency-Key), listing, reading, comments. */
import { catalog } from '../../domain/catalog/index.js';
import { localToday } from '../../domain/dates.js';
import { closest } from '../../domain/text.js';
import { validateCase } from '../../domain/validation.js';
import type { FieldIssue } from '../../errors.js';
import { canWrite, districtList, type Auth, type SandboxApp } from '../app.js';
import { findContact, findDistrict } from '../../domain/account.js';
import { CASE_UNKNOWN_KEY, caseCreateBody, commentBody, parseWith, readBody } from '../bodies.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { badRequest, forbidden, HttpError, invalid, readObject, sendJson } from '../http.js';
import type { Handler, Route } from '../router.js';
import { sandboxView } from '../catalog.js';
import { HOME_DISTRICT } from '../seed.js';
import { canonicalHash, newId } from '../secrets.js';
import { STATUSES } from '../case-life.js';
import type { ContactRow, DistrictRow } from '../store.js';
import { caseSummary, caseView, commentView } from '../views.js';

/** Validates a create-case body; resolves account and contact. All problems at once, as 422. */
function checkCase(app: SandboxApp, auth: Auth, body: Record<string, unknown>) {
  const envelope = parseWith(caseCreateBody, body, { unknownKey: CASE_UNKNOWN_KEY });
  const issues: FieldIssue[] = envelope.ok ? [] : envelope.issues;
  if (issues.some((i) => i.field === 'fields')) throw invalid(issues);
  const fields = (body.fields ?? {}) as Record<string, unknown>;
  if ('caseType' in fields)
    issues.push({ field: 'fields.caseType', message: 'give the case type once, as caseType beside fields' });
  if ('attachments' in fields)
    issues.push({
      field: 'fields.attachments',
      message: 'attachments are uploaded after the case is created: POST /api/v1/cases/{number}/attachments',
    });
  const { caseType: _c, attachments: _a, ...rest } = fields;
  const acks = body.acknowledgements;
  const ackKeys = new Set(
    sandboxView.types.flatMap((t) => t.fields.filter((f) => f.kind === 'acknowledgement').map((f) => f.key)),
  );
  for (const k of Object.keys(rest))
    if (ackKeys.has(k))
      issues.push({
        field: `fields.${k}`,
        message: `${k} is an acknowledgement, not a field: send it in acknowledgements`,
      });
  const ackValues = typeof acks === 'object' && acks !== null && !Array.isArray(acks) ? acks : {};
  const result = validateCase(
    { ...rest, ...ackValues, caseType: body.caseType },
    { today: localToday(app.deps.clock()), catalog: sandboxView },
  );
  if (!result.ok) issues.push(...result.issues);

  let district: DistrictRow | undefined;
  const account = fields.account;
  if (account === undefined) {
    // The caller's own district (homeDistrictId of GET /me, as the contract says), else the only one.
    district =
      auth.districts.find((d) => d.id === HOME_DISTRICT[auth.contact.id]) ??
      (auth.districts.length === 1 ? auth.districts[0] : undefined);
    if (!district)
      issues.push({
        field: 'account',
        message: `you are a contact of several districts and none is your own; choose the account: ${districtList(auth)}`,
      });
  } else if (typeof account === 'string' && account.trim()) {
    district = findDistrict(auth.districts, account);
    if (!district)
      issues.push({ field: 'account', message: `"${account}" is not one of your districts: ${districtList(auth)}` });
  }
  let contact: ContactRow | undefined;
  const given = fields.contact;
  if (district) {
    if (given === undefined) contact = auth.contact;
    else if (typeof given === 'string' && given.trim()) {
      contact = findContact(app.store.contactsOf(district.id), given);
      if (!contact)
        issues.push({
          field: 'contact',
          message: `"${given}" is not a contact of ${district.name}; give a contact id or email of that district (GET /api/v1/districts/${district.id}/contacts)`,
        });
    }
  }
  if (issues.length || !result.ok || !district || !contact) throw invalid(issues);
  // Stored as a portal stores a case: its fields only (the statements are in the description).
  const kept = Object.fromEntries(Object.entries(result.value.fields).filter(([k]) => !ackKeys.has(k)));
  return { valid: { ...result.value, fields: kept }, district, contact };
}

const createCase: Handler = async ({ req, res, app }) => {
  const { store } = app;
  const auth = app.authenticate(req);
  if (auth.contact.role !== 'Authorized') {
    throw forbidden(`Only Authorized Contacts submit cases; ${auth.contact.name} is a ${auth.contact.role} contact.`);
  }
  const rawKey = req.headers['idempotency-key'];
  const key = typeof rawKey === 'string' ? rawKey.trim() : '';
  if (!key || key.length > 200)
    throw badRequest(
      'Send an Idempotency-Key header of 1 to 200 characters, chosen once per submission and reused on every retry.',
    );
  const flightKey = `${auth.contact.id}\n${key}`;
  if (app.inFlight.has(flightKey)) {
    throw new HttpError(
      409,
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still being processed; retry in a moment.',
      undefined,
      { 'Retry-After': '1' },
    );
  }
  app.inFlight.add(flightKey);
  try {
    const body = await readObject(req);
    const bodyHash = canonicalHash(body);
    const replay = (): boolean => {
      const seen = store.idempotency(auth.contact.id, key);
      if (!seen) return false;
      if (seen.body_hash !== bodyHash) {
        throw new HttpError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different case; use a new key for a new case.',
        );
      }
      const row = store.caseById(seen.case_id)!;
      sendJson(res, 200, caseView(row, app.deps.urls.portal), {
        'Idempotency-Replayed': 'true',
        Location: `/api/v1/cases/${caseSummary(row).number}`,
      });
      return true;
    };
    if (replay()) return;
    const { valid, district, contact } = checkCase(app, auth, body);
    const at = app.now();
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
    sendJson(res, 201, caseView(row, app.deps.urls.portal), { Location: `/api/v1/cases/${caseSummary(row).number}` });
  } finally {
    app.inFlight.delete(flightKey);
  }
};

const listCases: Handler = ({ req, res, url, app }) => {
  const auth = app.authenticate(req);
  const q = url.searchParams;
  const status = q.get('status') ?? 'open';
  if (!['open', 'closed', 'all'].includes(status))
    throw badRequest(`status must be open, closed or all (not "${status}").`);
  const limitText = q.get('limit') ?? '25';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 100)
    throw badRequest(`limit must be a whole number from 1 to 100 (not "${limitText}").`);
  const caseType = q.get('caseType') ?? undefined;
  if (caseType && !catalog.types.some((t) => t.id === caseType))
    throw badRequest(`caseType must be a case type id: ${catalog.types.map((t) => t.id).join(', ')}.`);
  let districtIds = auth.districts.map((d) => d.id);
  const account = q.get('account');
  if (account) {
    const d = findDistrict(auth.districts, account);
    if (!d) throw badRequest(`account "${account}" is not one of your districts: ${districtList(auth)}.`);
    districtIds = [d.id];
  }
  const cursorText = q.get('cursor');
  const after = cursorText ? decodeCursor(cursorText) : undefined;
  if (cursorText && !after) throw badRequest('cursor is not valid: pass the nextCursor of a previous page unchanged.');
  const text = q.get('q')?.trim();
  // One rule for every filter: a value the portal does not know is 400 naming it (and the near one).
  const caseStatus = q.get('caseStatus')?.trim() || undefined;
  if (caseStatus && !STATUSES.some((s) => s.name.toLowerCase() === caseStatus.toLowerCase())) {
    const names = STATUSES.map((s) => s.name);
    const near = closest(caseStatus, names);
    throw badRequest(
      `caseStatus "${caseStatus.slice(0, 80)}" is not a status of this portal${near ? ` (did you mean "${near}"?)` : ''}: ${names.join(', ')}.`,
    );
  }
  const rows = app.store.listCases({
    districtIds,
    state: status as 'open' | 'closed' | 'all',
    caseStatus,
    caseType,
    q: text || undefined,
    limit: limit + 1,
    after,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor({ lastModifiedAt: last.modified_at, number: last.number }) : null;
  sendJson(res, 200, { cases: page.map(caseSummary), nextCursor });
};

const getCase: Handler = ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  sendJson(res, 200, caseView(app.visibleCase(auth, params.number!), app.deps.urls.portal));
};

const listComments: Handler = ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  sendJson(res, 200, { comments: app.store.comments(row.id).map(commentView) });
};

const addComment: Handler = async ({ req, res, params, app }) => {
  const { store } = app;
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  if (!canWrite(auth)) throw forbidden('Read Only contacts cannot comment on cases.');
  const text = (await readBody(req, commentBody)).body.trim();
  const id = newId('cmt');
  const at = app.now();
  store.tx(() => {
    store.addComment({ id, caseId: row.id, body: text, authorId: auth.contact.id, fromVendor: false, createdAt: at });
    store.touchCase(row.id, at, auth.contact.id);
    // An answer to a posted resolution ends Pending: Support looks again.
    app.life.contactReplied(row, auth.contact.id);
  });
  sendJson(res, 201, commentView(store.comment(id)!));
};

/** The web page a case's `url` points at (for --web). */
const webCase: Handler = ({ res, params }) => {
  // The number is whatever the path held: shown, never interpreted as markup.
  const n = params.number!.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const html = `<!doctype html><meta charset="utf-8"><title>Case ${n} (sandbox)</title><p>This is the ic-support sandbox. Case ${n}: see it with <code>ic-support case show ${n}</code>.</p>`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(Buffer.byteLength(html)) });
  res.end(html);
};

export const caseRoutes: Route[] = [
  { method: 'POST', path: '/api/v1/cases', handle: createCase, body: caseCreateBody },
  { method: 'GET', path: '/api/v1/cases', handle: listCases },
  { method: 'GET', path: '/api/v1/cases/:number', handle: getCase },
  { method: 'GET', path: '/api/v1/cases/:number/comments', handle: listComments },
  { method: 'POST', path: '/api/v1/cases/:number/comments', handle: addComment, body: commentBody },
  { method: 'GET', path: '/customers/cases/:number', handle: webCase },
];
