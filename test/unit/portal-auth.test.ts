/**
 * The auth and config commands in-process (src/cli/run.ts) with strict fakes: undici MockAgent for
 * the portal, the strict fake prompter, a temp state folder. Covers how the token is chosen
 * (environment over config; never sent to another portal) and what is stored (never a password).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { testIO, type TestIO } from '../../src/io/test-io.js';
import { fakePrompter, type FakePrompter } from '../helpers/prompter.js';
import { catalog as bundledCatalog } from '../../src/domain/catalog/index.js';

const PORTAL = 'https://portal.test';
const JSON_HEADERS = { headers: { 'content-type': 'application/json' } };
const contact = { id: 'c1', name: 'Zack Morris (TESTING)', email: 'zack@bayside.example', role: 'Authorized' };
const me = (expiresAt = '2030-01-01T00:00:00.000Z') => ({
  contact,
  districts: [{ id: 'd1', name: 'Bayside School (TESTING)' }],
  token: { expiresAt },
});

let dir: string;
let agent: MockAgent;
let io: TestIO;
let errText: string;

async function cli(
  args: string[],
  o: { env?: Record<string, string>; tty?: boolean; prompter?: FakePrompter; stdin?: string } = {},
): Promise<number> {
  io = testIO({ tty: o.tty ?? false });
  if (o.stdin !== undefined) {
    io.input(o.stdin);
    io.endInput();
  } else io.endInput();
  errText = '';
  return run(args, {
    version: '0.0.0-test',
    env: { IC_SUPPORT_CONFIG_DIR: dir, ...(o.env ?? {}) },
    io: () => io,
    services: { dispatcher: agent, ...(o.prompter ? { prompter: o.prompter } : {}) },
    errorOut: (s) => void (errText += s),
    helpOut: (s) => io.out(s),
  });
}
const stderr = () => io.stderrText() + errText;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ic-auth-'));
  agent = new MockAgent();
  agent.disableNetConnect();
  expect(await cli(['config', 'set', 'portalUrl', PORTAL])).toBe(0);
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
});

const session = (token = 'tok_from_login_0001') =>
  agent
    .get(PORTAL)
    .intercept({
      path: '/api/v1/sessions',
      method: 'POST',
      body: (b) => JSON.parse(String(b)).email === 'zack@bayside.example',
    })
    .reply(201, { token, expiresAt: '2030-01-01T00:00:00.000Z', contact }, JSON_HEADERS);

describe('auth login', () => {
  it('on a terminal, asks for the email and a hidden password, and stores the token only', async () => {
    const p = fakePrompter([
      { kind: 'input', message: 'Email', answer: 'zack@bayside.example' },
      { kind: 'password', message: 'Password', answer: 'correct horse battery' },
    ]);
    session();
    expect(await cli(['login'], { tty: true, prompter: p })).toBe(0);
    p.assertDone();
    expect(stderr()).toMatch(/Signed in to https:\/\/portal\.test as Zack Morris \(TESTING\)/);
    const creds = readFileSync(join(dir, 'credentials.json'), 'utf8');
    expect(creds).toContain('tok_from_login_0001');
    expect(creds).not.toContain('correct horse battery');
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toContain('tok_from_login_0001');
    expect(stderr() + io.stdoutText()).not.toContain('tok_from_login_0001');
  });

  it('without a terminal and without flags, fails at once naming the flags to use (no prompt)', async () => {
    const p = fakePrompter([]);
    expect(await cli(['auth', 'login'], { prompter: p })).toBe(2);
    expect(stderr()).toMatch(/--email.*--password-stdin/s);
    expect(stderr()).toMatch(/--with-token/);
  });

  it('--password-stdin needs --email', async () => {
    expect(await cli(['login', '--password-stdin'], { stdin: 'pw\n' })).toBe(2);
    expect(stderr()).toContain('--password-stdin needs --email');
  });

  it('--with-token checks the token with /me before storing it', async () => {
    agent
      .get(PORTAL)
      .intercept({ path: '/api/v1/me', method: 'GET', headers: { authorization: 'Bearer tok_pasted_0002' } })
      .reply(200, me(), JSON_HEADERS);
    expect(await cli(['login', '--with-token'], { stdin: 'tok_pasted_0002\n' })).toBe(0);
    expect(readFileSync(join(dir, 'credentials.json'), 'utf8')).toContain('tok_pasted_0002');
  });

  it('a not-activated account is told how to activate, with its email', async () => {
    agent
      .get(PORTAL)
      .intercept({ path: '/api/v1/sessions', method: 'POST' })
      .reply(403, { code: 'account_not_activated', detail: 'not active' }, JSON_HEADERS);
    expect(
      await cli(['login', '--email', 'new@bayside.example', '--password-stdin'], { stdin: 'whatever-password\n' }),
    ).toBe(3);
    expect(stderr()).toContain('ic-support auth activate --email new@bayside.example');
  });
});

describe('which token is used', () => {
  it('IC_SUPPORT_TOKEN overrides the stored token, and status says where it came from', async () => {
    session('tok_stored_0003');
    expect(
      await cli(['login', '--email', 'zack@bayside.example', '--password-stdin'], { stdin: 'correct horse battery\n' }),
    ).toBe(0);
    agent
      .get(PORTAL)
      .intercept({ path: '/api/v1/me', method: 'GET', headers: { authorization: 'Bearer tok_env_0004' } })
      .reply(200, me(), JSON_HEADERS);
    expect(await cli(['whoami', '--json'], { env: { IC_SUPPORT_TOKEN: 'tok_env_0004' } })).toBe(0);
    expect(JSON.parse(io.stdoutText()).token.source).toBe('env');
    agent
      .get(PORTAL)
      .intercept({ path: '/api/v1/me', method: 'GET', headers: { authorization: 'Bearer tok_stored_0003' } })
      .reply(200, me(), JSON_HEADERS);
    expect(await cli(['auth', 'status'])).toBe(0);
    expect(io.stdoutText()).toMatch(/token from: the credentials file/);
    expect(io.stdoutText()).toMatch(/role: +Authorized/);
  });

  it('never sends a stored token to another portal (IC_SUPPORT_PORTAL_URL pointing elsewhere)', async () => {
    session('tok_stored_0005');
    expect(
      await cli(['login', '--email', 'zack@bayside.example', '--password-stdin'], { stdin: 'correct horse battery\n' }),
    ).toBe(0);
    // No interceptor for the other portal: a request would fail the test (net connect disabled).
    expect(await cli(['whoami'], { env: { IC_SUPPORT_PORTAL_URL: 'https://elsewhere.test' } })).toBe(3);
    expect(stderr()).toContain('is signed in to https://portal.test, not to https://elsewhere.test');
  });

  it('refuses a plain-http portal URL from the environment, saying why', async () => {
    expect(await cli(['whoami'], { env: { IC_SUPPORT_PORTAL_URL: 'http://portal.example.org' } })).toBe(2);
    expect(stderr()).toMatch(/IC_SUPPORT_PORTAL_URL: .*plain http.*loopback/);
  });

  it('an expired token gives the auth exit code and the hint ic-support login', async () => {
    agent
      .get(PORTAL)
      .intercept({ path: '/api/v1/me', method: 'GET' })
      .reply(401, { code: 'token_expired', detail: 'expired' }, JSON_HEADERS);
    expect(await cli(['whoami'], { env: { IC_SUPPORT_TOKEN: 'tok_old_0006' } })).toBe(3);
    expect(stderr()).toMatch(/expired[\s\S]*ic-support login/);
  });
});

describe('auth logout', () => {
  it('revokes at the portal and removes the token', async () => {
    session('tok_bye_0007');
    expect(
      await cli(['login', '--email', 'zack@bayside.example', '--password-stdin'], { stdin: 'correct horse battery\n' }),
    ).toBe(0);
    agent
      .get(PORTAL)
      .intercept({
        path: '/api/v1/sessions/current',
        method: 'DELETE',
        headers: { authorization: 'Bearer tok_bye_0007' },
      })
      .reply(204, '');
    expect(await cli(['logout'])).toBe(0);
    expect(stderr()).toMatch(/revoked and removed/);
    expect(readFileSync(join(dir, 'credentials.json'), 'utf8')).not.toContain('tok_bye_0007');
  });

  it('removes the token even when the portal is unreachable, and says it was not revoked', async () => {
    session('tok_bye_0008');
    expect(
      await cli(['login', '--email', 'zack@bayside.example', '--password-stdin'], { stdin: 'correct horse battery\n' }),
    ).toBe(0);
    agent
      .get(PORTAL)
      .intercept({ path: '/api/v1/sessions/current', method: 'DELETE' })
      .reply(503, { code: 'unavailable', detail: 'down' }, JSON_HEADERS);
    expect(await cli(['logout'])).toBe(0);
    expect(stderr()).toMatch(/could not be revoked/);
    expect(readFileSync(join(dir, 'credentials.json'), 'utf8')).not.toContain('tok_bye_0008');
  });

  it('will not pretend to remove an IC_SUPPORT_TOKEN', async () => {
    expect(await cli(['logout'], { env: { IC_SUPPORT_TOKEN: 'tok_env_0009' } })).toBe(2);
    expect(stderr()).toContain('Unset IC_SUPPORT_TOKEN');
  });
});

describe('activate and reset-password', () => {
  it('requests the email, then confirms with the token and new password from hidden prompts and signs in', async () => {
    const pool = agent.get(PORTAL);
    pool
      .intercept({
        path: '/api/v1/activation/request',
        method: 'POST',
        body: JSON.stringify({ email: 'new@bayside.example' }),
      })
      .reply(202, '');
    pool
      .intercept({
        path: '/api/v1/activation/confirm',
        method: 'POST',
        body: JSON.stringify({ token: 'act_tok_1', password: 'a long new password' }),
      })
      .reply(200, { contact: { ...contact, email: 'new@bayside.example' } }, JSON_HEADERS);
    pool
      .intercept({ path: '/api/v1/sessions', method: 'POST' })
      .reply(201, { token: 'tok_new_0010', expiresAt: '2030-01-01T00:00:00.000Z', contact }, JSON_HEADERS);
    const p = fakePrompter([
      { kind: 'password', message: 'Token from the email', answer: 'act_tok_1' },
      { kind: 'password', message: 'New password', answer: 'a long new password' },
      { kind: 'password', message: 'again', answer: 'a long new password' },
    ]);
    expect(await cli(['auth', 'activate', '--email', 'new@bayside.example'], { tty: true, prompter: p })).toBe(0);
    p.assertDone();
    expect(stderr()).toMatch(/activated[\s\S]*Signed in/);
  });

  it("non-interactively: a password shorter than the portal's catalog says is refused before it is sent", async () => {
    // The guide states no password length: this portal's catalog does (16, not the bundled 12).
    const pool = agent.get(PORTAL);
    pool
      .intercept({ path: '/api/v1/catalog', method: 'GET' })
      .reply(
        200,
        { catalogVersion: 'p1', limits: { passwordMinLength: 16 }, types: bundledCatalog.types.slice(0, 1) },
        JSON_HEADERS,
      );
    pool
      .intercept({ path: '/api/v1/picklists', method: 'GET' })
      .reply(
        200,
        { catalogVersion: 'p1', picklists: { module: ['Attendance'], type: {}, requestType: {} } },
        JSON_HEADERS,
      );
    expect(await cli(['auth', 'reset-password', '--confirm', '--stdin'], { stdin: 'tok\nthirteen-char\n' })).toBe(2);
    expect(stderr()).toContain("password: must be at least 16 characters (this portal's limit) (it has 13)");
  });

  it("non-interactively: with no length stated by the portal's catalog, the password is sent and the portal's refusal is shown, field and fix", async () => {
    // The bundled 12 is not this portal's: a 5-character password is not blocked here.
    const pool = agent.get(PORTAL);
    pool
      .intercept({ path: '/api/v1/catalog', method: 'GET' })
      .reply(200, { catalogVersion: 'p1', types: bundledCatalog.types.slice(0, 1) }, JSON_HEADERS);
    pool
      .intercept({ path: '/api/v1/picklists', method: 'GET' })
      .reply(
        200,
        { catalogVersion: 'p1', picklists: { module: ['Attendance'], type: {}, requestType: {} } },
        JSON_HEADERS,
      );
    pool
      .intercept({
        path: '/api/v1/password-reset/confirm',
        method: 'POST',
        body: JSON.stringify({ token: 'tok', password: 'short' }),
      })
      .reply(
        422,
        {
          code: 'validation_failed',
          detail: 'The request is not valid.',
          fields: [{ field: 'password', message: 'the password must have at least 10 characters' }],
        },
        JSON_HEADERS,
      );
    expect(await cli(['auth', 'reset-password', '--confirm', '--stdin'], { stdin: 'tok\nshort\n' })).toBe(2);
    expect(stderr()).toContain('password: the password must have at least 10 characters');
    expect(stderr()).not.toContain('at least 12');
  });
});

describe('config', () => {
  it('get, set, unset and list per profile; secrets are not settings', async () => {
    expect(await cli(['config', 'set', 'account', 'Bayside School (TESTING)', '--profile', 'staging'])).toBe(0);
    expect(await cli(['config', 'get', 'account', '--profile', 'staging'])).toBe(0);
    expect(io.stdoutText()).toBe('Bayside School (TESTING)\n');
    expect(await cli(['config', 'get', 'account'])).toBe(5);
    expect(await cli(['config', 'list', '--json'], { env: { IC_SUPPORT_PROFILE: 'staging' } })).toBe(0);
    expect(JSON.parse(io.stdoutText())).toMatchObject({
      profile: 'staging',
      profiles: ['default', 'staging'],
      settings: { account: 'Bayside School (TESTING)' },
    });
    expect(await cli(['config', 'unset', 'account', '--profile', 'staging'])).toBe(0);
    expect(await cli(['config', 'get', 'account', '--profile', 'staging'])).toBe(5);
    expect(await cli(['config', 'set', 'token', 'abc'])).toBe(2);
    expect(stderr()).toMatch(/secrets are never given on the command line/);
    expect(await cli(['config', 'set', 'portalurl', 'https://x.org'])).toBe(2);
    expect(stderr()).toMatch(/Did you mean portalUrl/);
    expect(await cli(['config', 'set', 'output', 'xml'])).toBe(2);
    expect(stderr()).toMatch(/output: must be one of text, json/);
    expect(await cli(['config', 'path'])).toBe(0);
    expect(io.stdoutText()).toBe(`${join(dir, 'config.json')}\n`);
    expect(await cli(['config', 'list', '--profile', '../x'])).toBe(2);
  });
});
