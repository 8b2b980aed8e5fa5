/**
 * Rate limits stated (issue 29 §7): the sandbox's RateLimit-Policy and RateLimit headers and the
 * limits they state, enforced; the CLI slowing down before a 429 when they say little is left,
 * and reading an HTTP-date Retry-After by the portal's clock. Real HTTP on 127.0.0.1: the sandbox,
 * and a purpose-built portal for what the sandbox does not send (a date Retry-After, a skewed clock).
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';
import { SEEDED, apiClient, startSandbox, useSandboxSession, type SandboxProcess } from '../helpers/sandbox.js';
import { ExitCode } from '../../src/errors.js';

describe('the sandbox states its limits and keeps to them', () => {
  // A quota of 6 requests a minute per caller, on a clock the test moves.
  let offsetMs = 0;
  const s = useSandboxSession({ args: ['--rate-limit', '6'], clock: () => new Date(Date.now() + offsetMs) });

  it('sends RateLimit-Policy and RateLimit on every answer of the portal; the 7th request of a minute is 429 with Retry-After; the next window serves again', async () => {
    offsetMs += 120_000; // a window of its own, whatever signing in used
    const seen: { status: number; policy: string; limit: string; retryAfter: string | undefined }[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await s.api.call('GET', i % 2 ? '/api/v1/me' : '/api/v1/cases', { token: s.token });
      seen.push({
        status: r.status,
        policy: String(r.headers['ratelimit-policy']),
        limit: String(r.headers.ratelimit),
        retryAfter: r.headers['retry-after'] as string | undefined,
      });
    }
    expect(seen.map((x) => x.status)).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(new Set(seen.map((x) => x.policy))).toEqual(new Set(['"default";q=6;w=60']));
    expect(seen.map((x) => /^"default";r=(\d+);t=(\d+)$/.exec(x.limit)?.[1])).toEqual([
      '5',
      '4',
      '3',
      '2',
      '1',
      '0',
      '0',
    ]);
    // The window's end, less the moments the seven requests took (seconds under load).
    expect(Number(seen[6]!.retryAfter)).toBeGreaterThanOrEqual(50);
    expect(Number(seen[6]!.retryAfter)).toBeLessThanOrEqual(60);
    // The 429 itself: problem details, and its RateLimit says that policy ran out.
    const refused = await s.api.call('GET', '/api/v1/cases', { token: s.token });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(refused.body.detail).toMatch(/serves 6 a caller every 60 s/);
    // Another caller (no token: its address) has its own quota; the admin API has none.
    const anonymous = await s.api.call('GET', '/api/v1/cases');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.ratelimit).toMatch(/^"default";r=5;t=\d+$/);
    // A minute on, by the sandbox's clock: served again.
    offsetMs += 61_000;
    const again = await s.api.call('GET', '/api/v1/cases', { token: s.token });
    expect(again.status).toBe(200);
    expect(again.headers.ratelimit).toMatch(/^"default";r=5;t=60$/);
  });

  it('states the sign-in limit beside it: 5 failures a minute per email and address', async () => {
    offsetMs += 120_000;
    const email = SEEDED.zack;
    const wrong = async () =>
      s.api.call('POST', '/api/v1/sessions', { body: { email, password: 'not the password at all' } });
    const first = await wrong();
    expect(first.status).toBe(401);
    expect(first.headers['ratelimit-policy']).toBe('"default";q=6;w=60, "sign-in";q=5;w=60');
    expect(first.headers.ratelimit).toMatch(/^"default";r=5;t=\d+, "sign-in";r=4;t=60$/);
    for (let i = 0; i < 4; i++) await wrong();
    // The sixth request of this address in the minute: within the request quota (6), past the sign-in one.
    const sixth = await wrong();
    expect(sixth.status).toBe(429);
    expect(sixth.headers.ratelimit).toMatch(/"sign-in";r=0;t=\d+$/);
  });
});

describe('the CLI slows down before a 429', () => {
  let sb: SandboxProcess;
  let offsetMs = 0;
  let dir: { path: string; cleanup: () => void };
  beforeAll(async () => {
    // 250 cases and more (3 pages of 100) and a quota of 2 requests a minute: the third page is one too many.
    sb = await startSandbox({
      args: ['--seed-cases', '250', '--rate-limit', '2'],
      clock: () => new Date(Date.now() + offsetMs),
    });
    dir = tempDir('ic-support-ratelimit-');
  });
  afterAll(async () => {
    await sb.stop();
    sb.cleanup();
    dir.cleanup();
  });

  it('case list --all spaces its pages to the window when RateLimit says little is left: no 429, and --verbose says so', async () => {
    const token = await apiClient(sb).signIn(SEEDED.zack, sb.demo.password);
    offsetMs += 120_000;
    const pauses: number[] = [];
    const r = await runCli(['case', 'list', '--status', 'all', '--all', '--json', 'number', '--verbose'], {
      env: { ...baseEnv(join(dir.path, 'state')), IC_SUPPORT_PORTAL_URL: sb.url, IC_SUPPORT_TOKEN: token },
      // The CLI's waits pass on the sandbox's clock: the test does not wait a minute.
      services: {
        sleep: async (ms: number) => {
          pauses.push(ms);
          offsetMs += ms;
        },
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThanOrEqual(250);
    expect(r.stderr).not.toMatch(/\b429 GET\b/);
    expect(r.stderr).toMatch(
      /pausing GET \/api\/v1\/cases: the portal's rate limit \(policy "default": [01] requests? left for \d+ s\), waiting \d+ s \(RateLimit\)/,
    );
    // Long enough to look like a hang: said on stderr as well, not only under --verbose.
    expect(r.stderr).toMatch(/^ic-support: the portal's rate limit .*waiting \d+ s\.$/m);
    expect(Math.max(...pauses)).toBeGreaterThan(5_000);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(60_000);
  });
});

/** A portal of our own: pages of cases with the headers and the clock a test chooses. */
interface Scripted {
  url: string;
  hits: string[];
  close(): Promise<void>;
}
type Answer = (n: number, res: ServerResponse) => void;

