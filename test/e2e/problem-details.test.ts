/**
 * Errors are RFC 9457 problem details (issue 29 §3): every error answer of the sandbox is
 * application/problem+json with type, title, status, detail, the machine code and a request id
 * (also its X-Request-Id header); the CLI maps them to the exit codes it always had and shows the
 * request id under --verbose. Real HTTP on 127.0.0.1.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { baseEnv, runCli } from '../helpers/cli.js';
import { SEEDED, type ApiResponse, useSandboxSession } from '../helpers/sandbox.js';

const s = useSandboxSession();

describe('the sandbox answers every error as problem details', () => {
  const cases: [string, () => Promise<ApiResponse>, number, string][] = [
    ['no token', () => s.api.call('GET', '/api/v1/me'), 401, 'unauthenticated'],
    ['a missing case', () => s.api.call('GET', '/api/v1/cases/09999999', { token: s.token }), 404, 'not_found'],
    [
      'malformed JSON',
      () =>
        s.api.call('POST', '/api/v1/sessions', {
          rawBody: '{"email":',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      'bad_request',
    ],
    [
      'field problems',
      () => s.api.call('POST', '/api/v1/cases/00001001/comments', { token: s.token, body: { body: '' } }),
      422,
      'validation_failed',
    ],
    ['no admin key', () => s.api.call('GET', '/sandbox/v1/clock'), 401, 'unauthenticated'],
  ];

  it.each(cases)('%s: %i %s, with its request id', async (_what, send, status, code) => {
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toBe('application/problem+json');
    expect(r.body).toMatchObject({
      type: `https://ic-support.invalid/problems/${code}`,
      title: expect.any(String),
      status,
      detail: expect.any(String),
      code,
      requestId: expect.stringMatching(/^req_/),
    });
    expect(r.headers['x-request-id']).toBe(r.body.requestId);
    if (status === 422) expect(r.body.fields).toEqual([expect.objectContaining({ field: 'body' })]);
  });

  it('gives each request its own id, successes included', async () => {
    const a = await s.api.call('GET', '/api/v1/catalog');
    const b = await s.api.call('GET', '/api/v1/catalog');
    expect(a.headers['x-request-id']).toMatch(/^req_/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});

describe('the CLI reads problem details', () => {
  const env = (extra: Record<string, string> = {}) => ({
    ...baseEnv(join(s.dir, 'state')),
    IC_SUPPORT_PORTAL_URL: s.sb.url,
    IC_SUPPORT_NOTIFICATIONS_URL: s.sb.statusUrl,
    IC_SUPPORT_TOKEN: s.token,
    ...extra,
  });

  it('a missing case: exit 5 (not found) with the portal’s detail, and the request id under --verbose', async () => {
    const r = await runCli(['case', 'show', '09999999', '--verbose'], { env: env() });
    expect(r.code).toBe(ExitCode.notFound);
    expect(r.stderr).toContain('Case 09999999 was not found.');
    expect(r.stderr).toMatch(/request id: req_[\w-]+/);
  });

  it('a token the portal does not know: exit 3 (auth)', async () => {
    const r = await runCli(['case', 'list'], { env: env({ IC_SUPPORT_TOKEN: 'icsp_not-a-token' }) });
    expect(r.code).toBe(ExitCode.auth);
    expect(r.stderr).toMatch(/Not signed in, or the token was revoked/);
  });

  it('a refused comment (Read Only contact): exit 4 (permission) with the hint that fixes it', async () => {
    const lisa = await s.api.signIn(SEEDED.lisa, s.sb.demo.password);
    const r = await runCli(['case', 'comment', '00001002', '--body', 'hello'], {
      env: env({ IC_SUPPORT_TOKEN: lisa }),
    });
    expect(r.code, r.stderr).toBe(ExitCode.permission);
    expect(r.stderr).toMatch(/Not allowed: /);
    expect(r.stderr).toMatch(/Read Only contacts cannot comment/);
  });
});
