/** The portal's own form: its catalog (with an ETag) and the picklists the guide leaves to the portal. */
import { CATALOG_ETAG, catalogAnswer, SANDBOX_CATALOG_VERSION, sandboxPicklists } from '../catalog.js';
import { sendEmpty, sendJson } from '../http.js';
import type { Handler, Route } from '../router.js';

const picklists: Handler = ({ res }) =>
  sendJson(res, 200, { catalogVersion: SANDBOX_CATALOG_VERSION, picklists: sandboxPicklists() });

// no-cache, not no-store: a client may keep the catalog, and asks each time whether it changed.
const REVALIDATE = { ETag: CATALOG_ETAG, 'Cache-Control': 'no-cache' };

const catalog: Handler = ({ req, res }) => {
  if (req.headers['if-none-match'] === CATALOG_ETAG) return sendEmpty(res, 304, REVALIDATE);
  sendJson(res, 200, catalogAnswer(), REVALIDATE);
};

export const catalogRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/picklists', handle: picklists },
  { method: 'GET', path: '/api/v1/catalog', handle: catalog },
];
