/**
 * Incremental following (issue 29 §9): `updatedSince` on the sandbox's listings, `case list --since`
 * and `case watch`, which asks only for what changed since its mark (the portal's time, with an
 * overlap) and stays right against a portal that ignores the parameter or shows a change late.
 * Real HTTP on 127.0.0.1: the sandbox, and a relay in front of it for the portals it is not.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli } from '../helpers/cli.js';
import { useSandboxSession, type Body } from '../helpers/sandbox.js';
import { startRelay, type Relay } from '../helpers/portal-relay.js';
import { ExitCode } from '../../src/errors.js';

// The sandbox's clock, moved on by the tests: each change lands at a time of their choosing.
let offsetMs = 0;
const portalNow = (): Date => new Date(Date.now() + offsetMs);
const later = (ms: number): string => {
  offsetMs += ms;
  return portalNow().toISOString();
};

const s = useSandboxSession({ clock: portalNow });
const relays: Relay[] = [];
afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()));
});

const vendorSays = async (n: string, body: string): Promise<Body> => {
  const r = await s.api.call('POST', `/sandbox/v1/cases/${n}/comments`, { admin: true, body: { body } });
  expect(r.status).toBe(201);
  return r.body;
};
const listed = async (query: string): Promise<string[]> => {
  const r = await s.api.call('GET', `/api/v1/cases?status=all&limit=100&${query}`, { token: s.token });
  expect(r.status, r.text).toBe(200);
  return (r.body.cases as Body[]).map((c) => c.number as string);
};
/** A relay that drops updatedSince: a portal that does not support it (it answers every case). */
const ignoring = async (): Promise<Relay> => {
  const r = await startRelay(s.sb.url, {
    rewrite: (t) => {
      t.searchParams.delete('updatedSince');
      return t;
    },
  });
  relays.push(r);
  return r;
};
const envAt = (url: string, state: string): Record<string, string> => ({
  ...baseEnv(join(s.dir, state)),
  IC_SUPPORT_PORTAL_URL: url,
  IC_SUPPORT_TOKEN: s.token,
  TZ: 'America/Chicago',
});

describe('the sandbox: updatedSince', () => {
  it('keeps the cases updated at or after the instant (a comment updates its case), by the portal clock; 400 naming a bad value', async () => {
    const mark = later(60_000);
    expect(await listed(`updatedSince=${encodeURIComponent(mark)}`)).toEqual([]);
    later(1_000);
    const c = await vendorSays('1003', 'We are looking at it.');
    expect(await listed(`updatedSince=${encodeURIComponent(mark)}`)).toEqual(['00001003']);
    // At or after: the instant of the change itself is in; an offset is the same instant.
    expect(await listed(`updatedSince=${encodeURIComponent(c.createdAt as string)}`)).toEqual(['00001003']);
    const chicago = new Date(Date.parse(mark) - 6 * 3_600_000).toISOString().replace('Z', '-06:00');
    expect(await listed(`updatedSince=${encodeURIComponent(chicago)}`)).toEqual(['00001003']);
    // Other filters and paging combine with it.
    expect(await listed(`updatedSince=${encodeURIComponent(mark)}&status=open&caseType=ask-a-question`)).toEqual([]);

    for (const bad of ['yesterday', '2026-12-07', '2026-12-07T09:00:00']) {
      const r = await s.api.call('GET', `/api/v1/cases?updatedSince=${encodeURIComponent(bad)}`, { token: s.token });
      expect(r.status).toBe(400);
      expect(r.body.detail).toMatch(/^updatedSince must be an RFC 3339 date-time with its offset/);
    }
  });

  it("comments: those posted at or after the instant; the Date header is the sandbox's clock", async () => {
    const mark = later(60_000);
    await vendorSays('1002', 'First.');
    later(1_000);
    await vendorSays('1002', 'Second.');
    const all = await s.api.call('GET', '/api/v1/cases/1002/comments', { token: s.token });
    const since = await s.api.call('GET', `/api/v1/cases/1002/comments?updatedSince=${encodeURIComponent(mark)}`, {
      token: s.token,
    });
    expect((since.body.comments as Body[]).map((m) => m.body)).toEqual(['First.', 'Second.']);
    expect((all.body.comments as Body[]).length).toBeGreaterThan(2);
    const bad = await s.api.call('GET', '/api/v1/cases/1002/comments?updatedSince=soon', { token: s.token });
    expect(bad.status).toBe(400);
    // Moved an hour on (the token lives 8), the portal's Date says so: a client's clock is not the portal's.
    later(3_600_000);
    const r = await s.api.call('GET', '/api/v1/cases?limit=1', { token: s.token });
    const date = Date.parse(String(r.headers.date));
    expect(Math.abs(date - portalNow().getTime())).toBeLessThan(2_000);
    expect(date - Date.now()).toBeGreaterThan(3_500_000);
  });
});

describe('case list --since', () => {
  it('lists only what changed since then, against the sandbox and against a portal that ignores updatedSince', async () => {
    const mark = later(60_000);
    later(1_000);
    await vendorSays('1001', 'Which grade book?');
    const own = await runCli(['case', 'list', '--status', 'all', '--since', mark, '--json', 'number'], {
      env: envAt(s.sb.url, 'list-a'),
    });
    expect(own.code, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout)).toEqual([{ number: '00001001' }]);

    const relay = await ignoring();
    const other = await runCli(['case', 'list', '--status', 'all', '--since', mark, '--json', 'number'], {
      env: envAt(relay.url, 'list-b'),
    });
    expect(other.code, other.stderr).toBe(0);
    expect(JSON.parse(other.stdout)).toEqual([{ number: '00001001' }]);
  });

  it('takes the forms of the other --since flags, and names the flag when it is none of them (exit 2)', async () => {
    const local = await runCli(['case', 'list', '--status', 'all', '--since', '2000-01-01 08:00', '--json', 'number'], {
      env: envAt(s.sb.url, 'list-c'),
    });
    expect(local.code, local.stderr).toBe(0);
    expect((JSON.parse(local.stdout) as unknown[]).length).toBeGreaterThan(2);
    const bad = await runCli(['case', 'list', '--since', 'last tuesday'], { env: envAt(s.sb.url, 'list-c') });
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toMatch(/--since "last tuesday" is not a time/);
    expect(bad.stderr).toMatch(/30m, 2h, 3d/);
    expect(bad.stdout).toBe('');
  });
});

