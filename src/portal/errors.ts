/**
 * Maps what went wrong talking to the portal to the CLI's typed errors (src/errors.ts): API error
 * bodies by status and code, network and TLS failures by their error codes. Messages never carry
 * a token or a password; they name the fix.
 */
import {
  AuthError,
  BadAnswerError,
  CliError,
  ConflictError,
  ExitCode,
  NotFoundError,
  PermissionError,
  RateLimitError,
  UnavailableError,
  UsageError,
  ValidationError,
} from '../errors.js';
import { readAnswer } from './parse-answer.js';
import type { ApiProblem } from './schemas.js';

/** What the client takes from a problem answer. */
export interface ApiError {
  code: string | undefined;
  message: string | undefined;
  fields: { field: string; message: string }[] | undefined;
  requestId: string | undefined;
}

export interface ErrorContext {
  method: string;
  /** Path and query, no origin: what the user may see in a message. */
  path: string;
  origin: string;
  /** The proxy the request went through (no credentials), when there is one. */
  proxy?: string | undefined;
}

function tag<E extends CliError>(e: E, status: number, code: string): E {
  return e.withPortal({ status, code });
}

/**
 * Reads a problem answer (RFC 9457) leniently: what is not in the contract's shape keeps a generic
 * message. The contract has had one error shape since problem details; no portal sends another.
 */
export function parseApiError(body: unknown): ApiError | undefined {
  const p: ApiProblem | undefined = readAnswer('apiErrorSchema', body);
  if (!p) return undefined;
  const text = (v: string | undefined): string | undefined => (v?.trim() ? v : undefined);
  return { code: text(p.code), message: text(p.detail) ?? text(p.title), fields: p.fields, requestId: p.requestId };
}

// What each request of the contract does, in words: messages say this, never the API path (the
// path is in the --verbose lines). Matched at the end of the path, so a portal under a prefix works.
const REQUESTS: readonly [method: string, path: RegExp, words: string][] = [
  ['POST', /\/api\/v1\/sessions$/, 'signing in'],
  ['DELETE', /\/api\/v1\/sessions\/current$/, 'signing out'],
  ['POST', /\/api\/v1\/tokens$/, 'creating a personal access token'],
  ['GET', /\/api\/v1\/tokens$/, 'listing your personal access tokens'],
  ['DELETE', /\/api\/v1\/tokens\/([^/]+)$/, 'revoking personal access token $1'],
  ['*', /\/api\/v1\/activation\/[^/]+$/, 'activating the account'],
  ['*', /\/api\/v1\/password-reset\/[^/]+$/, 'resetting the password'],
  ['GET', /\/api\/v1\/me$/, 'asking who you are'],
  ['GET', /\/api\/v1\/districts\/[^/]+\/contacts$/, "listing a district's contacts"],
  ['GET', /\/api\/v1\/(?:picklists|catalog)$/, "reading the portal's catalog"],
  ['GET', /\/api\/v1\/case-process$/, "reading the portal's case process"],
  ['POST', /\/api\/v1\/cases$/, 'filing the case'],
  ['GET', /\/api\/v1\/cases$/, 'listing cases'],
  ['GET', /\/api\/v1\/cases\/([^/]+)$/, 'reading case $1'],
  ['GET', /\/api\/v1\/cases\/([^/]+)\/comments$/, 'reading the comments of case $1'],
  ['POST', /\/api\/v1\/cases\/([^/]+)\/comments$/, 'adding a comment to case $1'],
  ['POST', /\/api\/v1\/cases\/([^/]+)\/close$/, 'closing case $1'],
  ['POST', /\/api\/v1\/cases\/([^/]+)\/reopen$/, 'reopening case $1'],
  ['GET', /\/api\/v1\/cases\/([^/]+)\/attachments$/, 'listing the attachments of case $1'],
  ['POST', /\/api\/v1\/cases\/([^/]+)\/attachments$/, 'attaching a file to case $1'],
  ['GET', /\/api\/v1\/cases\/([^/]+)\/attachments\/[^/]+$/, 'downloading an attachment of case $1'],
  ['GET', /\/status\/v1\/notifications$/, 'reading the notifications'],
  ['GET', /\/status\/v1\/notifications\/([^/]+)$/, 'reading notification $1'],
  ['*', /\/sandbox\/v1\/.*$/, 'asking the sandbox'],
];

