/**
 * A case's life after filing (seed/case-process.md): the contact closes or reopens it; the vendor's
 * side posts a resolution (Pending), escalation notes, and moves the sandbox clock. The rules are in
 * ../case-life.ts; these handlers only check and answer.
 */
import { PENDING_BUSINESS_DAYS, PENDING_FOLLOW_UPS, REOPEN_WINDOW_DAYS } from '../../domain/case-life.js';
import { canWrite, type SandboxApp } from '../app.js';
import {
  CASE_LIFE_UNKNOWN_KEY,
  clockBody,
  closeBody,
  escalationBody,
  readBody,
  reopenBody,
  resolveBody,
} from '../bodies.js';
import { reopenRefusal, STATUSES } from '../case-life.js';
import { forbidden, HttpError, sendJson } from '../http.js';
import { adminOnly, type Handler, type Route } from '../router.js';
import { SUPPORT_PHONE } from '../seed.js';
import { isClosedStatus } from '../store.js';
import { caseSummary, caseView, commentView } from '../views.js';

const caseChange = (app: SandboxApp, caseId: string, changed: boolean, previousStatus: string) => ({
  case: caseView(app.store.caseById(caseId)!, app.deps.urls.portal),
  changed,
  previousStatus,
});

const closeCase: Handler = async ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  if (!canWrite(auth))
    throw forbidden(`Read Only contacts cannot close cases; ${auth.contact.name} is a Read Only contact.`);
  const { comment } = await readBody(req, closeBody, { optional: true, unknownKey: CASE_LIFE_UNKNOWN_KEY });
  const r = app.life.close(row, auth.contact.id, comment?.trim() || undefined);
  sendJson(res, 200, caseChange(app, row.id, r.changed, r.previousStatus));
};

const reopenCase: Handler = async ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  const row = app.visibleCase(auth, params.number!);
  if (!canWrite(auth))
    throw forbidden(`Read Only contacts cannot reopen cases; ${auth.contact.name} is a Read Only contact.`);
  const { comment } = await readBody(req, reopenBody, { unknownKey: CASE_LIFE_UNKNOWN_KEY });
  const r = app.life.reopen(row, auth.contact.id, comment.trim());
  if (r.kind === 'window-closed')
    throw new HttpError(409, 'reopen_window_closed', reopenRefusal(caseSummary(row).number, r.closedOn, r.until));
  sendJson(res, 200, caseChange(app, row.id, r.kind === 'reopened', r.previousStatus));
};

const caseProcess: Handler = ({ req, res, app }) => {
  app.authenticate(req);
  sendJson(res, 200, {
    statuses: STATUSES,
    reopenWindowDays: REOPEN_WINDOW_DAYS,
    pendingBusinessDays: PENDING_BUSINESS_DAYS,
    pendingFollowUps: PENDING_FOLLOW_UPS,
    supportPhone: SUPPORT_PHONE,
  });
};

const postResolution: Handler = async ({ req, res, params, app }) => {
  const row = app.anyCase(params.number!);
  const { resolution } = await readBody(req, resolveBody);
  if (isClosedStatus(row.status))
    throw new HttpError(409, 'case_closed', `Case ${params.number} is closed; reopen it before posting a resolution.`);
  app.life.postResolution(row, resolution.trim());
  sendJson(res, 200, caseView(app.store.caseById(row.id)!, app.deps.urls.portal));
};

const escalate: Handler = async ({ req, res, params, app }) => {
  const row = app.anyCase(params.number!);
  const { note, assignToDevelopment } = await readBody(req, escalationBody);
  const id = app.life.escalate(row, note.trim(), assignToDevelopment === true);
  sendJson(res, 201, commentView(app.store.comment(id)!));
};

const clockView = (app: SandboxApp) => {
  const c = app.deps.sandboxClock;
  return { now: c.now().toISOString(), today: c.today(), offsetDays: c.offsetDays };
};

const getClock: Handler = ({ res, app }) => sendJson(res, 200, clockView(app));

const advanceClock: Handler = async ({ req, res, app }) => {
  const { days } = await readBody(req, clockBody);
  app.deps.sandboxClock.advanceDays(days);
  app.life.sweep();
  sendJson(res, 200, clockView(app));
};

export const caseLifeRoutes: Route[] = [
  { method: 'POST', path: '/api/v1/cases/:number/close', handle: closeCase, body: closeBody },
  { method: 'POST', path: '/api/v1/cases/:number/reopen', handle: reopenCase, body: reopenBody },
  { method: 'GET', path: '/api/v1/case-process', handle: caseProcess },
  ...adminOnly([
    { method: 'POST', path: '/sandbox/v1/cases/:number/resolution', handle: postResolution, body: resolveBody },
    { method: 'POST', path: '/sandbox/v1/cases/:number/escalations', handle: escalate, body: escalationBody },
    { method: 'GET', path: '/sandbox/v1/clock', handle: getClock },
    { method: 'POST', path: '/sandbox/v1/clock', handle: advanceClock, body: clockBody },
  ]),
];
