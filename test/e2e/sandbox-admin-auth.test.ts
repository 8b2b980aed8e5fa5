/**
 * The sandbox's admin key is checked on the route the router matched (issue 25 §5): a path that
 * only decodes or normalizes to an admin route — percent-encoded letters or slashes, double
 * slashes, dot segments — never reaches it without the key; and a sandbox on loopback answers only
 * requests addressed to loopback (DNS rebinding). Raw node:http, so the paths go out exactly as written.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter } from '../../src/sandbox/router.js';
import { startSandbox, type SandboxProcess } from '../helpers/sandbox.js';

let sb: SandboxProcess;

beforeAll(async () => {
  sb = await startSandbox();
});

afterAll(async () => {
  await sb?.stop();
  sb?.cleanup();
});

function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const u = new URL(sb.url);
  return new Promise((resolve, reject) => {
    const r = request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

const ADMIN_PATHS = [
  '/%73andbox/v1/mailbox',
  '/%73andbox/v1/clock',
  '/sandbox/v1/%6dailbox',
  '/%73%61%6e%64%62%6f%78/v1/faults',
  '/sandbox%2Fv1%2Fmailbox',
  '/sandbox/v1%2Fmailbox',
  '/%2Fsandbox/v1/mailbox',
  '//sandbox/v1/mailbox',
  '/sandbox//v1/mailbox',
  '/api/../sandbox/v1/mailbox',
  '/api/%2e%2e/sandbox/v1/mailbox',
  '/api/v1/%2e%2e/%2e%2e/sandbox/v1/info',
  '/status/v1/..%2F..%2Fsandbox/v1/mailbox',
];

describe('the admin key, checked on the matched route', () => {
  it.each(ADMIN_PATHS)('GET %s without the key never answers the admin route', async (path) => {
    const r = await raw('GET', path);
    expect(r.status, r.body).toBeGreaterThanOrEqual(400);
    expect(r.body).not.toMatch(/"messages"|"offsetDays"|"dataDir"|"errorRate"/);
  });

  it('answers the same paths with the key, where they name an admin route', async () => {
    const withKey = { 'X-Sandbox-Admin': sb.adminKey };
    expect((await raw('GET', '/%73andbox/v1/mailbox', withKey)).status).toBe(200);
    expect((await raw('GET', '/api/../sandbox/v1/mailbox', withKey)).status).toBe(200);
    // A wrong key is as good as none.
    expect((await raw('GET', '/%73andbox/v1/mailbox', { 'X-Sandbox-Admin': 'nope' })).status).toBe(401);
  });

  it('refuses to start with an admin path that is not marked admin, or a marked route outside /sandbox/', () => {
    const handle = (): void => undefined;
    expect(() => createRouter([{ method: 'GET', path: '/sandbox/v1/x', handle }])).toThrow(/admin routes/);
    expect(() => createRouter([{ method: 'GET', path: '/api/v1/x', handle, admin: true }])).toThrow(/admin routes/);
  });
});

describe('the Host header on a loopback sandbox', () => {
  it('refuses a request addressed to another name (421), whatever the path', async () => {
    for (const host of ['evil.example', 'evil.example:80', 'localhost.evil.example', '127.0.0.1.nip.io', '10.0.0.1']) {
      const r = await raw('GET', '/api/v1/catalog', { Host: host });
      expect(r.status, host).toBe(421);
      expect(JSON.parse(r.body).detail).toContain(`Host "${host}"`);
    }
    expect(
      (await raw('GET', '/sandbox/v1/mailbox', { Host: 'evil.example', 'X-Sandbox-Admin': sb.adminKey })).status,
    ).toBe(421);
  });

  it('answers localhost, 127.0.0.1 and [::1], with or without a port', async () => {
    const port = new URL(sb.url).port;
    for (const host of [
      'localhost',
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      '127.0.0.1',
      `[::1]:${port}`,
      'app.localhost',
    ])
      expect((await raw('GET', '/api/v1/catalog', { Host: host })).status, host).toBe(200);
  });
});