async function scriptedPortal(answer: Answer): Promise<Scripted> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    answer(hits.length, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const summary = (n: number) => ({
  number: String(1000 + n).padStart(8, '0'),
  caseType: 'ask-a-question',
  status: 'New',
  state: 'open',
  priority: 'Medium',
  subject: `Case ${n}`,
  account: { id: 'd1', name: 'Bayside School (TESTING)' },
  lastModifiedAt: '2026-12-01T00:00:00.000Z',
});
const page = (res: ServerResponse, n: number, more: boolean, headers: Record<string, string> = {}): void => {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ cases: [summary(n)], nextCursor: more ? `c${n}` : null }));
};
const problem = (res: ServerResponse, headers: Record<string, string>): void => {
  res.writeHead(429, { 'content-type': 'application/problem+json', ...headers });
  res.end(
    JSON.stringify({
      type: 'about:blank',
      title: 'Too many requests',
      status: 429,
      detail: 'Slow down.',
      code: 'rate_limited',
      requestId: 'req_1',
    }),
  );
};

describe('against a portal of our own', () => {
  const dir = tempDir('ic-support-ratelimit-own-');
  afterAll(() => dir.cleanup());
  const list = (url: string, pauses: number[], ...more: string[]) =>
    runCli(['case', 'list', '--status', 'all', '--all', '--json', 'number', ...more], {
      env: { ...baseEnv(join(dir.path, 'state')), IC_SUPPORT_PORTAL_URL: url, IC_SUPPORT_TOKEN: 'icsb_test' },
      services: {
        sleep: async (ms: number) => {
          pauses.push(ms);
        },
      },
    });

  it('reads an HTTP-date Retry-After by the answer’s Date, not by a clock an hour off', async () => {
    // The portal's clock is an hour behind ours: a date read against our clock is long past.
    const portalNow = Date.now() - 3_600_000;
    const portal = await scriptedPortal((n, res) => {
      if (n === 1)
        problem(res, {
          date: new Date(portalNow).toUTCString(),
          'retry-after': new Date(portalNow + 20_000).toUTCString(),
        });
      else page(res, 1, false);
    });
    try {
      const pauses: number[] = [];
      const r = await list(portal.url, pauses);
      expect(r.code, r.stderr).toBe(0);
      expect(portal.hits).toHaveLength(2);
      expect(pauses).toEqual([20_000]);
    } finally {
      await portal.close();
    }
  });

  it('waits for the window when RateLimit says nothing is left, says so on stderr; a wait past two minutes is not taken silently', async () => {
    const portal = await scriptedPortal((n, res) =>
      page(res, n, n < 3, {
        'ratelimit-policy': '"hourly";q=100;w=3600',
        ratelimit: n === 1 ? '"hourly";r=0;t=30' : '"hourly";r=0;t=3600',
      }),
    );
    try {
      const pauses: number[] = [];
      const r = await list(portal.url, pauses, '--verbose');
      expect(r.code, r.stderr).toBe(0);
      expect(portal.hits).toHaveLength(3);
      // Before page 2: the 30 s left of the window (less the moments since the answer came, under
      // load a few ms). Before page 3: an hour is past the bound, not slept.
      expect(pauses).toHaveLength(1);
      expect(pauses[0]).toBeGreaterThan(29_000);
      expect(pauses[0]).toBeLessThanOrEqual(30_000);
      expect(r.stderr).toMatch(
        /^ic-support: the portal's rate limit \(policy "hourly": 0 requests left for 30 s\), waiting 30 s\.$/m,
      );
      expect(r.stderr).toMatch(/not pausing GET \/api\/v1\/cases: .*is past 120 s; the portal decides/);
    } finally {
      await portal.close();
    }
  });

  it('ignores a malformed RateLimit, and an answer without one', async () => {
    const portal = await scriptedPortal((n, res) =>
      page(res, n, n < 3, n === 1 ? { ratelimit: 'r=0, t=30; garbage' } : {}),
    );
    try {
      const pauses: number[] = [];
      const r = await list(portal.url, pauses);
      expect(r.code, r.stderr).toBe(0);
      expect(pauses).toEqual([]);
    } finally {
      await portal.close();
    }
  });

  it('a 429 past the retry budget still ends with exit 7 naming the wait', async () => {
    const portal = await scriptedPortal((_n, res) => problem(res, { 'retry-after': '600' }));
    try {
      const r = await list(portal.url, []);
      expect(r.code).toBe(ExitCode.rateLimited);
      expect(r.stderr).toMatch(/600/);
    } finally {
      await portal.close();
    }
  });
});
