/**
 * Every route of the sandbox, by resource. To add a route: write its handler in the file of its
 * resource (or a new file here exporting `<resource>Routes: Route[]`, one `{ method, path, handle }`
 * each), add the file's list below if it is new, and describe the operation in
 * schemas/portal-api.yaml (test/unit/sandbox-contract.test.ts checks that both agree). Read a JSON
 * body with `readBody(req, schema)` (a zod schema in src/sandbox/bodies.ts) and name the schema as
 * the route's `body`; throw HttpError for any other answer.
 * Paths under /sandbox/ are the vendor's side, described in schemas/sandbox-admin-api.yaml: list
 * them with `adminOnly` (router.ts), so the server asks for the admin key on the matched route.
 */
import type { Route } from '../router.js';
import { adminRoutes } from './admin.js';
import { attachmentRoutes } from './attachments.js';
import { caseLifeRoutes } from './case-life.js';
import { caseRoutes } from './cases.js';
import { catalogRoutes } from './catalog.js';
import { meRoutes } from './me.js';
import { notificationRoutes } from './notifications.js';
import { sessionRoutes } from './sessions.js';
import { tokenRoutes } from './tokens.js';

export const ROUTES: readonly Route[] = [
  ...sessionRoutes,
  ...meRoutes,
  ...tokenRoutes,
  ...catalogRoutes,
  ...caseRoutes,
  ...caseLifeRoutes,
  ...attachmentRoutes,
  ...notificationRoutes,
  ...adminRoutes,
];
