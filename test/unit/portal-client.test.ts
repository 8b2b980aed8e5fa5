/**
 * The portal client against strict HTTP stubs (undici MockAgent, no network): retries, backoff,
 * Retry-After, attempt and time bounds, which requests are repeated, error mapping, contract
 * parsing, redaction. An unmatched request or an unused stub fails the test.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  BadAnswerError,
  CliError,
  ConflictError,
  ExitCode,
  FileProblemError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  UnavailableError,
  UsageError,
  ValidationError,
} from '../../src/errors.js';
import {
  PortalClient,
  describeRetry,
  parseRetryAfter,
  filenameFromDisposition,
  type RetryEvent,
  type RetryPolicy,
} from '../../src/portal/client.js';
import { isTransient, mapNetworkError } from '../../src/portal/errors.js';
import { caList, proxyFor, proxySettings } from '../../src/portal/dispatcher.js';
import { redact } from '../../src/portal/redact.js';

const ORIGIN = 'https://portal.test';
const STATUS = 'https://status.test';
const TOKEN = 'tok_secret_abcdef123456';
const JSON_HEADERS = { headers: { 'content-type': 'application/json' } };

const contact = { id: 'c1', name: 'Zack Morris (TESTING)', email: 'zack@bayside.example', role: 'Authorized' };
const me = {
  contact,
  districts: [{ id: 'd1', name: 'Bayside School (TESTING)' }],
  token: { expiresAt: '2030-01-01T00:00:00Z' },
};
const apiError = (code: string, message: string, fields?: { field: string; message: string }[]) => ({
  type: `https://ic-support.invalid/problems/${code}`,
  title: code,
  detail: message,
  code,
  requestId: 'req_test',
  ...(fields ? { fields } : {}),
});

let agent: MockAgent;
let sleeps: number[];
let logs: string[];
let clockMs: number;

function client(opts: { token?: string | undefined; retry?: Partial<RetryPolicy> } = {}): PortalClient {
  return new PortalClient({
    portalUrl: ORIGIN,
    statusUrl: STATUS,
    token: 'token' in opts ? opts.token : TOKEN,
    dispatcher: agent,
    debug: (l) => logs.push(l),
    retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 10_000, ...opts.retry },
    // The clock moves only when the client sleeps: delays are exact and tests take no time.
    sleep: async (ms) => {
      sleeps.push(ms);
      clockMs += ms;
    },
    random: () => 0.5,
    now: () => clockMs,
  });
}

const portal = () => agent.get(ORIGIN);

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  sleeps = [];
  logs = [];
  clockMs = 1_000_000;
});

afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

describe('successful requests', () => {
  it('sends the bearer token and parses /me with the contract schema', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } })
      .reply(200, me, JSON_HEADERS);
    const c = client();
    await expect(c.me()).resolves.toEqual(me);
    expect(c.lastAttempts).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('asks for notifications at the status base URL, without a token', async () => {
    const body = {
      banner: { color: 'gray', text: 'No open notifications', openIncidents: 0, openMaintenance: 0 },
      notifications: [],
    };
    agent
      .get(STATUS)
      .intercept({ path: '/status/v1/notifications?state=open', method: 'GET' })
      .reply(
        200,
        (opts) => {
          expect((opts.headers as Record<string, string>).authorization).toBeUndefined();
          return body;
        },
        JSON_HEADERS,
      );
    await expect(client({ token: undefined }).notifications()).resolves.toEqual(body);
  });

  it('reports a replayed case creation', async () => {
    const kase = {
      number: '00001042',
      caseType: 'ask-a-question',
      status: 'New',
      state: 'open',
      priority: 'Medium',
      subject: 's',
      account: { id: 'd1', name: 'B' },
      lastModifiedAt: '2026-01-01T00:00:00Z',
      id: 'x',
      contact: { id: 'c1', name: 'Z' },
      fields: {},
      resolution: null,
      createdAt: '2026-01-01T00:00:00Z',
      createdBy: { id: 'c1', name: 'Z' },
      lastModifiedBy: { id: 'c1', name: 'Z' },
      closedAt: null,
      url: 'https://portal.test/cases/00001042',
    };
    portal()
      .intercept({ path: '/api/v1/cases', method: 'POST', headers: { 'idempotency-key': 'k-1' } })
      .reply(201, kase, { headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } });
    const r = await client().createCase({ caseType: 'ask-a-question', fields: { subject: 's' } }, 'k-1');
    expect(r.replayed).toBe(true);
    expect(r.case.number).toBe('00001042');
  });

  it('repeats a comment under the same Idempotency-Key, derived from its case and text', async () => {
    const keys: string[] = [];
    const comment = { id: 'cm1', body: 'hello', author: { id: 'c1', name: 'Z' }, fromVendor: false, createdAt: 'x' };
    portal()
      .intercept({ path: '/api/v1/cases/00001042/comments', method: 'POST' })
      .reply((o) => {
        keys.push(String((o.headers as Record<string, string>)['idempotency-key']));
        return { statusCode: 503, data: apiError('unavailable', 'down'), responseOptions: JSON_HEADERS };
      });
    portal()
      .intercept({ path: '/api/v1/cases/00001042/comments', method: 'POST' })
      .reply((o) => {
        keys.push(String((o.headers as Record<string, string>)['idempotency-key']));
        return { statusCode: 201, data: comment, responseOptions: JSON_HEADERS };
      });
    const c = client();
    expect((await c.addComment('00001042', 'hello')).id).toBe('cm1');
    expect(c.lastAttempts).toBe(2);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^comment-[0-9a-f]{40}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('uploads an attachment as a streamed multipart body of known length', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-upload-'));
    const file = join(dir, 'screenshot.png');
    writeFileSync(file, Buffer.alloc(200_000, 7));
    const att = {
      id: 'a1',
      filename: 'screenshot.png',
      size: 200_000,
      contentType: 'image/png',
      createdAt: '2026-01-01T00:00:00Z',
      createdBy: { id: 'c1', name: 'Z' },
    };
    let seen: Record<string, string> = {};
    portal()
      .intercept({ path: '/api/v1/cases/00001042/attachments', method: 'POST' })
      .reply((opts) => {
        seen = Object.fromEntries(
          Object.entries(opts.headers as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
        );
        return { statusCode: 201, data: att, responseOptions: JSON_HEADERS };
      });
    await expect(client().uploadAttachment('00001042', file, { contentType: 'image/png' })).resolves.toEqual(att);
    expect(seen['content-type']).toMatch(/^multipart\/form-data; boundary=----ic-support-[0-9a-f]{24}$/);
    // The body's length is known up front: the file's size plus the part's head and tail.
    expect(Number(seen['content-length'])).toBeGreaterThan(200_000);
    expect(Number(seen['content-length'])).toBeLessThan(200_500);
    // (What the body holds is checked against busboy in test/unit/multipart.test.ts.)
  });

  it('downloads an attachment into a file, 0600, with the name from Content-Disposition', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-download-'));
    const dest = join(dir, 'out.bin');
    const bytes = Buffer.alloc(70_000, 3);
    portal()
      .intercept({ path: '/api/v1/cases/00001042/attachments/a1', method: 'GET' })
      .reply(200, bytes, {
        headers: { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="report.pdf"' },
      });
    const r = await client().downloadAttachment('00001042', 'a1', dest, { maxBytes: 70_000 });
    expect(r).toEqual({ filename: 'report.pdf', contentType: 'application/pdf', bytes: 70_000 });
    expect(readFileSync(dest).equals(bytes)).toBe(true);
    expect(statSync(dest).mode & 0o777).toBe(0o600);
  });

  it('refuses to send a request needing sign-in when there is no token', async () => {
    await expect(client({ token: undefined }).me()).rejects.toBeInstanceOf(AuthError);
  });
});

describe('retries', () => {
  it('retries a GET on 503 with jittered exponential backoff, then succeeds', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(503, apiError('unavailable', 'down'), JSON_HEADERS)
      .times(2);
    portal().intercept({ path: '/api/v1/me', method: 'GET' }).reply(200, me, JSON_HEADERS);
    const c = client();
    await c.me();
    expect(c.lastAttempts).toBe(3);
    // random() = 0.5: three quarters of each step (100, 200).
    expect(sleeps).toEqual([75, 150]);
  });

  it('retries on 502 and 504 and on connection resets, never more than the attempt bound', async () => {
    portal().intercept({ path: '/api/v1/picklists', method: 'GET' }).reply(502, 'Bad Gateway');
    portal()
      .intercept({ path: '/api/v1/picklists', method: 'GET' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    portal().intercept({ path: '/api/v1/picklists', method: 'GET' }).reply(504, 'Gateway Timeout');
    portal()
      .intercept({ path: '/api/v1/picklists', method: 'GET' })
      .reply(503, apiError('unavailable', 'still down'), JSON_HEADERS);
    const c = client();
    const e = await c.picklists().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnavailableError);
    expect((e as CliError).exitCode).toBe(ExitCode.unavailable);
    expect(c.lastAttempts).toBe(4);
    expect(sleeps).toHaveLength(3);
    expect(logs.some((l) => /not retrying .* 4 attempts made/.test(l))).toBe(true);
  });

  it('honors Retry-After on 429 (seconds), waiting at least that long', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(429, apiError('rate_limited', 'slow down'), {
        headers: { 'content-type': 'application/json', 'retry-after': '2' },
      });
    portal().intercept({ path: '/api/v1/me', method: 'GET' }).reply(200, me, JSON_HEADERS);
    await client().me();
    expect(sleeps).toEqual([2000]);
    expect(logs.some((l) => l.includes('Retry-After: 2 s'))).toBe(true);
  });

  it('gives up at once with a RateLimitError when Retry-After is beyond the time budget', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(429, apiError('rate_limited', 'slow down'), {
        headers: { 'content-type': 'application/json', 'retry-after': '60' },
      });
    const e = await client()
      .me()
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RateLimitError);
    expect((e as RateLimitError).retryAfterSeconds).toBe(60);
    expect((e as CliError).exitCode).toBe(ExitCode.rateLimited);
    expect(sleeps).toEqual([]);
  });

  it('stops retrying when the total time budget is spent', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(503, apiError('unavailable', 'down'), JSON_HEADERS)
      .times(3);
    const c = client({ retry: { attempts: 10, baseDelayMs: 1000, maxDelayMs: 4000, budgetMs: 3000 } });
    await expect(c.me()).rejects.toBeInstanceOf(UnavailableError);
    // 750 then 1500 fit in 3000 ms; the third wait (3000) would not.
    expect(sleeps).toEqual([750, 1500]);
    expect(c.lastAttempts).toBe(3);
  });

  it('never repeats a POST without an Idempotency-Key (a sign-in)', async () => {
    portal()
      .intercept({ path: '/api/v1/sessions', method: 'POST' })
      .reply(503, apiError('unavailable', 'down'), JSON_HEADERS);
    const c = client();
    await expect(c.createSession('a@b.example', 'pw')).rejects.toBeInstanceOf(UnavailableError);
    expect(c.lastAttempts).toBe(1);
    expect(logs.some((l) => l.includes('not safe to repeat'))).toBe(true);
  });

  it('does not retry a rate-limited sign-in', async () => {
    portal()
      .intercept({ path: '/api/v1/sessions', method: 'POST' })
      .reply(429, apiError('rate_limited', 'too many attempts'), {
        headers: { 'content-type': 'application/json', 'retry-after': '30' },
      });
    const e = await client({ token: undefined })
      .createSession('zack@bayside.example', 'wrong password!')
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RateLimitError);
    expect((e as CliError).hint).toContain('30 s');
  });

  it('repeats a POST carrying an Idempotency-Key, with the same key each time', async () => {
    const keys: string[] = [];
    portal()
      .intercept({ path: '/api/v1/cases', method: 'POST' })
      .reply((opts) => {
        keys.push(String((opts.headers as Record<string, string>)['idempotency-key']));
        return { statusCode: 503, data: apiError('unavailable', 'down'), responseOptions: JSON_HEADERS };
      })
      .times(2);
    portal()
      .intercept({ path: '/api/v1/cases', method: 'POST' })
      .replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    portal()
      .intercept({ path: '/api/v1/cases', method: 'POST' })
      .reply((opts) => {
        keys.push(String((opts.headers as Record<string, string>)['idempotency-key']));
        return {
          statusCode: 422,
          data: apiError('validation_failed', 'invalid', [{ field: 'subject', message: 'required' }]),
          responseOptions: JSON_HEADERS,
        };
      });
    const c = client();
    const e = await c.createCase({ caseType: 'ask-a-question', fields: {} }, 'key-123').catch((x: unknown) => x);
    expect(c.lastAttempts).toBe(4);
    expect(keys).toEqual(['key-123', 'key-123', 'key-123']);
    expect(e).toBeInstanceOf(ValidationError);
    expect((e as ValidationError).issues).toEqual([{ field: 'subject', message: 'required' }]);
  });

  it('tells onRetry what failed, the delay and the attempt n of m (spinner text)', async () => {
    portal().intercept({ path: '/api/v1/me', method: 'GET' }).reply(503, apiError('unavailable', 'down'), JSON_HEADERS);
    portal().intercept({ path: '/api/v1/me', method: 'GET' }).reply(200, me, JSON_HEADERS);
    const events: RetryEvent[] = [];
    const c = new PortalClient({
      portalUrl: ORIGIN,
      token: TOKEN,
      dispatcher: agent,
      retry: { attempts: 4, baseDelayMs: 2000, maxDelayMs: 8000, budgetMs: 60_000 },
      random: () => 0.5,
      sleep: async () => undefined,
      onRetry: (e) => events.push(e),
    });
    await c.me();
    expect(events).toEqual([{ status: 503, code: undefined, delayMs: 1500, attempt: 2, attempts: 4 }]);
    expect(describeRetry(events[0]!)).toBe('portal answered 503, retrying in 2 s (attempt 2 of 4)');
    expect(describeRetry({ status: undefined, code: 'ECONNRESET', delayMs: 400, attempt: 3, attempts: 4 })).toBe(
      'no answer from the portal (ECONNRESET), retrying in 1 s (attempt 3 of 4)',
    );
  });

  it('does not retry a 500 (a bug at the portal, not a passing outage)', async () => {
    portal().intercept({ path: '/api/v1/me', method: 'GET' }).reply(500, apiError('internal', 'oops'), JSON_HEADERS);
    const c = client();
    await expect(c.me()).rejects.toBeInstanceOf(UnavailableError);
    expect(c.lastAttempts).toBe(1);
  });
});

describe('error mapping', () => {
  const cases: [number, unknown, new (...a: never[]) => CliError, number, RegExp][] = [
    [401, apiError('token_expired', 'expired'), AuthError, ExitCode.auth, /expired/],
    [401, apiError('unauthenticated', 'revoked'), AuthError, ExitCode.auth, /Not signed in/],
    [401, apiError('invalid_credentials', 'no'), AuthError, ExitCode.auth, /Wrong email or password/],
    [
      403,
      apiError('forbidden', 'Read Only contacts cannot submit'),
      PermissionError,
      ExitCode.permission,
      /Not allowed/,
    ],
    [403, apiError('account_not_activated', 'activate first'), AuthError, ExitCode.auth, /not been activated/],
    [404, apiError('not_found', 'No case 00009999'), NotFoundError, ExitCode.notFound, /00009999/],
    [409, apiError('idempotency_in_progress', 'busy'), ConflictError, ExitCode.conflict, /busy/],
    [413, apiError('payload_too_large', 'too big'), ValidationError, ExitCode.usage, /1 problem/],
    [422, apiError('idempotency_key_reused', 'other body'), ConflictError, ExitCode.conflict, /other body/],
    [400, apiError('bad_request', 'malformed'), UsageError, ExitCode.usage, /malformed/],
  ];
  for (const [status, body, cls, code, msg] of cases) {
    it(`${status} ${(body as { code: string }).code} -> ${cls.name} (exit ${code})`, async () => {
      portal()
        .intercept({ path: '/api/v1/me', method: 'GET' })
        .reply(status, body as object, JSON_HEADERS);
      const e = (await client()
        .me()
        .catch((x: unknown) => x)) as CliError;
      expect(e).toBeInstanceOf(cls);
      expect(e.exitCode).toBe(code);
      expect(e.message).toMatch(msg);
      expect(e.portal).toEqual({ status, code: (body as { code: string }).code });
    });
  }

  it('an auth failure carries the hint that fixes it', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(401, apiError('token_expired', 'expired'), JSON_HEADERS);
    const e = (await client()
      .me()
      .catch((x: unknown) => x)) as CliError;
    expect(e.hint).toContain('ic-support login');
  });

  it('an answer that does not match the contract is a clear error naming the field', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(200, { ...me, contact: { ...contact, role: ['Admin'] } }, JSON_HEADERS);
    const e = (await client()
      .me()
      .catch((x: unknown) => x)) as CliError;
    expect(e).toBeInstanceOf(CliError);
    expect(e.message).toMatch(/does not match the API contract: contact\.role/);
    expect(e.exitCode).toBe(ExitCode.badPortalAnswer);
    expect(e.hint).toMatch(/portalUrl/);
  });

  it('an HTML page (a captive portal, a wrong URL) is the portal’s fault (exit 14), its first bytes under --verbose', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(200, '<html>Sign in to the Wi-Fi\u001b]0;x\u0007</html>', { headers: { 'content-type': 'text/html' } });
    const e = (await client()
      .me()
      .catch((x: unknown) => x)) as CliError;
    expect(e).toBeInstanceOf(BadAnswerError);
    expect(e.exitCode).toBe(ExitCode.badPortalAnswer);
    expect(e.message).toMatch(/is not JSON \(text\/html\)/);
    expect(logs.join('\n')).toContain(
      'first bytes of the answer (text/html): <html>Sign in to the Wi-Fi^[]0;x^G</html>',
    );
  });

  it('a 2xx body over its cap is refused while it streams (exit 14)', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(200, JSON.stringify({ pad: 'x'.repeat(5000) }), JSON_HEADERS);
    const e = (await client()
      .call({ method: 'GET', path: '/api/v1/me', maxBytes: 1024 })
      .catch((x: unknown) => x)) as CliError;
    expect(e).toBeInstanceOf(BadAnswerError);
    expect(e.message).toMatch(/exceeded 0\.0 MiB|exceeded 1 KiB|exceeded/);
  });

  it('an HTTP status the contract does not have is a bad answer (exit 14), not a bug of ours', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(418, 'teapot', { headers: { 'content-type': 'text/plain' } });
    const e = (await client()
      .me()
      .catch((x: unknown) => x)) as CliError;
    expect(e.exitCode).toBe(ExitCode.badPortalAnswer);
  });

  it('a portal error message that echoes the token is redacted before it is shown', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(401, apiError('unauthorized', `bad token ${TOKEN}`), JSON_HEADERS);
    const e = (await client()
      .me()
      .catch((x: unknown) => x)) as CliError;
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).toContain('[redacted]');
  });

  it('a TLS verification failure names --ca-file, caFile and NODE_EXTRA_CA_CERTS, and is not transient', () => {
    const cause = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    const e = mapNetworkError(
      Object.assign(new TypeError('fetch failed'), { cause }),
      { method: 'GET', path: '/api/v1/me', origin: ORIGIN },
      1,
    );
    expect(e.message).toContain('SELF_SIGNED_CERT_IN_CHAIN');
    expect(e.hint).toMatch(/--ca-file/);
    expect(e.hint).toMatch(/config set caFile/);
    expect(e.hint).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(e.exitCode).toBe(ExitCode.unavailable);
    expect(isTransient(e)).toBe(false);
  });

  it('a refused connection is transient and retried for a GET', async () => {
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
      .times(4);
    const c = client();
    const e = await c.me().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnavailableError);
    expect(isTransient(e)).toBe(true);
    expect((e as CliError).message).toMatch(/connection refused after 4 attempts/);
  });
});

describe('redaction', () => {
  it('never logs the token or a password, and logs request, status, timing and retry decisions', async () => {
    portal()
      .intercept({ path: '/api/v1/sessions', method: 'POST' })
      .reply(201, { token: 'fresh_token_987654321', expiresAt: '2030-01-01T00:00:00Z', contact }, JSON_HEADERS);
    portal()
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(503, apiError('unavailable', `down for ${TOKEN}`), JSON_HEADERS);
    portal().intercept({ path: '/api/v1/me', method: 'GET' }).reply(200, me, JSON_HEADERS);
    const c = client();
    await c.createSession('zack@bayside.example', 'correct horse battery');
    await c.me();
    const all = logs.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('fresh_token_987654321');
    expect(all).not.toContain('correct horse battery');
    expect(all).toMatch(/^POST https:\/\/portal\.test\/api\/v1\/sessions$/m);
    expect(all).toMatch(/^201 POST \/api\/v1\/sessions in \d+ ms$/m);
    expect(all).toMatch(/retrying GET \/api\/v1\/me after HTTP 503 in \d+ ms \(attempt 2\/4\)/);
  });
});

describe('redacting lines that carry secrets', () => {
  it('removes a proxy URL’s user name and password, a bearer token, a password field and a known secret', () => {
    expect(redact('requests go through the proxy http://user:pa55word@proxy.district.org:3128')).toBe(
      'requests go through the proxy http://[redacted]@proxy.district.org:3128',
    );
    expect(redact('sent: {"email":"a@b.org","password":"hunter2-hunter2"}')).toBe(
      'sent: {"email":"a@b.org","password":"[redacted]"}',
    );
    expect(redact('authorization: Bearer abc.def.ghi')).not.toContain('abc.def.ghi');
    expect(redact(`the token ${TOKEN} is not valid`, [TOKEN])).toBe('the token [redacted] is not valid');
  });
});

describe('dispatcher settings', () => {
  it('adds a CA file to the bundled roots (and NODE_EXTRA_CA_CERTS, which a custom ca would drop)', async () => {
    const { rootCertificates } = await import('node:tls');
    const dir = mkdtempSync(join(tmpdir(), 'ic-ca-unit-'));
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'a.pem'), pem);
    writeFileSync(join(dir, 'b.pem'), pem.replace('MIIB', 'MIIC'));
    expect(caList({ env: {}, caFile: undefined })).toBeUndefined();
    const list = caList({
      env: { NODE_EXTRA_CA_CERTS: join(dir, 'b.pem') },
      caFile: { path: join(dir, 'a.pem'), source: '--ca-file' },
    })!;
    expect(list.length).toBe(rootCertificates.length + 2);
    expect(() => caList({ env: {}, caFile: { path: join(dir, 'none.pem'), source: '--ca-file' } })).toThrow(
      /none\.pem: cannot read the CA certificate file given by --ca-file: no such file/,
    );
    writeFileSync(join(dir, 'c.pem'), 'hello');
    expect(() =>
      caList({ env: {}, caFile: { path: join(dir, 'c.pem'), source: 'caFile of profile "default"' } }),
    ).toThrow(FileProblemError);
  });

  it('says which proxy a URL goes through, as the dispatcher picks it (NO_PROXY exempts)', () => {
    const env = { HTTPS_PROXY: 'http://p:3128', HTTP_PROXY: 'http://q:8080', NO_PROXY: 'localhost,.district.org' };
    expect(proxyFor(env, new URL('https://support.example.org'))).toBe('http://p:3128');
    expect(proxyFor(env, new URL('http://127.0.0.1:4780'))).toBe('http://q:8080');
    expect(proxyFor(env, new URL('https://portal.district.org'))).toBeUndefined();
    expect(proxyFor(env, new URL('http://localhost:4780'))).toBeUndefined();
    expect(proxyFor({}, new URL('https://support.example.org'))).toBeUndefined();
  });

  it('reads proxies from upper- and lower-case variables, lower case first (as curl does)', () => {
    expect(proxySettings({ HTTPS_PROXY: 'http://p:1', no_proxy: 'localhost' })).toEqual({
      httpProxy: '',
      httpsProxy: 'http://p:1',
      noProxy: 'localhost',
    });
    expect(proxySettings({ http_proxy: 'http://a:1', HTTP_PROXY: 'http://b:1' }).httpProxy).toBe('http://a:1');
  });
});

describe('helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });

  it('takes a download file name from Content-Disposition without any folder part', () => {
    expect(filenameFromDisposition('attachment; filename="report.pdf"')).toBe('report.pdf');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd")).toBe('passwd');
    expect(filenameFromDisposition(undefined)).toBeUndefined();
  });
});

describe('a portal that protects its catalog and picklists (issue 26 §1)', () => {
  const lists = { catalogVersion: '7', picklists: { module: ['Calendar'], type: {}, requestType: {} } };
  const refused = () => ({
    statusCode: 401,
    data: apiError('unauthenticated', 'Sign in to read the picklists.'),
    responseOptions: JSON_HEADERS,
  });

  it('sends the token with them when one is held', async () => {
    portal()
      .intercept({ path: '/api/v1/picklists', method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } })
      .reply(200, lists, JSON_HEADERS);
    await expect(client().picklists()).resolves.toEqual(lists);
  });

  it('without a token: the 401 is the answer, asked once', async () => {
    portal().intercept({ path: '/api/v1/picklists', method: 'GET' }).reply(refused);
    const c = client({ token: undefined });
    const e = await c.picklists().catch((x: unknown) => x);
    expect((e as CliError).portal?.status).toBe(401);
    expect(c.lastAttempts).toBe(1);
  });

  it('a 401 answered while no token went with it is asked once more with the token held by then (a sign-in meanwhile)', async () => {
    const c = client({ token: undefined });
    const seen: (string | undefined)[] = [];
    portal()
      .intercept({ path: '/api/v1/picklists', method: 'GET' })
      .reply((o) => {
        seen.push((o.headers as Record<string, string>).authorization);
        c.setToken(TOKEN);
        return refused();
      });
    portal()
      .intercept({ path: '/api/v1/picklists', method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } })
      .reply(200, lists, JSON_HEADERS);
    await expect(c.picklists()).resolves.toEqual(lists);
    expect(seen).toEqual([undefined]);
  });

  it('a 401 with the token is not asked again', async () => {
    portal().intercept({ path: '/api/v1/picklists', method: 'GET' }).reply(refused);
    const e = await client()
      .picklists()
      .catch((x: unknown) => x);
    expect((e as CliError).portal?.status).toBe(401);
  });
});
