/**
 * The vendor's side, under /sandbox/v1 (the server checks X-Sandbox-Admin for every path there):
 * posting and updating notifications, vendor comments and resolutions, the mailbox, faults, counts.
 */
import { catalog } from '../../domain/catalog/index.js';
import {
  NOTIFICATION_PATCH_UNKNOWN_KEY,
  notificationCloseBody,
  notificationCreateBody,
  notificationPatchBody,
  notificationUpdateBody,
  readBody,
  resolveBody,
  vendorCommentBody,
} from '../bodies.js';
import { faultsBody, parseFaults } from '../faults.js';
import { badRequest, invalid, notFound, readObject, sendEmpty, sendJson } from '../http.js';
import { adminOnly, type Handler, type Route } from '../router.js';
import { newId } from '../secrets.js';
import { VENDOR } from '../seed.js';
import { caseView, commentView, mailView } from '../views.js';
import { notificationFull } from './notifications.js';

const postNotification: Handler = async ({ req, res, app }) => {
  const b = await readBody(req, notificationCreateBody);
  const id = newId('ntf');
  const at = b.postedAt ?? app.now();
  app.store.tx(() => {
    app.store.addNotification({
      id,
      kind: b.kind,
      title: b.title,
      status: b.status?.trim() || (b.kind === 'incident' ? 'Investigating' : 'Scheduled'),
      state: 'open',
      starts_at: b.startsAt ?? at,
      ends_at: b.endsAt ?? null,
      posted_at: at,
    });
    if (b.body?.trim())
      app.store.addUpdate({ id: newId('upd'), notification_id: id, posted_at: at, body: b.body.trim() });
  });
  sendJson(res, 201, notificationFull(app, id));
};

function existingNotification(app: Parameters<Handler>[0]['app'], id: string) {
  const n = app.store.notification(id);
  if (!n) throw notFound(`Notification ${id} was not found.`);
  return n;
}

const patchNotification: Handler = async ({ req, res, params, app }) => {
  const n = existingNotification(app, params.id!);
  const b = await readBody(req, notificationPatchBody, { unknownKey: NOTIFICATION_PATCH_UNKNOWN_KEY });
  app.store.updateNotification(n.id, {
    ...(b.title ? { title: b.title } : {}),
    ...(b.status ? { status: b.status } : {}),
    ...(b.startsAt ? { starts_at: b.startsAt } : {}),
    ...(b.endsAt === null ? { ends_at: null } : b.endsAt ? { ends_at: b.endsAt } : {}),
    ...(b.state ? { state: b.state } : {}),
  });
  sendJson(res, 200, notificationFull(app, n.id));
};

const closeNotification: Handler = async ({ req, res, params, app }) => {
  const n = existingNotification(app, params.id!);
  const b = await readBody(req, notificationCloseBody, { optional: true });
  const at = app.now();
  app.store.tx(() => {
    app.store.updateNotification(n.id, {
      state: 'closed',
      status: b.status?.trim() || (n.kind === 'incident' ? 'Resolved' : 'Completed'),
      // A window it already has is kept (the guide's DigiCert incident: 01:27 PM - 02:25 PM,
      // however much later it is closed); one without ends when it is closed.
      ends_at: b.endsAt ?? n.ends_at ?? at,
    });
    if (b.body?.trim())
      app.store.addUpdate({ id: newId('upd'), notification_id: n.id, posted_at: at, body: b.body.trim() });
  });
  sendJson(res, 200, notificationFull(app, n.id));
};

const addNotificationUpdate: Handler = async ({ req, res, params, app }) => {
  const n = existingNotification(app, params.id!);
  const b = await readBody(req, notificationUpdateBody);
  app.store.tx(() => {
    app.store.addUpdate({
      id: newId('upd'),
      notification_id: n.id,
      posted_at: b.postedAt ?? app.now(),
      body: b.body.trim(),
    });
    if (b.status?.trim()) app.store.updateNotification(n.id, { status: b.status.trim() });
  });
  sendJson(res, 201, notificationFull(app, n.id));
};

