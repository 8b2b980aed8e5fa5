/**
 * Signing in, out and around, end to end: the CLI (in-process; in a pseudo-terminal, the built
 * one) against the sandbox over real HTTP on loopback. Every output of the file is recorded and, at
 * the end, searched for every token and password the run used.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { latestMail, startSandbox, type SandboxProcess } from '../helpers/auth-sandbox.js';
import { Transcript } from '../helpers/auth-e2e.js';
import { spawnCli } from '../helpers/pty.js';

const t = new Transcript();
let sb: SandboxProcess;
const dirs: { path: string; cleanup: () => void }[] = [];

function stateDir(): string {
  const d = tempDir('ic-auth-e2e-');
  dirs.push(d);
  return join(d.path, 'state');
}

async function configured(dir = stateDir(), url = sb.url): Promise<string> {
  const r = await t.run(['config', 'set', 'portalUrl', url], dir);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

async function loginDemo(dir: string, extra: string[] = []): Promise<void> {
  const r = await t.run(['login', '--email', sb.demo.email, '--password-stdin', ...extra], dir, {
    input: `${sb.demo.password}\n`,
  });
  expect(r.code, r.stderr).toBe(0);
  t.harvest(dir);
}

const storedToken = (dir: string, profile = 'default'): string =>
  (JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as { profiles: Record<string, { token: string }> })
    .profiles[profile]!.token;

beforeAll(async () => {
  sb = await startSandbox();
  t.secrets.add(sb.demo.password);
  t.secrets.add(sb.adminKey);
});

afterAll(async () => {
  await sb?.stop();
  for (const d of dirs) d.cleanup();
});

describe('login and status', () => {
  it('signs in non-interactively with --password-stdin; stores the token 0600 in a 0700 folder; whoami shows who', async () => {
    const dir = await configured();
    const r = await t.run(['login', '--email', sb.demo.email, '--password-stdin'], dir, {
      input: `${sb.demo.password}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Signed in to');
    expect(r.stderr).toContain('Zack Morris (TESTING)');
    t.harvest(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'credentials.json'), 'utf8')).not.toContain(sb.demo.password);
    expect(readFileSync(join(dir, 'config.json'), 'utf8')).not.toContain(storedToken(dir));

    const s = await t.run(['whoami'], dir);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/Zack Morris \(TESTING\) <zack\.morris@bayside\.example>/);
    expect(s.stdout).toMatch(/role: +Authorized/);
    expect(s.stdout).toMatch(/districts: +Bayside School \(TESTING\), Valley High School \(TESTING\)/);
    expect(s.stdout).toMatch(/profile: +default/);
    expect(s.stdout).toMatch(/token from: the credentials file/);
    expect(s.stdout).toMatch(/expires: +\d\d\/\d\d\/\d{4} - \d\d:\d\d [AP]M /);

    const j = await t.run(['auth', 'status', '--json'], dir);
    const data = JSON.parse(j.stdout) as {
      contact: { role: string };
      districts: unknown[];
      token: { source: string; expiresAt: string };
      profile: string;
    };
    expect(data).toMatchObject({ contact: { role: 'Authorized' }, profile: 'default', token: { source: 'config' } });
    expect(data.districts).toHaveLength(2);
  });

  it('signs in interactively through a real terminal: email prompt, hidden password', async () => {
    const dir = await configured();
    const env = { ...baseEnv(dir), TERM: 'xterm' };
    const pty = spawnCli(['login'], env, { cols: 100, rows: 30 });
    await pty.expect('Email');
    pty.line(sb.demo.email);
    await pty.expect('Password');
    pty.line(sb.demo.password);
    const { code } = await pty.exited();
    const screen = pty.screen();
    t.outputs.push(screen);
    expect(code, screen).toBe(0);
    expect(screen).toContain('Signed in to');
    expect(screen).not.toContain(sb.demo.password);
    t.harvest(dir);
    expect((await t.run(['whoami', '--json'], dir)).code).toBe(0);
  });

  it('without a terminal and without flags, fails at once (no hang on a held-open stdin) naming the flags', async () => {
    const dir = await configured();
    const r = await t.run(['login'], dir, { holdStdinOpen: true, timeoutMs: 15_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--email.*--password-stdin/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a wrong password: exit 3, a clear message, nothing stored', async () => {
    const dir = await configured();
    const r = await t.run(['login', '--email', 'tori.scott@valley.example', '--password-stdin'], dir, {
      input: 'not-the-password\n',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Wrong email or password');
    expect(r.stderr).toContain('reset-password');
    const s = await t.run(['whoami'], dir);
    expect(s.code).toBe(3);
    expect(s.stderr).toContain('Not signed in');
    expect(s.stderr).toContain('ic-support login');
  });

  it('after 5 failures a sign-in is rate limited: exit 7 and when to try again', async () => {
    const dir = await configured();
    const email = 'lisa.turtle@bayside.example';
    for (let i = 0; i < 5; i++) {
      const r = await t.run(['login', '--email', email, '--password-stdin'], dir, { input: `wrong-${i}-password\n` });
      expect(r.code).toBe(3);
    }
    const r = await t.run(['login', '--email', email, '--password-stdin'], dir, { input: `${sb.demo.password}\n` });
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/Rate limited/);
    expect(r.stderr).toMatch(/Try again in \d+ s/);
  });

  it('a not-activated account is told how to activate', async () => {
    const dir = await configured();
    // The sandbox says "not activated" only to the right (first) password.
    const r = await t.run(['login', '--email', 'kelly.kapowski@bayside.example', '--password-stdin'], dir, {
      input: `${sb.demo.password}\n`,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('has not been activated yet');
    expect(r.stderr).toContain('ic-support auth activate --email kelly.kapowski@bayside.example');
  });
});

describe('logout, expiry, environment token, profiles', () => {
  it('logout revokes the token at the portal: the old token no longer works anywhere', async () => {
    const dir = await configured();
    await loginDemo(dir);
    const token = storedToken(dir);
    const r = await t.run(['logout'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('revoked');
    expect(readFileSync(join(dir, 'credentials.json'), 'utf8')).not.toContain(token);
    // Server-side: the same token, given through the environment, is refused.
    const other = await configured();
    const s = await t.run(['whoami'], other, { env: { IC_SUPPORT_TOKEN: token } });
    expect(s.code).toBe(3);
    expect(s.stderr).toContain('ic-support login');
    expect((await sb.api('GET', '/api/v1/me', undefined, token)).status).toBe(401);
  });

  it('IC_SUPPORT_TOKEN signs in a fresh machine with no stored token and wins over a stored one', async () => {
    const session = await sb.api<{ token: string }>('POST', '/api/v1/sessions', {
      email: 'screech.powers@bayside.example',
      password: sb.demo.password,
    });
    const envToken = session.body.token;
    t.secrets.add(envToken);
    const fresh = await configured();
    const r = await t.run(['whoami', '--json'], fresh, { env: { IC_SUPPORT_TOKEN: envToken } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ contact: { role: 'Technical' }, token: { source: 'env' } });
    const signedIn = await configured();
    await loginDemo(signedIn);
    const w = await t.run(['whoami', '--json'], signedIn, { env: { IC_SUPPORT_TOKEN: envToken } });
    expect(JSON.parse(w.stdout)).toMatchObject({
      contact: { email: 'screech.powers@bayside.example' },
      token: { source: 'env' },
    });
    // And IC_SUPPORT_PORTAL_URL can replace the profile's URL entirely.
    const bare = stateDir();
    const e = await t.run(['whoami', '--json'], bare, {
      env: { IC_SUPPORT_TOKEN: envToken, IC_SUPPORT_PORTAL_URL: sb.url },
    });
    expect(e.code, e.stderr).toBe(0);
  });

  it('two profiles keep separate portals and sign-ins; --profile and IC_SUPPORT_PROFILE choose', async () => {
    const dir = await configured();
    await t.run(['config', 'set', 'portalUrl', sb.url, '--profile', 'valley'], dir);
    await loginDemo(dir);
    const r = await t.run(
      ['login', '--profile', 'valley', '--email', 'tori.scott@valley.example', '--password-stdin'],
      dir,
      { input: `${sb.demo.password}\n` },
    );
    expect(r.code, r.stderr).toBe(0);
    t.harvest(dir);
    expect(storedToken(dir, 'valley')).not.toBe(storedToken(dir, 'default'));
    const a = JSON.parse((await t.run(['whoami', '--json'], dir)).stdout) as {
      contact: { email: string };
      profile: string;
    };
    const b = JSON.parse((await t.run(['whoami', '--json', '--profile', 'valley'], dir)).stdout) as {
      contact: { email: string };
      profile: string;
    };
    const c = JSON.parse(
      (await t.run(['whoami', '--json'], dir, { env: { IC_SUPPORT_PROFILE: 'valley' } })).stdout,
    ) as { contact: { email: string } };
    expect(a).toMatchObject({ profile: 'default', contact: { email: sb.demo.email } });
    expect(b).toMatchObject({ profile: 'valley', contact: { email: 'tori.scott@valley.example' } });
    expect(c.contact.email).toBe('tori.scott@valley.example');
    // Logging out of one leaves the other signed in.
    expect((await t.run(['logout', '--profile', 'valley'], dir)).code).toBe(0);
    expect((await t.run(['whoami', '--profile', 'valley'], dir)).code).toBe(3);
    expect((await t.run(['whoami'], dir)).code).toBe(0);
  });

  it('an expired token: exit 3 and the hint ic-support login', async () => {
    const short = await startSandbox();
    try {
      const dir = await configured(stateDir(), short.url);
      const r = await t.run(['login', '--email', short.demo.email, '--password-stdin'], dir, {
        input: `${short.demo.password}\n`,
      });
      expect(r.code, r.stderr).toBe(0);
      t.harvest(dir);
      // A day later by the portal's clock (its vendor side moves it): past the token's 8 hours.
      await short.admin('POST', '/clock', { days: 1 });
      const s = await t.run(['whoami'], dir);
      expect(s.code).toBe(3);
      expect(s.stderr).toContain('expired');
      expect(s.stderr).toContain('ic-support login');
    } finally {
      await short.stop();
    }
  });
});

describe('activation and password reset, through the sandbox mailbox', () => {
  it('activates a new account: request, token from the email, new password from stdin; then signed in', async () => {
    const dir = await configured();
    const email = 'kelly.kapowski@bayside.example';
    const req = await t.run(['auth', 'activate', '--email', email], dir);
    expect(req.code, req.stderr).toBe(0);
    expect(req.stderr).toContain('--confirm --stdin');
    // "an activation token" (issue 26 §20: it said "a activation token").
    expect(req.stderr).toContain('an email with an activation token is on its way');
    const mail = await latestMail(sb, email);
    expect(mail.token).toBeTruthy();
    t.secrets.add(mail.token!);
    const newPassword = 'Kelly-Kapowski-2026!';
    t.secrets.add(newPassword);
    const conf = await t.run(['auth', 'activate', '--confirm', '--stdin'], dir, {
      input: `${mail.token}\n${newPassword}\n`,
    });
    expect(conf.code, conf.stderr).toBe(0);
    expect(conf.stderr).toContain('activated');
    expect(conf.stderr).toContain('Signed in');
    t.harvest(dir);
    const w = JSON.parse((await t.run(['whoami', '--json'], dir)).stdout) as { contact: { email: string } };
    expect(w.contact.email).toBe(email);
  });

  it('resets a password: the old one stops working, the new one works', async () => {
    const dir = await configured();
    const email = 'screech.powers@bayside.example';
    expect((await t.run(['auth', 'reset-password', '--email', email], dir)).code).toBe(0);
    const mail = await latestMail(sb, email);
    t.secrets.add(mail.token!);
    const newPassword = 'Screech-Robot-Kevin-2026';
    t.secrets.add(newPassword);
    const short = await t.run(['auth', 'reset-password', '--confirm', '--stdin', '--email', email], dir, {
      input: `${mail.token}\nshort\n`,
    });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('password: must be at least 12 characters');
    const r = await t.run(['auth', 'reset-password', '--confirm', '--stdin', '--email', email], dir, {
      input: `${mail.token}\n${newPassword}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Signed in');
    t.harvest(dir);
    const old = await t.run(['login', '--email', email, '--password-stdin'], dir, { input: `${sb.demo.password}\n` });
    expect(old.code).toBe(3);
    const used = await t.run(['auth', 'reset-password', '--confirm', '--stdin'], dir, {
      input: `${mail.token}\nAnother-Long-Password-1\n`,
    });
    expect(used.code).not.toBe(0);
  });

  it('refuses to take the token or the password from the command line', async () => {
    const dir = await configured();
    const r = await t.run(['auth', 'activate', '--confirm', '--token', 'abc'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--token'/);
    const p = await t.run(['login', '--password', 'abc'], dir);
    expect(p.code).toBe(2);
  });
});

describe('the embedded sandbox (--sandbox)', () => {
  it('starts a sandbox in-process, signed in as the demo contact, with its data in the state folder', async () => {
    const dir = stateDir();
    const r = await t.run(['--sandbox', 'whoami', '--json'], dir, { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout) as {
      contact: { email: string };
      token: { source: string };
      profile: string;
      portalUrl: string;
    };
    expect(data).toMatchObject({ contact: { email: sb.demo.email }, token: { source: 'sandbox' }, profile: 'sandbox' });
    expect(data.portalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(statSync(join(dir, 'sandbox')).isDirectory()).toBe(true);
    // The sandbox's token is never written to the user's credentials.
    expect(() => readFileSync(join(dir, 'credentials.json'))).toThrow();
  });
});

describe('secrets', () => {
  it('no token, password or admin key appears in any output of this file', () => {
    expect(t.secrets.size).toBeGreaterThan(5);
    expect(t.leaks()).toEqual([]);
  });
});
