/** Signing in and out, activation and password reset (the tokens go to the sandbox's mailbox). */
import { HttpError, forbidden, sendEmpty, sendJson, clientIp } from '../http.js';
import { credentialsBody, emailOnlyBody, readBody, tokenAndPasswordBody } from '../bodies.js';
import type { SandboxApp } from '../app.js';
import type { Handler, RequestContext, Route } from '../router.js';
import { hashPassword, hashToken, newId, newToken, verifyPassword } from '../secrets.js';
import type { ContactRow } from '../store.js';
import { contactView } from '../views.js';
import { invalid } from '../http.js';
import { limitItem, policyItem } from '../limits.js';
import type { ServerResponse } from 'node:http';

/**
 * The sign-in limit stated beside the portal's quota (server.ts): its policy, 5 failures a minute
 * per email and client address, and the failures left.
 */
function stateSignInLimit(res: ServerResponse, app: SandboxApp, key: string, nowMs: number): void {
  const limit = app.loginFailures;
  const items = {
    'RateLimit-Policy': policyItem(limit.policy),
    RateLimit: limitItem(limit.policy, limit.state(key, nowMs)),
  };
  for (const [name, item] of Object.entries(items)) {
    const others = String(res.getHeader(name) ?? '')
      .split(/,\s*(?=")/)
      .filter((x) => x && !x.startsWith('"sign-in"'));
    res.setHeader(name, [...others, item].join(', '));
  }
}

const ONE_TIME_TOKEN_TTL_MS = 24 * 3_600_000;
type MailKind = 'activation' | 'password-reset';

const createSession: Handler = async ({ req, res, app }) => {
  const { email, password } = await readBody(req, credentialsBody);
  const { store, deps } = app;
  const key = `${email.trim().toLowerCase()}\n${clientIp(req)}`;
  const t = deps.clock().getTime();
  const limit = app.loginFailures.reserve(key, t);
  stateSignInLimit(res, app, key, t);
  if (!limit.allowed) {
    throw new HttpError(
      429,
      'rate_limited',
      `Too many failed sign-ins for this email. Try again in ${limit.retryAfterSeconds} s.`,
      undefined,
      {
        'Retry-After': String(limit.retryAfterSeconds),
      },
    );
  }
  const contact = store.contactByEmail(email);
  // An unknown email costs the same hashing as a known one, and only the right password learns
  // that an account is not activated yet: the answers tell a stranger nothing about who has one.
  const ok = contact ? await verifyPassword(password, contact.password_hash) : (await hashPassword(password), false);
  if (!contact || !ok) throw new HttpError(401, 'invalid_credentials', 'The email or password is not right.');
  app.loginFailures.succeed(key);
  stateSignInLimit(res, app, key, t);
  if (contact.role !== ('Vendor' as string) && !contact.activated) {
    throw new HttpError(
      403,
      'account_not_activated',
      'This account is not activated yet: confirm it and set a password first (POST /api/v1/activation/request).',
    );
  }
  const token = newToken('icsb');
  const expiresAt = new Date(t + deps.tokenTtlSeconds * 1000).toISOString();
  store.addSession(hashToken(token), contact.id, app.now(), expiresAt);
  sendJson(res, 201, { token, expiresAt, contact: contactView(contact) });
};

const deleteSession: Handler = ({ req, res, app }) => {
  const auth = app.authenticate(req);
  if (auth.via.kind === 'personal')
    throw forbidden(
      `This is a personal access token, not a session: revoke it with DELETE /api/v1/tokens/${auth.via.id}.`,
    );
  app.store.revokeSession(auth.tokenHash, app.now());
  sendEmpty(res, 204);
};

function sendMail(app: SandboxApp, contact: ContactRow, kind: MailKind): void {
  const token = newToken(kind === 'activation' ? 'act' : 'rst');
  app.store.addOneTimeToken(
    hashToken(token),
    kind,
    contact.id,
    new Date(app.deps.clock().getTime() + ONE_TIME_TOKEN_TTL_MS).toISOString(),
  );
  const subject =
    kind === 'activation'
      ? 'Confirm your Infinite Campus Support Portal account'
      : 'Reset your Infinite Campus Support Portal password';
  const body =
    kind === 'activation'
      ? `Hello ${contact.name},\n\nConfirm your account and set a password with this token (valid 24 hours):\n\n${token}\n\nic-support auth activate --email ${contact.email}\n`
      : `Hello ${contact.name},\n\nReset your password with this token (valid 24 hours):\n\n${token}\n\nic-support auth reset-password --email ${contact.email}\n`;
  app.store.addMail({ id: newId('msg'), to_email: contact.email, kind, subject, body, token, created_at: app.now() });
}

/** Always 202, whether or not the email has an account: the answer tells a stranger nothing. */
const requestMail =
  (kind: MailKind): Handler =>
  async ({ req, res, app }) => {
    const { email } = await readBody(req, emailOnlyBody);
    const contact = app.store.contactByEmail(email);
    if (
      contact &&
      contact.role !== ('Vendor' as string) &&
      (kind === 'activation' ? !contact.activated : contact.activated)
    )
      sendMail(app, contact, kind);
    sendEmpty(res, 202);
  };

async function confirmToken({ req, app }: RequestContext, kind: MailKind): Promise<ContactRow> {
  const { token, password } = await readBody(req, tokenAndPasswordBody);
  const hash = await hashPassword(password);
  const contactId = app.store.useOneTimeToken(hashToken(token), kind, app.now());
  if (!contactId)
    throw invalid([
      {
        field: 'token',
        message: 'the token is not valid: it may have expired or been used already; request a new one',
      },
    ]);
  app.store.setPassword(contactId, hash, true);
  app.store.revokeSessionsOf(contactId, app.now());
  return app.store.contactById(contactId)!;
}

const confirmActivation: Handler = async (c) => {
  const contact = await confirmToken(c, 'activation');
  sendJson(c.res, 200, { contact: contactView(contact) });
};

const confirmReset: Handler = async (c) => {
  await confirmToken(c, 'password-reset');
  sendEmpty(c.res, 204);
};

export const sessionRoutes: Route[] = [
  { method: 'POST', path: '/api/v1/sessions', handle: createSession, body: credentialsBody },
  { method: 'DELETE', path: '/api/v1/sessions/current', handle: deleteSession },
  { method: 'POST', path: '/api/v1/activation/request', handle: requestMail('activation'), body: emailOnlyBody },
  { method: 'POST', path: '/api/v1/activation/confirm', handle: confirmActivation, body: tokenAndPasswordBody },
  {
    method: 'POST',
    path: '/api/v1/password-reset/request',
    handle: requestMail('password-reset'),
    body: emailOnlyBody,
  },
  { method: 'POST', path: '/api/v1/password-reset/confirm', handle: confirmReset, body: tokenAndPasswordBody },
];
