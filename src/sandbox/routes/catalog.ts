/** The portal's own form: its catalog (with an ETag) and the picklists the guide leaves to the portal. */
import { CATALOG_ETAG, catalogAnswer, SANDBOX_CATALOG_VERSION, sandboxPicklists } from '../catalog.js';
import { sendEmpty, sendJson } from '../http.js';
import type { Handler, Route } from '../router.js';

const picklists: Handler = ({ res }) =>
  sendJson(res, 200, { catalogVersion: SANDBOX_CATALOG_VERSION, picklists: sandboxPicklists() });

const catalog: Handler = ({ req, res }) => {
  if (req.headers['if-none-match'] === CATALOG_ETAG) return sendEmpty(res, 304, { ETag: CATALOG_ETAG });
  sendJson(res, 200, catalogAnswer(), { ETag: CATALOG_ETAG });
};

export const catalogRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/picklists', handle: picklists },
  { method: 'GET', path: '/api/v1/catalog', handle: catalog },
];
