/** The status API: incidents and maintenance, as the Notifications page shows them (no sign-in). */
import { CASE_STATES } from '../../portal/schemas.js';
import type { SandboxApp } from '../app.js';
import { badRequest, notFound, sendJson } from '../http.js';
import type { Handler, Route } from '../router.js';
import { banner, notificationView } from '../views.js';

/** One notification with its updates, as every notification route answers it. */
export function notificationFull(app: SandboxApp, id: string) {
  const n = app.store.notification(id);
  if (!n) throw notFound(`Notification ${id} was not found.`);
  return notificationView(n, app.store.updates(n.id));
}

const listNotifications: Handler = ({ res, url, app }) => {
  const state = url.searchParams.get('state') ?? 'open';
  if (!(CASE_STATES as readonly string[]).includes(state))
    throw badRequest(`state must be open or closed (not "${state}").`);
  const open = app.store.notifications('open');
  const list = state === 'open' ? open : app.store.notifications('closed');
  sendJson(res, 200, {
    banner: banner(
      open.filter((n) => n.kind === 'incident').length,
      open.filter((n) => n.kind === 'maintenance').length,
    ),
    notifications: list.map((n) => notificationView(n, app.store.updates(n.id))),
  });
};

const getNotification: Handler = ({ res, params, app }) => sendJson(res, 200, notificationFull(app, params.id!));

export const notificationRoutes: Route[] = [
  { method: 'GET', path: '/status/v1/notifications', handle: listNotifications },
  { method: 'GET', path: '/status/v1/notifications/:id', handle: getNotification },
];
