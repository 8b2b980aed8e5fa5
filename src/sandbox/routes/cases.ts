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
import { badRequest, forbidden, invalid, readObject, sendJson } from '../http.js';
import type { Handler, Route } from '../router.js';
import { sandboxView } from '../catalog.js';
import { HOME_DISTRICT, ROLE_PERMISSIONS } from '../seed.js';
import { canonicalHash, newId } from '../secrets.js';
import { hold, idempotencyKey, remember, replay, taken } from '../idempotency.js';
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
    { today: localToday(app.deps.clock()), catalog: sandboxView, asPortal: true },
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
  if (!ROLE_PERMISSIONS[auth.contact.role]?.submit) {
    throw forbidden(
      `${auth.contact.role} contacts cannot file cases; ${auth.contact.name} is a ${auth.contact.role} contact.`,
    );
  }
  const key = idempotencyKey(req, true)!;
  const release = hold(app, auth, key);
  try {
    const body = await readObject(req);
    const keyed = { key, scope: 'POST /api/v1/cases', bodyHash: canonicalHash(body) };
    if (replay(app, auth, keyed, res)) return;
    const { valid, district, contact } = checkCase(app, auth, body);
    const at = app.now();
    const id = newId('cas');
    const fields: Record<string, unknown> = { account: district.name, contact: contact.name, ...valid.fields };
    fields.account = district.name;
    fields.contact = contact.name;
    const answer = store.tx(() => {
      // Another process on the same database may have won the race for this key.
      if (taken(app, auth, key)) return undefined;
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
      const row = store.caseById(id)!;
      const made = {
        status: 201,
        body: caseView(row, app.deps.urls.portal),
        location: `/api/v1/cases/${caseSummary(row).number}`,
      };
      remember(app, auth, keyed, made);
      return made;
    });
    if (!answer) {
      replay(app, auth, keyed, res);
      return;
    }
    sendJson(res, answer.status, answer.body, { Location: answer.location });
  } finally {
    release();
  }
};

/**
 * `updatedSince`: an RFC 3339 date-time with its offset (2026-12-07T09:00:00Z, …-05:00), as the
 * stored instants' UTC text; 400 naming the parameter otherwise.
 */
export function updatedSinceParam(q: URLSearchParams): string | undefined {
  const text = q.get('updatedSince');
  if (text === null) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(t))
    throw badRequest(
      `updatedSince must be an RFC 3339 date-time with its offset, such as 2026-12-07T09:00:00Z (not "${text.slice(0, 80)}").`,
    );
  return new Date(t).toISOString();
}

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
    updatedSince: updatedSinceParam(q),
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

const listComments: Handler = ({ req, res, url, params, app }) => {
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  const since = updatedSinceParam(url.searchParams);
  sendJson(res, 200, { comments: app.store.comments(row.id, since).map(commentView) });
};

const addComment: Handler = async ({ req, res, params, app }) => {
  const { store } = app;
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  if (!canWrite(auth)) throw forbidden('Read Only contacts cannot comment on cases.');
  // Optional here (required to file a case): with one, a retry never posts the comment twice.
  const key = idempotencyKey(req, false);
  const release = key ? hold(app, auth, key) : () => undefined;
  try {
    const body = await readBody(req, commentBody);
    const keyed = key
      ? { key, scope: `POST /api/v1/cases/${caseSummary(row).number}/comments`, bodyHash: canonicalHash(body) }
      : undefined;
    if (keyed && replay(app, auth, keyed, res)) return;
    const id = newId('cmt');
    const at = app.now();
    const answer = store.tx(() => {
      if (keyed && taken(app, auth, keyed.key)) return undefined;
      store.addComment({
        id,
        caseId: row.id,
        body: body.body.trim(),
        authorId: auth.contact.id,
        fromVendor: false,
        createdAt: at,
      });
      store.touchCase(row.id, at, auth.contact.id);
      // An answer to a posted resolution ends Pending: Support looks again.
      app.life.contactReplied(row, auth.contact.id);
      const made = { status: 201, body: commentView(store.comment(id)!) };
      if (keyed) remember(app, auth, keyed, made);
      return made;
    });
    if (!answer) {
      replay(app, auth, keyed!, res);
      return;
    }
    sendJson(res, answer.status, answer.body);
  } finally {
    release();
  }
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