/** "reading case 00001042": what a request was for, as a message may say it (no path, no query). */
export function describeRequest(ctx: Pick<ErrorContext, 'method' | 'path'>): string {
  const path = ctx.path.split('?')[0] ?? '';
  for (const [method, pattern, words] of REQUESTS) {
    if (method !== '*' && method !== ctx.method) continue;
    const m = pattern.exec(path);
    if (!m) continue;
    let id = m[1] ?? '';
    try {
      id = decodeURIComponent(id);
    } catch {
      // shown as sent
    }
    return words.replace('$1', id);
  }
  return 'talking to the portal';
}

/**
 * The hint for a 403 names what the portal refused (its own words are the message): a comment
 * refused is not explained by submitting, and no rule of the district's is made up.
 */
export function forbiddenHint(ctx: Pick<ErrorContext, 'method' | 'path'>): string {
  const path = ctx.path.split('?')[0] ?? '';
  const others = "See your district's contacts and their types with: ic-support contacts";
  if (ctx.method === 'POST' && /\/cases$/.test(path))
    return `This portal does not let your contact file cases. ${others}`;
  if (ctx.method === 'POST' && /\/comments$/.test(path))
    return `This portal does not let your contact comment on this case. ${others}`;
  if (ctx.method === 'POST' && /\/attachments$/.test(path))
    return `This portal does not let your contact attach files to this case. ${others}`;
  if (ctx.method === 'POST' && /\/(close|reopen)$/.test(path))
    return `This portal does not let your contact ${path.endsWith('close') ? 'close' : 'reopen'} this case. ${others}`;
  if (/\/districts\//.test(path))
    return 'You are not a contact of that district; see your districts with: ic-support accounts';
  return 'The portal refused this request for your account; its words are above.';
}

export function mapApiError(status: number, body: unknown, ctx: ErrorContext, retryAfterSeconds?: number): CliError {
  const api = parseApiError(body);
  const code = api?.code ?? `http_${status}`;
  const msg = api?.message ?? `HTTP ${status} from ${ctx.origin} while ${describeRequest(ctx)}`;
  switch (status) {
    case 400:
      return tag(
        new UsageError(
          `The portal rejected the request: ${msg}`,
          // A listing's 400 names the filter value the portal does not know (and the near one).
          ctx.method === 'GET'
            ? 'Check the value it names; --help lists what each flag takes.'
            : 'This is likely a bug in ic-support; run again with --verbose and report it.',
        ),
        status,
        code,
      );
    case 401:
      if (code === 'invalid_credentials')
        return tag(
          new AuthError(
            'Wrong email or password.',
            'Check them and try again; forgot the password? ic-support auth reset-password --email YOU@district.org',
          ),
          status,
          code,
        );
      if (code === 'token_expired')
        return tag(new AuthError('Your sign-in has expired.', 'Sign in again with: ic-support login'), status, code);
      return tag(
        new AuthError(`Not signed in, or the token was revoked (${msg}).`, 'Sign in with: ic-support login'),
        status,
        code,
      );
    case 403:
      if (code === 'account_not_activated')
        return tag(
          new AuthError(
            'This account has not been activated yet.',
            'Activate it first (an email with a token is sent): ic-support auth activate --email YOU@district.org',
          ),
          status,
          code,
        );
      return tag(new PermissionError(`Not allowed: ${msg}`, forbiddenHint(ctx)), status, code);
    case 404:
      return tag(new NotFoundError(msg), status, code);
    case 415:
      return tag(
        new UsageError(
          `The portal does not take the request's body as sent: ${msg}`,
          'This is likely a bug in ic-support; run again with --verbose and report it.',
        ),
        status,
        code,
      );
    case 409:
      return tag(
        new ConflictError(
          msg,
          code === 'idempotency_in_progress'
            ? 'The same submission is still being processed; try again in a few seconds.'
            : undefined,
        ),
        status,
        code,
      );
    case 413:
      return tag(
        new ValidationError(
          [{ field: ctx.path.includes('/attachments') ? 'file' : 'body', message: msg }],
          undefined,
          ctx.path.includes('/attachments')
            ? 'The file is larger than this portal accepts: compress or split it. ic-support catalog status shows the limits the portal publishes.'
            : 'The request is larger than this portal accepts.',
        ),
        status,
        code,
      );
    case 422:
      if (code === 'idempotency_key_reused')
        return tag(
          new ConflictError(
            msg,
            'This idempotency key was already used for a different case; use a new key for a new case.',
          ),
          status,
          code,
        );
      return tag(
        new ValidationError(
          api?.fields?.length ? api.fields : [{ field: '(request)', message: msg }],
          'the portal’s answer',
        ),
        status,
        code,
      );
    case 429:
      return tag(new RateLimitError(`Rate limited by the portal: ${msg}`, retryAfterSeconds), status, code);
    default:
      if (status >= 500)
        return tag(
          new UnavailableError(
            `The portal is unavailable (HTTP ${status}): ${msg}`,
            'Try again later; ic-support notifications shows outages and maintenance.',
          ),
          status,
          code,
        );
      if (status >= 300 && status < 400)
        return tag(
          new CliError(
            `The portal answered with a redirect (HTTP ${status}) while ${describeRequest(ctx)}.`,
            ExitCode.usage,
            'Check portalUrl (ic-support config get portalUrl): give the final https:// address.',
          ),
          status,
          code,
        );
      return tag(
        new BadAnswerError(
          `Unexpected HTTP ${status} from the portal: ${msg}`,
          'The API contract has no such answer: something between you and the portal may have answered. Check portalUrl (ic-support config get portalUrl); --verbose shows the answer.',
        ),
        status,
        code,
      );
  }
}

export const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

/** Transient: another attempt may succeed. */
/** The cap on an answer's headers the dispatcher sets (Node's own default), named in its error. */
export const MAX_HEADER_BYTES = 16 * 1024;

export const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  // Our own deadline for a whole exchange (./client.ts): as a header timeout, worth one more try.
  'IC_TOTAL_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** The code of a network error (undici wraps the system error in `cause`). */
export function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR_CONNECT') return code;
    const next = (cur as { cause?: unknown }).cause;
    if (!next) return typeof code === 'string' ? code : undefined;
    cur = next;
  }
  return undefined;
}

