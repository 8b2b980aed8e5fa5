/** Who the caller is (with what they may do in each district), and the contacts of their districts. */
import { forbidden, sendJson } from '../http.js';
import { SANDBOX_CATALOG_VERSION } from '../catalog.js';
import { canWrite } from '../app.js';
import type { Handler, Route } from '../router.js';
import { HOME_DISTRICT, ROLE_PERMISSIONS } from '../seed.js';
import { contactView, districtView } from '../views.js';

const me: Handler = ({ req, res, app }) => {
  const auth = app.authenticate(req);
  // close and reopen as the case-life routes enforce them (canWrite), so the two cannot drift.
  const permissions = {
    ...(ROLE_PERMISSIONS[auth.contact.role] ?? { submit: false, comment: false, attach: false }),
    close: canWrite(auth),
    reopen: canWrite(auth),
  };
  const home = HOME_DISTRICT[auth.contact.id] ?? (auth.districts.length === 1 ? auth.districts[0]!.id : null);
  sendJson(res, 200, {
    contact: contactView(auth.contact),
    districts: auth.districts.map((d) => ({ ...districtView(d), permissions })),
    homeDistrictId: home !== null && auth.districts.some((d) => d.id === home) ? home : null,
    catalogVersion: SANDBOX_CATALOG_VERSION,
    token: { expiresAt: auth.expiresAt },
  });
};

const districtContacts: Handler = ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  if (!auth.districts.some((d) => d.id === params.districtId))
    throw forbidden('You are not a contact of that district.');
  // Whether each has activated their account: who can be asked to file a case now.
  const contacts = app.store
    .contactsOf(params.districtId!)
    .map((c) => ({ ...contactView(c), activated: c.activated === 1 }));
  sendJson(res, 200, { contacts });
};

export const meRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/me', handle: me },
  { method: 'GET', path: '/api/v1/districts/:districtId/contacts', handle: districtContacts },
];
