/**
 * Personal access tokens: for a CI job or a scheduled script, which should not hold a password. A
 * contact signed in with email and password creates one with a name, an expiry (1 to 365 days)
 * and a scope (read: GET only; file: everything the contact may do), sees it once, lists and
 * revokes them. The portal keeps only its SHA-256 hash.
 */
import { tokenCreateBody, readBody } from '../bodies.js';
import type { Auth } from '../app.js';
import { forbidden, notFound, sendEmpty, sendJson } from '../http.js';
import type { Handler, Route } from '../router.js';
import { hashToken, newId, newToken } from '../secrets.js';
import type { PersonalTokenRow } from '../store.js';

export const DEFAULT_TOKEN_DAYS = 90;

const tokenView = (t: PersonalTokenRow) => ({
  id: t.id,
  name: t.name,
  scope: t.scope,
  createdAt: t.created_at,
  expiresAt: t.expires_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

/** Tokens are managed from a session only: a token cannot make or see others. */
function signedInWithPassword(auth: Auth): void {
  if (auth.via.kind !== 'session')
    throw forbidden('Personal access tokens are managed from a session: sign in with email and password first.');
}

const createToken: Handler = async ({ req, res, app }) => {
  const auth = app.authenticate(req);
  signedInWithPassword(auth);
  const b = await readBody(req, tokenCreateBody);
  const now = app.deps.clock();
  const token = newToken('icpat');
  const row: PersonalTokenRow = {
    id: newId('pat'),
    contact_id: auth.contact.id,
    name: b.name.trim(),
    scope: b.scope ?? 'read',
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + (b.expiresInDays ?? DEFAULT_TOKEN_DAYS) * 86_400_000).toISOString(),
    revoked_at: null,
    last_used_at: null,
  };
  app.store.addPersonalToken({ ...row, token_hash: hashToken(token) });
  // The only time the token is shown: the portal keeps its hash.
  sendJson(res, 201, { ...tokenView(row), token }, { Location: `/api/v1/tokens/${row.id}` });
};

const listTokens: Handler = ({ req, res, app }) => {
  const auth = app.authenticate(req);
  signedInWithPassword(auth);
  sendJson(res, 200, { tokens: app.store.personalTokensOf(auth.contact.id).map(tokenView) });
};

const revokeToken: Handler = ({ req, res, params, app }) => {
  const auth = app.authenticate(req);
  signedInWithPassword(auth);
  if (!app.store.revokePersonalToken(auth.contact.id, params.id!, app.now()))
    throw notFound(`You have no personal access token ${params.id}.`);
  sendEmpty(res, 204);
};

export const tokenRoutes: Route[] = [
  { method: 'POST', path: '/api/v1/tokens', handle: createToken, body: tokenCreateBody },
  { method: 'GET', path: '/api/v1/tokens', handle: listTokens },
  { method: 'DELETE', path: '/api/v1/tokens/:id', handle: revokeToken },
];