/**
 * What to do about a certificate this machine does not trust: the district's CA file; and, on a
 * Node that can read the operating system's certificate store (22.15+, 24), that store, where an
 * inspecting proxy's CA usually already is on Windows and macOS.
 */
export function tlsHint(flags: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): string {
  const system = flags.has('--use-system-ca')
    ? " Or let Node use the operating system's certificate store, where your district's CA may already be: NODE_USE_SYSTEM_CA=1 (or NODE_OPTIONS=--use-system-ca)."
    : '';
  return `If your district's network inspects TLS, give its CA certificate (PEM): --ca-file FILE, or \`ic-support config set caFile FILE\`, or the environment variable NODE_EXTRA_CA_CERTS=FILE.${system}`;
}

export function mapNetworkError(e: unknown, ctx: ErrorContext, attempts: number): CliError {
  const code = networkCode(e) ?? 'unknown';
  const host = ctx.origin;
  if (TLS_CODES.has(code)) {
    const why =
      code === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'its certificate is for another host name'
        : code === 'CERT_HAS_EXPIRED'
          ? 'its certificate has expired'
          : 'its certificate is not signed by a CA this machine trusts';
    // Not an UnavailableError: trying again later will not help, so nothing is queued for later.
    return new CliError(
      `Could not verify the TLS certificate of ${host} (${code}): ${why}.`,
      ExitCode.unavailable,
      tlsHint(),
    );
  }
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (code === 'IC_TOTAL_TIMEOUT') {
    return new UnavailableError(
      `${host} did not finish answering in time while ${describeRequest(ctx)} (${e instanceof Error ? e.message : 'timed out'}).`,
      'A slow network may need more: IC_SUPPORT_HTTP_TIMEOUT=SECONDS or `ic-support config set httpTimeout SECONDS`.',
    );
  }
  const proxy = ctx.proxy !== undefined && viaProxyFailed(e, ctx.proxy) ? ctx.proxy : undefined;
  if (proxy !== undefined) {
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'ENOTFOUND'
          ? 'its host name is not found'
          : code.includes('TIMEOUT')
            ? 'it did not answer in time'
            : code;
    return new UnavailableError(
      `Could not reach the proxy ${proxy} (${why}), through which ${host} is reached.`,
      'Check the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY): is the proxy running, is its address right?',
    );
  }
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    // Reached, but its answer broke the contract: not worth queueing or trying again.
    return new BadAnswerError(
      `${host} answered with more than ${MAX_HEADER_BYTES / 1024} KiB of headers while ${describeRequest(ctx)}; the answer was not read.`,
      'Something between you and the portal may have answered (a proxy, a sign-in page). Check portalUrl (ic-support config get portalUrl); report it if it goes on.',
    );
  }
  if (code === 'ENOTFOUND')
    return new UnavailableError(
      `Could not find the host of ${host} (DNS lookup failed).`,
      'Check portalUrl (ic-support config get portalUrl) and your network.',
    );
  if (code === 'ECONNREFUSED')
    return new UnavailableError(
      `Could not connect to ${host}: connection refused${tries}.`,
      'Check portalUrl (ic-support config get portalUrl); is the portal (or the sandbox) running?',
    );
  if (code.includes('TIMEOUT') || code === 'ETIMEDOUT')
    return new UnavailableError(
      `${host} did not answer in time (${code})${tries}.`,
      'Try again later; behind a proxy, set HTTPS_PROXY.',
    );
  const detail = e instanceof Error ? e.message : String(e);
  return new UnavailableError(
    `Could not reach ${host} while ${describeRequest(ctx)}${tries}: ${code !== 'unknown' ? `${code}, ` : ''}${detail}.`,
    'Check your network and proxy settings (HTTPS_PROXY, NO_PROXY); try again later.',
  );
}

/** Unavailable or rate limited: worth trying again later (the outbox builds on this). */
export function isTransient(e: unknown): boolean {
  return e instanceof UnavailableError || e instanceof RateLimitError;
}

/**
 * Whether a connection failure was the proxy's: the failed address or host name is the proxy's
 * (undici reports the socket it could not open: with a proxy, that is the proxy's).
 */
function viaProxyFailed(e: unknown, proxy: string): boolean {
  let p: URL;
  try {
    p = new URL(proxy);
  } catch {
    return false;
  }
  const port = p.port || (p.protocol === 'https:' ? '443' : '80');
  const host = p.hostname.replace(/^\[|\]$/g, '');
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const x = cur as { port?: unknown; address?: unknown; hostname?: unknown; cause?: unknown };
    if (x.hostname === host) return true;
    if (
      x.port !== undefined &&
      String(x.port) === port &&
      (x.address === undefined || x.address === host || !/^[\d.:]+$/.test(host))
    )
      return true;
    cur = x.cause;
  }
  return false;
}