const vendorComment: Handler = async ({ req, res, params, app }) => {
  const { store } = app;
  const row = app.anyCase(params.number!);
  const b = await readBody(req, vendorCommentBody);
  const id = newId('cmt');
  const at = app.now();
  store.tx(() => {
    store.addComment({ id, caseId: row.id, body: b.body.trim(), authorId: VENDOR.id, fromVendor: true, createdAt: at });
    if (b.status) store.setCaseStatus(row.id, b.status, at, VENDOR.id);
    else store.touchCase(row.id, at, VENDOR.id);
  });
  sendJson(res, 201, commentView(store.comment(id)!));
};

const resolveCase: Handler = async ({ req, res, params, app }) => {
  const row = app.anyCase(params.number!);
  const { resolution } = await readBody(req, resolveBody);
  app.store.setCaseStatus(row.id, 'Closed', app.now(), VENDOR.id, resolution.trim());
  sendJson(res, 200, caseView(app.store.caseById(row.id)!, app.deps.urls.portal));
};

const mailbox: Handler = ({ res, url, app }) => {
  const to = url.searchParams.get('to') ?? undefined;
  sendJson(res, 200, { messages: app.store.mail(to).map(mailView) });
};

const clearMailbox: Handler = ({ res, app }) => {
  app.store.clearMail();
  sendEmpty(res, 204);
};

const getFaults: Handler = ({ res, app }) => sendJson(res, 200, app.faults.state());

const putFaults: Handler = async ({ req, res, app }) => {
  const parsed = parseFaults(await readObject(req));
  if (!parsed.ok) throw invalid(parsed.issues);
  app.faults.set(parsed.value);
  app.deps.log(`faults set: ${JSON.stringify(parsed.value)}`);
  sendJson(res, 200, app.faults.state());
};

const clearFaults: Handler = ({ res, app }) => {
  app.faults.clear();
  sendEmpty(res, 204);
};

const countCases: Handler = ({ res, url, app }) => {
  const q = url.searchParams;
  const account = q.get('account');
  let districtId: string | undefined;
  if (account) {
    const d = app.store.allDistricts().find((x) => x.id === account || x.name.toLowerCase() === account.toLowerCase());
    if (!d) throw badRequest(`account "${account}" is not a district of the sandbox.`);
    districtId = d.id;
  }
  sendJson(res, 200, {
    count: app.store.countCases({ districtId, subject: q.get('subject') ?? undefined, q: q.get('q') ?? undefined }),
  });
};

const info: Handler = ({ res, app }) =>
  sendJson(res, 200, {
    url: app.deps.urls.portal,
    statusUrl: app.deps.urls.status,
    dataDir: app.deps.dataDir,
    catalogVersion: catalog.catalogVersion,
    cases: app.store.countCases({}),
  });

export const adminRoutes: Route[] = adminOnly([
  { method: 'GET', path: '/sandbox/v1/info', handle: info },
  { method: 'POST', path: '/sandbox/v1/notifications', handle: postNotification, body: notificationCreateBody },
  { method: 'PATCH', path: '/sandbox/v1/notifications/:id', handle: patchNotification, body: notificationPatchBody },
  {
    method: 'POST',
    path: '/sandbox/v1/notifications/:id/close',
    handle: closeNotification,
    body: notificationCloseBody,
  },
  {
    method: 'POST',
    path: '/sandbox/v1/notifications/:id/updates',
    handle: addNotificationUpdate,
    body: notificationUpdateBody,
  },
  { method: 'POST', path: '/sandbox/v1/cases/:number/comments', handle: vendorComment, body: vendorCommentBody },
  { method: 'POST', path: '/sandbox/v1/cases/:number/resolve', handle: resolveCase, body: resolveBody },
  { method: 'GET', path: '/sandbox/v1/cases/count', handle: countCases },
  { method: 'GET', path: '/sandbox/v1/mailbox', handle: mailbox },
  { method: 'DELETE', path: '/sandbox/v1/mailbox', handle: clearMailbox },
  { method: 'GET', path: '/sandbox/v1/faults', handle: getFaults },
  { method: 'PUT', path: '/sandbox/v1/faults', handle: putFaults, body: faultsBody },
  { method: 'DELETE', path: '/sandbox/v1/faults', handle: clearFaults },
]);
