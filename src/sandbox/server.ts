/**
 * The sandbox portal's request handling: one request in, the router's handler for it, faults
 * applied before, the one error shape (RFC 9457 problem details) after. It trusts nothing the client sends: bodies are checked
 * with zod (bodies.ts) and cases with the CLI's own catalog code (src/domain/validation.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SandboxApp, type PortalDeps } from './app.js';
import { HttpError, REQUEST_ID_HEADER, clientIp, sendError } from './http.js';
import { limitItem, policyItem } from './limits.js';
import { hashToken, newId } from './secrets.js';
import { createRouter } from './router.js';
import { ROUTES } from './routes/index.js';

export type { PortalDeps } from './app.js';

/**
 * The request target as a URL. Joined to the base rather than resolved against it: resolved,
 * `//sandbox/v1/x` would read as a host named "sandbox" and the path `/v1/x`.
 */
function requestUrl(target: string | undefined): URL {
  const t = target ?? '/';
  return t.startsWith('/') ? new URL(`http://sandbox.invalid${t}`) : new URL(t);
}

const LOOPBACK_NAMES = /^(?:(?:[a-z0-9-]+\.)*localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A sandbox that listens on loopback answers only requests addressed to loopback: a web page whose
 * name an attacker re-points at 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
 */
function checkLoopbackHost(host: string | undefined): void {
  // HTTP/1.0 may leave Host out; a browser never does, so there is nothing to rebind.
  if (host === undefined) return;
  const name = host.replace(/:\d*$/, '');
  if (!LOOPBACK_NAMES.test(name))
    throw new HttpError(
      421,
      'bad_request',
      `This sandbox listens on loopback and answers only requests for localhost, 127.0.0.1 or [::1], not Host "${host}".`,
    );
}

/**
 * The portal's request quota (IETF httpapi ratelimit-headers): every answer of the portal's API
 * states the policy (RateLimit-Policy) and what is left of it (RateLimit); past it, 429 with
 * Retry-After at the window's end. A caller is its bearer token, else its address.
 */
function takeQuota(app: SandboxApp, req: IncomingMessage, res: ServerResponse): void {
  const auth = req.headers.authorization;
  const key = typeof auth === 'string' && auth ? `token ${hashToken(auth)}` : `ip ${clientIp(req)}`;
  const policy = app.requests.policy;
  const state = app.requests.take(key, app.deps.clock().getTime());
  res.setHeader('RateLimit-Policy', policyItem(policy));
  res.setHeader('RateLimit', limitItem(policy, state));
  if (!state.allowed)
    throw new HttpError(
      429,
      'rate_limited',
      `Too many requests: this portal serves ${policy.quota} a caller every ${policy.windowSeconds} s. Try again in ${state.resetSeconds} s.`,
      undefined,
      { 'Retry-After': String(state.resetSeconds) },
    );
}

export function createPortal(deps: PortalDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const app = new SandboxApp(deps);
  const router = createRouter(ROUTES);

  return async function handle(req, res) {
    const started = Date.now();
    const method = req.method ?? 'GET';
    let path = '/';
    // Each answer names its request; the log line too, so a requestId a user quotes finds it.
    const requestId = newId('req');
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // The portal's own time, as its clock has it (moved forward by the admin API): a client that
    // follows changes (updatedSince) or reads an HTTP-date Retry-After goes by this, not its own
    // clock, and its local date checks follow the portal's date (Node would send the machine's).
    res.setHeader('Date', deps.clock().toUTCString());
    res.on('finish', () => deps.log(`${method} ${path} ${res.statusCode} ${Date.now() - started}ms ${requestId}`));
    try {
      const url = requestUrl(req.url);
      path = url.pathname;
      if (deps.loopbackOnly) checkLoopbackHost(req.headers.host);
      // Authorized on the route the router matched (it percent-decodes), not on the path's text.
      const { route, params } = router.match(method, path);
      if (route.admin) app.requireAdmin(req);
      else if (path.startsWith('/api/')) takeQuota(app, req, res);
      if (!route.admin && (await app.faults.apply(req, res, path))) {
        deps.log(`${method} ${path} dropped (fault)`);
        return;
      }
      // What fell due since the last request (3x10 follow-ups and closes) happens before it is answered.
      if (!path.startsWith('/status/')) app.life.sweep();
      await route.handle({ req, res, url, params, app });
    } catch (e) {
      if (e instanceof HttpError) {
        sendError(res, e);
        return;
      }
      deps.log(`internal error on ${method} ${path}: ${(e as Error)?.message ?? String(e)}`);
      sendError(res, new HttpError(500, 'internal', 'The sandbox hit an unexpected error; its log has the details.'));
    }
  };
}
