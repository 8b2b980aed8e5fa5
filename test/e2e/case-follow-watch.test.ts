/**
 * `case watch` (for cron) and `case list --all` over many pages, end to end against the sandbox.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asPrinted, runCli } from '../helpers/cli.js';
import { useSandboxSession, type Body } from '../helpers/sandbox.js';

describe('case watch', () => {
  const s = useSandboxSession();
  const env = (): Record<string, string> => ({ ...s.env, TZ: 'America/Chicago' });
  const watch = (...args: string[]) => runCli(['case', 'watch', ...args], { env: env() });
  const stateFile = (): string => join(s.dir, 'cache', 'watch-default.json');
  const vendorSays = async (n: string, body: Body): Promise<Body> => {
    const r = await s.api.call('POST', `/sandbox/v1/cases/${n}/comments`, { admin: true, body });
    expect(r.status).toBe(201);
    return r.body;
  };

  it('records a baseline on the first run and says so; then reports nothing while nothing changes', async () => {
    let r = await watch();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'case watch (profile "default"): first run; recorded a baseline of 3 open cases; nothing to report yet. Later runs print what changes from now on.\n',
    );
    expect(statSync(stateFile()).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(stateFile(), 'utf8')) as Body;
    // The guide's model case (1001) was just submitted: open, New, watched like the others.
    expect(saved).toMatchObject({
      version: 1,
      portalUrl: s.sb.url,
      cases: { '00001001': { status: 'New' }, '00001002': { status: 'In Progress' }, '00001003': { status: 'New' } },
    });

    r = await watch();
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it("reports a vendor comment added through the sandbox's admin API exactly once across two runs, and never the user's own", async () => {
    const own = await runCli(['case', 'comment', '1002', '--body', 'Any news?'], { env: env() });
    expect(own.code).toBe(0);
    const c = await vendorSays('00001002', { body: 'Use Attendance Register.\nIt has year-to-date totals.' });
    const when = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Chicago',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: true,
      timeZoneName: 'short',
    }).formatToParts(new Date(c.createdAt as string));
    const p = Object.fromEntries(when.map((x) => [x.type, x.value]));
    let r = await watch();
    expect(r.code).toBe(10);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      `Case 00001002 "Where is the attendance summary report for the whole school year?": new comment from Infinite Campus Support at ${p.month}/${p.day}/${p.year} - ${p.hour}:${p.minute} ${p.dayPeriod} ${p.timeZoneName}:\n  Use Attendance Register.\n  It has year-to-date totals.\n`,
    );
    r = await watch();
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--json prints one event per line: comments, status changes, resolutions', async () => {
    const c = await vendorSays('00001002', { body: 'Could you send a screenshot?', status: 'New' });
    const resolved = await s.api.call('POST', '/sandbox/v1/cases/00001003/resolve', {
      admin: true,
      body: { resolution: 'The Messenger queue was restarted.' },
    });
    expect(resolved.status).toBe(200);
    const r = await watch('--json');
    expect(r.code).toBe(10);
    const url = (n: string): string => `${s.sb.url}/customers/cases/${n}`;
    const subject2 = 'Where is the attendance summary report for the whole school year?';
    const c2 = (await s.api.call('GET', '/api/v1/cases/00001002', { token: s.token })).body;
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Body),
    ).toEqual(
      asPrinted([
        {
          type: 'comment',
          case: '00001002',
          subject: subject2,
          url: url('00001002'),
          comment: {
            id: c.id,
            author: 'Infinite Campus Support',
            createdAt: c.createdAt,
            body: 'Could you send a screenshot?',
          },
        },
        {
          type: 'status',
          case: '00001002',
          subject: subject2,
          url: url('00001002'),
          from: 'In Progress',
          to: 'New',
          at: c2.lastModifiedAt,
        },
        {
          type: 'resolved',
          case: '00001003',
          subject: 'Messenger emails delayed by several hours',
          url: url('00001003'),
          from: 'New',
          status: 'Closed',
          closedAt: resolved.body.closedAt,
          resolution: 'The Messenger queue was restarted.',
        },
      ]),
    );
    expect(await watch('--json')).toEqual({ code: 0, stdout: '', stderr: '' });
    // The closed case is no longer kept in the state.
    expect(Object.keys((JSON.parse(readFileSync(stateFile(), 'utf8')) as Body).cases).sort()).toEqual([
      '00001001',
      '00001002',
    ]);
  });

  it('starts again from a baseline when its state file is damaged, and says why', async () => {
    // One open case left (1002), so that the count's singular is checked too.
    expect(
      (
        await s.api.call('POST', '/sandbox/v1/cases/00001001/resolve', {
          admin: true,
          body: { resolution: 'The grading task was aligned to the sections.' },
        })
      ).status,
    ).toBe(200);
    writeFileSync(stateFile(), '{ not json');
    const r = await watch();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `case watch (profile "default"): its state file was damaged (${stateFile()}); recorded a baseline of 1 open case; nothing to report yet. Later runs print what changes from now on.\n`,
    );
  });
});

describe('case list --all over many pages', () => {
  const s = useSandboxSession({ args: ['--seed-cases', '250'] });
  const cli = (args: string[]) => runCli(args, { env: s.env });

  it('follows the cursor to the end: one valid JSON array equal to every page of the API in order', async () => {
    const expected: Body[] = [];
    let cursor: string | null = null;
    do {
      const page: Body = (
        await s.api.call('GET', `/api/v1/cases?status=all&limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
          token: s.token,
        })
      ).body;
      expected.push(...(page.cases as Body[]));
      cursor = page.nextCursor as string | null;
    } while (cursor);
    expect(expected).toHaveLength(254); // the seed's 4 cases and 250 bulk ones

    const r = await cli(['case', 'list', '--status', 'all', '--all', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(asPrinted(expected));

    const tsv = await cli(['case', 'list', '--status', 'all', '--all']);
    expect(
      tsv.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(expected.map((c) => c.number));

    const limited = await cli(['case', 'list', '--status', 'all', '--limit', '130', '--json']);
    expect(JSON.parse(limited.stdout)).toEqual(asPrinted(expected.slice(0, 130)));

    const open = await cli(['case', 'list', '--all', '--json']);
    expect(JSON.parse(open.stdout)).toEqual(asPrinted(expected.filter((c) => c.state === 'open')));
  });
});
