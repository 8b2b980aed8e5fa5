/**
 * The terminal contract (issue 15, items 6-8): a spinner on stderr on every wait at a terminal,
 * saying what it waits for and why it retries; color through chalk at the level IOStreams decided;
 * and nothing of either — no escape sequence at all — with NO_COLOR, --no-color, in a pipe or in CI.
 * The built CLI in a real pseudo-terminal for the retry note; the rest in this process at a
 * pretend terminal (runCli's `terminal`), where the same streams and environment decide.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runAtTerminal } from '../helpers/held-requests.js';
import { spawnCli } from '../helpers/pty.js';
import { useSandboxSession } from '../helpers/sandbox.js';

const s = useSandboxSession();
const ESC = '\u001b';
// What only a spinner writes: cursor hiding/showing, erasing a line, moving to column 0.
// eslint-disable-next-line no-control-regex
const SPINNER_CODES = /\u001b\[\?25[lh]|\u001b\[2K|\u001b\[G|\u001b\[1G/;

async function faults(body: Record<string, unknown>): Promise<void> {
  const r = await s.api.call('PUT', '/sandbox/v1/faults', { admin: true, body });
  expect(r.status).toBe(200);
}

const ttyEnv = (extra: Record<string, string> = {}): Record<string, string> => {
  const env: Record<string, string> = { ...s.env, TZ: 'America/Chicago', ...extra };
  if (!('NO_COLOR' in extra)) delete env.NO_COLOR;
  return env;
};

describe('the spinner', () => {
  it('says what it waits for and, during retries, why and how long', async () => {
    // The first request of the listing fails with 503, every one is slow: the retry note shows.
    await faults({ latencyMs: 800, errorRate: 1, errorStatus: 503, limit: 1, paths: ['/api/v1/cases'] });
    try {
      const p = spawnCli(['case', 'list'], ttyEnv());
      await p.expect('Listing your cases');
      await p.expect(/portal answered 503, retrying in \d+ s \(attempt 2 of 4\)/);
      expect((await p.exited()).code).toBe(0);
      expect(p.raw()).toMatch(SPINNER_CODES);
      expect(p.screen()).toContain('NUMBER');
    } finally {
      await s.api.call('DELETE', '/sandbox/v1/faults', { admin: true });
    }
  });

  it('shows while signing in and while fetching a case', async () => {
    // In this process at a pretend terminal; each request waits until the spinner has drawn.
    const show = await runAtTerminal(['case', 'show', '1001'], { env: ttyEnv() });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stderr).toMatch(SPINNER_CODES);
    expect(show.text).toContain('Fetching case 00001001');
    const login = await runAtTerminal(['--sandbox', 'case', 'list'], {
      env: ttyEnv({ IC_SUPPORT_TOKEN: '', IC_SUPPORT_PORTAL_URL: '' }),
    });
    expect(login.code, login.stderr).toBe(0);
    expect(login.text).toContain('Signing in to the practice portal');
  });
});

describe('no escape codes where none are wanted (byte for byte)', () => {
  // In this process at a pretend terminal (the decision is the environment's and the flag's);
  // each request is slow enough that a spinner started by mistake would have drawn.
  for (const [name, args, env] of [
    ['NO_COLOR=1', ['case', 'list'], { NO_COLOR: '1' }],
    ['--no-color', ['--no-color', 'case', 'list'], {}],
  ] as const) {
    it(`${name} at a terminal: no color and no spinner frames`, async () => {
      await faults({ latencyMs: 100, paths: ['/api/v1/cases'] });
      try {
        const r = await runCli([...args], { env: ttyEnv({ ...env }), terminal: { columns: 120 } });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toContain('NUMBER');
        expect(r.stdout.includes(ESC) || r.stderr.includes(ESC)).toBe(false);
      } finally {
        await s.api.call('DELETE', '/sandbox/v1/faults', { admin: true });
      }
    });
  }

  it('CI=true at a terminal: no spinner frames', async () => {
    await faults({ latencyMs: 100, paths: ['/api/v1/cases'] });
    try {
      const r = await runCli(['case', 'list'], { env: ttyEnv({ CI: 'true' }), terminal: { columns: 120 } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('NUMBER');
      expect(r.stderr).not.toMatch(SPINNER_CODES);
    } finally {
      await s.api.call('DELETE', '/sandbox/v1/faults', { admin: true });
    }
  });

  it('in a pipe, with CI=true or even FORCE_COLOR unset: plain bytes on both streams', async () => {
    for (const extra of [{}, { CI: 'true' }, { NO_COLOR: '1' }]) {
      const env = { ...ttyEnv(extra as Record<string, string>) };
      for (const args of [
        ['case', 'list'],
        ['case', 'show', '1001'],
        ['auth', 'status'],
      ]) {
        const r = await runCli(args, { env });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.length).toBeGreaterThan(0);
        expect(r.stdout.includes(ESC) || r.stderr.includes(ESC)).toBe(false);
      }
    }
  });

  it('FORCE_COLOR=1 colors a pipe through chalk, as before', async () => {
    const r = await runCli(['case', 'show', '1001'], { env: ttyEnv({ FORCE_COLOR: '1' }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${ESC}[1mCase 00001001`);
    expect(r.stderr).not.toMatch(SPINNER_CODES);
  });
});