describe('case watch', () => {
  it('asks only for what changed since its mark (the portal time, less 2 minutes), and reports the same against a portal that ignores updatedSince', async () => {
    const recording = await startRelay(s.sb.url);
    relays.push(recording);
    const ignoringRelay = await ignoring();
    const a = envAt(recording.url, 'watch-a');
    const b = envAt(ignoringRelay.url, 'watch-b');
    expect((await runCli(['case', 'watch'], { env: a })).code).toBe(0);
    expect((await runCli(['case', 'watch'], { env: b })).code).toBe(0);

    later(10 * 60_000);
    const c = await vendorSays('1002', 'Try the Attendance Register.');
    recording.seen.length = 0;
    const ra = await runCli(['case', 'watch', '--json'], { env: a });
    const rb = await runCli(['case', 'watch', '--json'], { env: b });
    expect(ra.code, ra.stderr).toBe(ExitCode.changesFound);
    expect(rb.code, rb.stderr).toBe(ExitCode.changesFound);
    expect(ra.stdout).toBe(rb.stdout);
    expect(ra.stdout).toContain('Try the Attendance Register.');
    // The listing asked from 2 minutes before the newest change the last run saw: nothing older.
    const listing = recording.seen.map((t) => new URL(t, 'http://x')).filter((u) => u.pathname === '/api/v1/cases');
    expect(listing).toHaveLength(1);
    const from = Date.parse(listing[0]!.searchParams.get('updatedSince') ?? '');
    expect(from).toBeLessThan(Date.parse(c.createdAt as string));
    // Only the changed case was read in full.
    const read = recording.seen.filter((t) => /^\/api\/v1\/cases\/\d+(\/comments)?$/.test(t.split('?')[0]!));
    expect(read.sort()).toEqual(['/api/v1/cases/00001002', '/api/v1/cases/00001002/comments']);

    // Seen once: the overlap asks again, and nothing is reported twice.
    expect(await runCli(['case', 'watch'], { env: a })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await runCli(['case', 'watch'], { env: b })).toEqual({ code: 0, stdout: '', stderr: '' });

    // Its comments too are asked from a little before the newest one seen, not the whole thread.
    later(10 * 60_000);
    await vendorSays('1002', 'And the Attendance Summary.');
    recording.seen.length = 0;
    const again = await runCli(['case', 'watch', '--json'], { env: a });
    expect(again.code, again.stderr).toBe(ExitCode.changesFound);
    expect(again.stdout.trim().split('\n')).toHaveLength(1);
    expect(again.stdout).toContain('And the Attendance Summary.');
    const thread = recording.seen.map((t) => new URL(t, 'http://x')).find((u) => u.pathname.endsWith('/comments'));
    expect(Date.parse(thread?.searchParams.get('updatedSince') ?? '')).toBe(
      Date.parse(c.createdAt as string) - 120_000,
    );
    const rb2 = await runCli(['case', 'watch', '--json'], { env: b });
    expect(rb2.stdout).toBe(again.stdout);
  });

  it('never reports as news what was there before its first run, though it asks from before its mark', async () => {
    later(10 * 60_000);
    await vendorSays('1001', 'Posted before the first run.');
    const env = envAt(s.sb.url, 'watch-floor');
    expect((await runCli(['case', 'watch'], { env })).code).toBe(0);
    later(30_000); // within the 2-minute overlap of the mark
    await vendorSays('1001', 'Posted after it.');
    const r = await runCli(['case', 'watch'], { env });
    expect(r.code, r.stderr).toBe(ExitCode.changesFound);
    expect(r.stdout).toContain('Posted after it.');
    expect(r.stdout).not.toContain('Posted before the first run.');
  });

  it('reports a change the portal shows late with an earlier time (the overlap), once', async () => {
    // A portal whose listing does not show case 1003 yet: its change is committed, not visible.
    let hide = false;
    const relay = await startRelay(s.sb.url, {
      answer: (t, body) => {
        if (!hide || t.pathname !== '/api/v1/cases') return body;
        const page = body as { cases: Body[] };
        return { ...page, cases: page.cases.filter((x) => x.number !== '00001003') };
      },
    });
    relays.push(relay);
    const env = envAt(relay.url, 'watch-late');
    expect((await runCli(['case', 'watch'], { env })).code).toBe(0);
    hide = true;
    later(10 * 60_000);
    await vendorSays('1003', 'Committed first, shown late.');
    later(30_000);
    await vendorSays('1002', 'Shown at once.');
    const first = await runCli(['case', 'watch'], { env });
    expect(first.code).toBe(ExitCode.changesFound);
    expect(first.stdout).toContain('Shown at once.');
    expect(first.stdout).not.toContain('shown late');
    hide = false;
    const second = await runCli(['case', 'watch'], { env });
    expect(second.code, second.stderr).toBe(ExitCode.changesFound);
    expect(second.stdout).toContain('Committed first, shown late.');
    expect(second.stdout).not.toContain('Shown at once.');
    expect((await runCli(['case', 'watch'], { env })).code).toBe(0);
  });
});
