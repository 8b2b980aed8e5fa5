/**
 * The sandbox's fault injection, login rate limiting, token expiry and password reset, over real
 * sockets against a child-process sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { apiClient, SEEDED, startSandbox, type ApiClient, type SandboxProcess } from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let sb: SandboxProcess;
let api: ApiClient;
let zack: string;

const question = (subject: string) => ({
  caseType: 'ask-a-question',
  fields: { account: 'dst_bayside', module: 'Reports', subject, description: 'A question.' },
});

async function setFaults(body: Record<string, unknown>): Promise<Json> {
  const r = await api.call('PUT', '/sandbox/v1/faults', { admin: true, body });
  expect(r.status).toBe(200);
  return r.body;
}

beforeAll(async () => {
  sb = await startSandbox();
  api = apiClient(sb);
  zack = await api.signIn(SEEDED.zack, sb.demo.password);
});

afterAll(async () => {
  expect(await sb?.stop()).toBe(0);
  sb?.cleanup();
});

describe('fault injection', () => {
  it('answers 5xx for a share of requests, exactly `limit` times, in the one error shape', async () => {
    await setFaults({ errorRate: 1, limit: 2, paths: ['/api/v1/me'] });
    const a = await api.call('GET', '/api/v1/me', { token: zack });
    const b = await api.call('GET', '/api/v1/me', { token: zack });
    const c = await api.call('GET', '/api/v1/me', { token: zack });
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.body.code).toBe('unavailable');
    const state = await api.call('GET', '/sandbox/v1/faults', { admin: true });
    expect(state.body.counters).toMatchObject({ matched: 3, errors: 2 });
    // Other paths are untouched.
    expect((await api.call('GET', '/api/v1/picklists')).status).toBe(200);

    await setFaults({ errorRate: 1, errorStatus: 500, limit: 1 });
    const d = await api.call('GET', '/api/v1/picklists');
    expect(d.status).toBe(500);
    expect(d.body.code).toBe('internal');
  });

  it('answers 429 with Retry-After', async () => {
    await setFaults({ rateLimitRate: 1, retryAfterSeconds: 3, limit: 1 });
    const r = await api.call('GET', '/api/v1/cases', { token: zack });
    expect(r.status).toBe(429);
    expect(r.body.code).toBe('rate_limited');
    expect(r.headers['retry-after']).toBe('3');
    expect((await api.call('GET', '/api/v1/cases', { token: zack })).status).toBe(200);
  });

  it('drops connections without any response', async () => {
    await setFaults({ dropRate: 1, limit: 1 });
    await expect(request(`${sb.url}/api/v1/me`, { headers: { authorization: `Bearer ${zack}` } })).rejects.toThrow();
    const state = await api.call('GET', '/sandbox/v1/faults', { admin: true });
    expect(state.body.counters.dropped).toBe(1);
    expect((await api.call('GET', '/api/v1/me', { token: zack })).status).toBe(200);
  });

  it('can file a case and lose the answer; the retry with the same key replays it', async () => {
    const key = `drop-after-${Date.now()}`;
    await setFaults({ dropAfterRate: 1, limit: 1, paths: ['/api/v1/cases'] });
    await expect(
      request(`${sb.url}/api/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${zack}`, 'idempotency-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(question('Lost answer')),
      }),
    ).rejects.toThrow();
    const count = await api.call('GET', `/sandbox/v1/cases/count?subject=${encodeURIComponent('Lost answer')}`, {
      admin: true,
    });
    expect(count.body.count).toBe(1);
    const retry = await api.call('POST', '/api/v1/cases', {
      token: zack,
      headers: { 'idempotency-key': key },
      body: question('Lost answer'),
    });
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('adds latency', async () => {
    await setFaults({ latencyMs: 300, paths: ['/status/'] });
    const t0 = Date.now();
    expect((await api.call('GET', '/status/v1/notifications')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = Date.now();
    expect((await api.call('GET', '/api/v1/picklists')).status).toBe(200);
    expect(Date.now() - t1).toBeLessThan(290);
  });

  it('never faults the admin paths, refuses bad settings (422) and clears', async () => {
    await setFaults({ errorRate: 1, dropRate: 1 });
    expect((await api.call('GET', '/sandbox/v1/faults', { admin: true })).status).toBe(200);
    const bad = await api.call('PUT', '/sandbox/v1/faults', {
      admin: true,
      body: { errorRate: 2, errorStatus: 418, paths: ['api'], sparkle: true },
    });
    expect(bad.status).toBe(422);
    expect((bad.body.fields as Json[]).map((f) => f.field).sort()).toEqual([
      'errorRate',
      'errorStatus',
      'paths',
      'sparkle',
    ]);
    expect((await api.call('DELETE', '/sandbox/v1/faults', { admin: true })).status).toBe(204);
    expect((await api.call('GET', '/api/v1/me', { token: zack })).status).toBe(200);
  });
});

describe('login rate limiting', () => {
  it('answers 429 with Retry-After after 5 failures for an email, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await api.call('POST', '/api/v1/sessions', { body: { email: SEEDED.lisa, password: `wrong-${i}` } });
      expect(r.status).toBe(401);
    }
    const limited = await api.call('POST', '/api/v1/sessions', {
      body: { email: SEEDED.lisa, password: sb.demo.password },
    });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    const after = Number(limited.headers['retry-after']);
    expect(after).toBeGreaterThanOrEqual(1);
    expect(after).toBeLessThanOrEqual(60);
    // Another email from the same client is not affected.
    expect(
      (await api.call('POST', '/api/v1/sessions', { body: { email: SEEDED.screech, password: sb.demo.password } }))
        .status,
    ).toBe(201);
  });
});

describe('password reset', () => {
  it('resets through the mailbox, revokes old tokens and needs 12 characters', async () => {
    const old = await api.signIn(SEEDED.tori, sb.demo.password);
    expect((await api.call('POST', '/api/v1/password-reset/request', { body: { email: SEEDED.tori } })).status).toBe(
      202,
    );
    expect(
      (await api.call('POST', '/api/v1/password-reset/request', { body: { email: 'ghost@valley.example' } })).status,
    ).toBe(202);
    const mail = await api.call('GET', `/sandbox/v1/mailbox?to=${encodeURIComponent(SEEDED.tori)}`, { admin: true });
    const msg = (mail.body.messages as Json[]).find((m) => m.kind === 'password-reset')!;
    expect(msg).toBeDefined();
    const short = await api.call('POST', '/api/v1/password-reset/confirm', {
      body: { token: msg.token, password: 'too-short' },
    });
    expect(short.status).toBe(422);
    expect(
      (
        await api.call('POST', '/api/v1/password-reset/confirm', {
          body: { token: msg.token, password: 'Tori-Scott-New-1993' },
        })
      ).status,
    ).toBe(204);
    expect((await api.call('GET', '/api/v1/me', { token: old })).status).toBe(401);
    expect(
      (await api.call('POST', '/api/v1/sessions', { body: { email: SEEDED.tori, password: sb.demo.password } })).status,
    ).toBe(401);
    expect(await api.signIn(SEEDED.tori, 'Tori-Scott-New-1993')).toMatch(/^icsb_/);
    expect((await api.call('DELETE', '/sandbox/v1/mailbox', { admin: true })).status).toBe(204);
    expect((await api.call('GET', '/sandbox/v1/mailbox', { admin: true })).body.messages).toEqual([]);
  });
});

describe('token expiry', () => {
  it('answers 401 token_expired once the token lifetime (--token-ttl) has passed', async () => {
    // The sandbox's clock is the test's: 1.2 s pass when the test says, not on the wall clock.
    let now = Date.now();
    const short = await startSandbox({ args: ['--token-ttl', '1'], clock: () => new Date(now) });
    try {
      const a = apiClient(short);
      const token = await a.signIn(SEEDED.zack, short.demo.password);
      expect((await a.call('GET', '/api/v1/me', { token })).status).toBe(200);
      now += 900;
      expect((await a.call('GET', '/api/v1/me', { token })).status).toBe(200);
      now += 300;
      const r = await a.call('GET', '/api/v1/me', { token });
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('token_expired');
    } finally {
      await short.stop();
      short.cleanup();
    }
  });
});
