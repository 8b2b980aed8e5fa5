/**
 * The client on a bad network, end to end: the CLI against the sandbox with injected faults
 * (5xx, dropped connections, 429 with Retry-After) counting attempts on the server side; traffic
 * through a real HTTP proxy started here; a TLS front with a self-signed CA that fails without the
 * CA and passes with it (--ca-file, the caFile setting, NODE_EXTRA_CA_CERTS).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startSandbox, type SandboxProcess } from '../helpers/auth-sandbox.js';
import { Transcript } from '../helpers/auth-e2e.js';
import { makeTestCA, startProxy, startTlsForwarder, type TestCA } from '../helpers/net-fixtures.js';

const t = new Transcript();
let sb: SandboxProcess;
let token: string;
const tmp = tempDir('ic-net-e2e-');
let n = 0;
const stateDir = () => join(tmp.path, `s${n++}`);

interface FaultState {
  counters: { matched: number; dropped: number; errors: number; rateLimited: number };
}
const faults = (f: Record<string, unknown>) => sb.admin<FaultState>('PUT', '/faults', f);
const counters = async () => (await sb.admin<FaultState>('GET', '/faults')).counters;

async function configured(url = sb.url): Promise<string> {
  const dir = stateDir();
  expect((await t.run(['config', 'set', 'portalUrl', url], dir)).code).toBe(0);
  return dir;
}

beforeAll(async () => {
  sb = await startSandbox();
  const s = await sb.api<{ token: string }>('POST', '/api/v1/sessions', {
    email: sb.demo.email,
    password: sb.demo.password,
  });
  token = s.body.token;
  t.secrets.add(token);
  t.secrets.add(sb.demo.password);
});
afterAll(async () => {
  await sb?.stop();
  tmp.cleanup();
});

describe('retries under injected faults (attempts counted by the sandbox)', () => {
  beforeEach(async () => {
    await sb.admin('DELETE', '/faults');
  });

  it('two 503s, then success: three attempts, exit 0, each decision in --verbose', async () => {
    const dir = await configured();
    await faults({ errorRate: 1, errorStatus: 503, limit: 2, paths: ['/api/v1/me'] });
    const r = await t.run(['whoami', '--verbose'], dir, { env: { IC_SUPPORT_TOKEN: token } });
    expect(r.code, r.stderr).toBe(0);
    const c = await counters();
    expect(c.matched).toBe(3);
    expect(c.errors).toBe(2);
    expect(r.stderr).toMatch(/retrying GET \/api\/v1\/me after HTTP 503 in \d+ ms \(attempt 2\/4\)/);
    expect(r.stderr).toMatch(/\(attempt 3\/4\)/);
    expect(r.stderr).toMatch(/200 GET \/api\/v1\/me in \d+ ms/);
    expect(r.stderr).not.toContain(token);
  });

  it('dropped connections are retried', async () => {
    const dir = await configured();
    await faults({ dropRate: 1, limit: 2, paths: ['/api/v1/me'] });
    const r = await t.run(['whoami', '--verbose'], dir, { env: { IC_SUPPORT_TOKEN: token } });
    expect(r.code, r.stderr).toBe(0);
    const c = await counters();
    expect(c.dropped).toBe(2);
    expect(c.matched).toBe(3);
  });

  it('429 with Retry-After: waits at least that long, then succeeds', async () => {
    const dir = await configured();
    await faults({ rateLimitRate: 1, retryAfterSeconds: 1, limit: 1, paths: ['/api/v1/me'] });
    // The CLI's waits, as asked for (in-process, the test's sleep stands in for the timer).
    const waits: number[] = [];
    const r = await t.run(['whoami', '--verbose'], dir, {
      env: { IC_SUPPORT_TOKEN: token },
      services: { sleep: async (ms) => void waits.push(ms) },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(r.stderr).toMatch(/Retry-After: 1 s/);
    expect((await counters()).matched).toBe(2);
  });

  it('a portal that keeps failing: exactly 4 attempts, then exit 8 with a clear message', async () => {
    const dir = await configured();
    await faults({ errorRate: 1, errorStatus: 502, paths: ['/api/v1/me'] });
    const r = await t.run(['whoami'], dir, { env: { IC_SUPPORT_TOKEN: token } });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/unavailable \(HTTP 502\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect((await counters()).matched).toBe(4);
  });

  it('IC_SUPPORT_HTTP_RETRIES changes the bound', async () => {
    const dir = await configured();
    await faults({ errorRate: 1, errorStatus: 503, paths: ['/api/v1/me'] });
    const r = await t.run(['whoami'], dir, { env: { IC_SUPPORT_TOKEN: token, IC_SUPPORT_HTTP_RETRIES: '1' } });
    expect(r.code).toBe(8);
    // As documented: a retry is a request after the first, so 1 retry is 2 requests, the default 3 is 4.
    expect((await counters()).matched).toBe(2);
    const help = await t.run(['help', 'environment'], dir);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'IC_SUPPORT_HTTP_RETRIES retries of a failed request after its first attempt (0-10, default 3: 4 attempts)',
    );
  });

  it('a sign-in (a POST without an Idempotency-Key) is never repeated', async () => {
    const dir = await configured();
    await faults({ errorRate: 1, errorStatus: 503, paths: ['/api/v1/sessions'] });
    const r = await t.run(['login', '--email', sb.demo.email, '--password-stdin'], dir, {
      input: `${sb.demo.password}\n`,
    });
    expect(r.code).toBe(8);
    expect((await counters()).matched).toBe(1);
  });

  it('the sandbox stopped: connection refused, exit 8, names the URL', async () => {
    const dir = await configured('http://127.0.0.1:9');
    const r = await t.run(['whoami'], dir, { env: { IC_SUPPORT_TOKEN: token } });
    expect(r.code).toBe(8);
    expect(r.stderr).toContain('http://127.0.0.1:9');
  });
});

describe('proxies', () => {
  it('carries the traffic through HTTP_PROXY / HTTPS_PROXY, and NO_PROXY bypasses it', async () => {
    await sb.admin('DELETE', '/faults');
    const proxy = await startProxy();
    try {
      const dir = await configured();
      const r = await t.run(['whoami', '--json'], dir, { env: { IC_SUPPORT_TOKEN: token, HTTP_PROXY: proxy.url } });
      expect(r.code, r.stderr).toBe(0);
      const port = new URL(sb.url).port;
      expect(proxy.tunnels.length + proxy.forwarded.length).toBeGreaterThan(0);
      expect([...proxy.tunnels, ...proxy.forwarded].join(' ')).toContain(port);
      const before = proxy.tunnels.length + proxy.forwarded.length;
      const b = await t.run(['whoami', '--json'], dir, {
        env: { IC_SUPPORT_TOKEN: token, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' },
      });
      expect(b.code, b.stderr).toBe(0);
      expect(proxy.tunnels.length + proxy.forwarded.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });
});

describe('TLS with a district CA', () => {
  let ca: TestCA;
  let front: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    ca = makeTestCA();
    front = await startTlsForwarder(ca, Number(new URL(sb.url).port));
  });
  afterAll(async () => {
    await front?.close();
    ca?.cleanup();
  });

  it('fails without the CA, saying which option to use', async () => {
    const dir = await configured(front.url);
    const r = await t.run(['whoami'], dir, { env: { IC_SUPPORT_TOKEN: token } });
    expect(r.code).toBe(8);
    expect(r.stderr).toMatch(/Could not verify the TLS certificate of https:\/\/localhost:\d+/);
    expect(r.stderr).toContain('--ca-file');
    expect(r.stderr).toContain('NODE_EXTRA_CA_CERTS');
  });

  it('passes with --ca-file, with the caFile setting, and with NODE_EXTRA_CA_CERTS', async () => {
    const dir = await configured(front.url);
    const a = await t.run(['--ca-file', ca.caFile, 'whoami', '--json'], dir, { env: { IC_SUPPORT_TOKEN: token } });
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout).portalUrl).toBe(front.url);
    expect((await t.run(['config', 'set', 'caFile', ca.caFile], dir)).code).toBe(0);
    const b = await t.run(['whoami', '--json'], dir, { env: { IC_SUPPORT_TOKEN: token } });
    expect(b.code, b.stderr).toBe(0);
    const other = await configured(front.url);
    // Node reads NODE_EXTRA_CA_CERTS when the process starts: a real process.
    const c = await t.run(['whoami', '--json'], other, {
      env: { IC_SUPPORT_TOKEN: token, NODE_EXTRA_CA_CERTS: ca.caFile },
      spawned: true,
    });
    expect(c.code, c.stderr).toBe(0);
    // A login over TLS works end to end too.
    const l = await t.run(['login', '--email', sb.demo.email, '--password-stdin'], dir, {
      input: `${sb.demo.password}\n`,
    });
    expect(l.code, l.stderr).toBe(0);
    t.harvest(dir);
  });

  it('through an HTTPS proxy (a CONNECT tunnel), the extra CA still applies to the portal', async () => {
    const proxy = await startProxy();
    try {
      const dir = await configured(front.url);
      const r = await t.run(['--ca-file', ca.caFile, 'whoami', '--json'], dir, {
        env: { IC_SUPPORT_TOKEN: token, HTTPS_PROXY: proxy.url },
      });
      expect(r.code, r.stderr).toBe(0);
      expect(proxy.tunnels.some((x) => x.startsWith('localhost:'))).toBe(true);
      const bad = await t.run(['whoami'], dir, { env: { IC_SUPPORT_TOKEN: token, HTTPS_PROXY: proxy.url } });
      expect(bad.code).toBe(8);
      expect(bad.stderr).toContain('--ca-file');
    } finally {
      await proxy.close();
    }
  });

  it('a --ca-file that does not exist names the file and the option', async () => {
    const dir = await configured(front.url);
    const r = await t.run(['--ca-file', join(tmp.path, 'nope.pem'), 'whoami'], dir, {
      env: { IC_SUPPORT_TOKEN: token },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.pem: cannot read the CA certificate file given by --ca-file: no such file/);
  });

  it('plain http to a non-loopback host is refused before anything is sent', async () => {
    const dir = stateDir();
    const r = await t.run(['whoami'], dir, {
      env: { IC_SUPPORT_TOKEN: token, IC_SUPPORT_PORTAL_URL: 'http://portal.example.org' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plain http/);
  });
});

describe('secrets', () => {
  it('no token or password appears in any output of this file', () => {
    expect(t.leaks()).toEqual([]);
  });
});
