/**
 * `ic-support notifications` end to end: the CLI against the sandbox,
 * whose status API listens on a port of its own (another "host" than the portal), with no sign-in.
 * The sandbox's admin API (/sandbox/v1, X-Sandbox-Admin) plays the vendor posting, updating and
 * closing notifications. Times are shown in America/Chicago (TZ), as the portal's guide shows them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asPrinted, baseEnv, runCli, tempDir, type CliResult } from '../helpers/cli.js';
import { apiClient, startSandbox, type ApiClient, type SandboxProcess } from '../helpers/sandbox.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TZ = 'America/Chicago';
const MAINT_TITLE = 'Scheduled Maintenance: Campus hosting infrastructure';
const MAINT_WINDOW = { startsAt: '2026-12-11T04:00:00.000Z', endsAt: '2026-12-11T08:00:00.000Z' };
const MAINT_WINDOW_TEXT = 'Dec 10, 2026, 10:00 PM – Dec 11, 2026, 02:00 AM CST';
const MAINT_CHECK_LINE = `IC-SUPPORT WARNING - 1 open maintenance: ${MAINT_TITLE} (Scheduled, ${MAINT_WINDOW_TEXT}) | incidents=0 maintenance=1`;

const noStack = (r: CliResult): void => {
  expect(r.stderr).not.toMatch(/\n\s+at .+\(/);
  expect(r.stderr).not.toContain('internal error');
};

interface Env {
  state: ReturnType<typeof tempDir>;
  env: Record<string, string>;
  run(args: string[], extra?: Record<string, string | undefined>): Promise<CliResult>;
}

function cliEnv(statusUrl: string, extra: Record<string, string> = {}): Env {
  const state = tempDir();
  const env = { ...baseEnv(state.path), TZ, IC_SUPPORT_NOTIFICATIONS_URL: statusUrl, ...extra };
  return { state, env, run: (args, more = {}) => runCli(args, { env: { ...env, ...more } }) };
}

const json = (r: CliResult): Json => {
  try {
    return JSON.parse(r.stdout) as Json;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
};

describe('ic-support notifications: banner states, history, --check, --ics, color', () => {
  let sb: SandboxProcess;
  let api: ApiClient;
  let cli: Env;
  let incidentId = '';

  beforeAll(async () => {
    sb = await startSandbox({ args: ['--status-port', '0'] });
    api = apiClient(sb);
    // The seeded maintenance is relative to today; pin its window so the expected text is exact.
    const r = await api.call('PATCH', '/sandbox/v1/notifications/ntf_maintenance', { admin: true, body: MAINT_WINDOW });
    expect(r.status).toBe(200);
    cli = cliEnv(sb.statusUrl);
  });

  afterAll(async () => {
    await sb?.stop();
    sb?.cleanup();
    cli?.state.cleanup();
  });

  it('serves the Notifications page from another port than the portal, and the CLI needs no sign-in for it', () => {
    expect(sb.statusUrl).not.toBe(sb.url);
    expect(cli.env.IC_SUPPORT_TOKEN).toBeUndefined();
    expect(cli.env.IC_SUPPORT_PORTAL_URL).toBeUndefined();
  });

  it("the guide's Open Notifications: DigiCert open with status Resolved is said apart, not in progress, by the banner and --check", async () => {
    const r = await cli.run(['notifications']);
    expect(r.code, r.stderr).toBe(0);
    noStack(r);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      '[INCIDENT RESOLVED] There is 1 open incident, reported resolved (not in progress). There is 1 open maintenance item.',
    );
    expect(r.stdout).not.toMatch(/in progress\./);
    expect(r.stdout).toContain('Open notifications (2):');
    // The history's banner is the same: not "1 open incident in progress" (issue 26 §6).
    const history = await cli.run(['notifications', '--closed']);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout.split('\n')[0]).toBe(lines[0]);
    // As the guide's screenshot: its window and status, the 2:15 PM update above the first post.
    expect(r.stdout).toContain(
      [
        'DigiCert Incident',
        '  kind:    incident',
        '  window:  Jul 30, 2024, 01:27 PM – 02:25 PM CDT',
        '  status:  Resolved',
        '  latest:  Jul 30, 2024, 02:15 PM CDT',
        '           2:15 PM UPDATE: All customer domains have been updated',
      ].join('\n'),
    );
    expect(r.stdout).toContain(
      '  first:   Jul 30, 2024, 01:27 PM CDT\n           This morning, Infinite Campus received notification',
    );
    const colored = await cli.run(['notifications'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    // Orange as the portal's banner, labeled resolved: not the plain INCIDENT of one in progress.
    expect(colored.stdout.split('\n')[0]).toBe(
      '\u001b[43m\u001b[1m INCIDENT RESOLVED \u001b[22m\u001b[49m \u001b[1m\u001b[33mThere is 1 open incident, reported resolved (not in progress). There is 1 open maintenance item.\u001b[39m\u001b[22m',
    );

    // The maintenance window is days ahead: --warn-before wide enough to warn of it too.
    const c = await cli.run(['notifications', '--check', '--warn-before', '3650d']);
    expect(c.stdout).toBe(
      `IC-SUPPORT WARNING - 1 open incident reported resolved, not in progress: DigiCert Incident (Resolved); 1 open maintenance: ${MAINT_TITLE} (Scheduled, ${MAINT_WINDOW_TEXT}) | incidents=0 maintenance=1 resolved_open=1\n`,
    );
    expect(c.code).toBe(11); // a warning, not the CRITICAL (12) of an incident in progress
    const cj = await cli.run(['notifications', '--check', '--json', '--warn-before', '3650d']);
    expect(cj.code).toBe(11);
    expect(json(cj).banner).toMatchObject({ color: 'orange', openIncidents: 1, openMaintenance: 1 });
    expect(json(cj).check).toMatchObject({ status: 'WARNING', exitCode: 11 });

    // The vendor closes it; the states below start from the open maintenance alone.
    const closed = await api.call('PATCH', '/sandbox/v1/notifications/ntf_digicert', {
      admin: true,
      body: { state: 'closed' },
    });
    expect(closed.body).toMatchObject({ state: 'closed', status: 'Resolved', endsAt: '2024-07-30T19:25:00.000Z' });
  });

  it('green: open maintenance, from the profile’s notificationsUrl; banner first, then title, kind, window, status, latest update', async () => {
    const state = tempDir();
    try {
      const env = { ...baseEnv(state.path), TZ };
      const set = await runCli(['config', 'set', 'notificationsUrl', sb.statusUrl], { env });
      expect(set.code, set.stderr).toBe(0);
      const r = await runCli(['notifications'], { env });
      expect(r.code, r.stderr).toBe(0);
      noStack(r);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe('[MAINTENANCE] There is 1 open maintenance item.');
      expect(r.stdout).toContain(
        [
          'Open notifications (1):',
          '',
          MAINT_TITLE,
          '  kind:    maintenance',
          `  window:  ${MAINT_WINDOW_TEXT}`,
          '  status:  Scheduled',
        ].join('\n'),
      );
      expect(r.stdout).toMatch(
        / {2}latest: {2}[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} [AP]M CST\n {11}Infinite Campus will perform scheduled maintenance/,
      );
      expect(r.stdout).toContain('  id:      ntf_maintenance');
      expect(r.stdout).not.toContain('DigiCert');
      expect(r.stdout).not.toContain('\u001b['); // not a terminal: no color
    } finally {
      state.cleanup();
    }
  });

  it('green in --json: stable shape with stale and fetchedAt', async () => {
    const before = Date.now();
    const r = await cli.run(['notifications', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = json(r);
    expect(Object.keys(j)).toEqual([
      'source',
      'fetchedAt',
      'ageSeconds',
      'stale',
      'staleReason',
      'state',
      'since',
      'banner',
      'notifications',
    ]);
    expect(j.source).toBe(sb.statusUrl);
    expect(j.stale).toBe(false);
    expect(j.staleReason).toBeNull();
    expect(Date.parse(j.fetchedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(j.banner).toEqual({
      color: 'green',
      text: 'There are 1 open maintenance item(s). To view them, go to the Support » Notifications page.',
      openIncidents: 0,
      openMaintenance: 1,
    });
    expect(j.notifications.map((n: Json) => [n.id, n.kind, n.state, n.startsAt, n.endsAt])).toEqual([
      ['ntf_maintenance', 'maintenance', 'open', asPrinted(MAINT_WINDOW).startsAt, asPrinted(MAINT_WINDOW).endsAt],
    ]);
  });

  it('--check with maintenance starting within --warn-before: WARNING, exit 11', async () => {
    const r = await cli.run(['notifications', '--check', '--warn-before', '3650d']);
    expect(r.stdout).toBe(`${MAINT_CHECK_LINE}\n`);
    expect(r.code).toBe(11);
  });

  // Issue 26 §19: maintenance that is only scheduled is no warning; in progress or within the
  // window the user sets (default a day), it is.
  it('--check: maintenance only scheduled is OK (exit 0) with its window; in progress or within a day, WARNING', async () => {
    const at = (ms: number): string => new Date(Date.now() + ms).toISOString();
    const HOUR = 3_600_000;
    const set = async (startsAt: string, endsAt: string): Promise<void> => {
      const r = await api.call('PATCH', '/sandbox/v1/notifications/ntf_maintenance', {
        admin: true,
        body: { startsAt, endsAt },
      });
      expect(r.status).toBe(200);
    };
    try {
      await set(at(72 * HOUR), at(76 * HOUR));
      const later = await cli.run(['notifications', '--check']);
      expect(later.code, later.stdout).toBe(0);
      expect(later.stdout).toMatch(
        new RegExp(
          `^IC-SUPPORT OK - nothing in progress; 1 maintenance scheduled, starting in more than 24 h: ${MAINT_TITLE} \\(Scheduled, [A-Z][a-z]{2} \\d+, \\d{4}, .+ – .+\\) \\| incidents=0 maintenance=0 scheduled=1\n$`,
        ),
      );
      const json3d = await cli.run(['notifications', '--check', '--json']);
      expect(json(json3d).check).toMatchObject({ status: 'OK', exitCode: 0 });
      // The window the user sets: 4 days ahead warns of it.
      expect((await cli.run(['notifications', '--check', '--warn-before', '4d'])).code).toBe(11);
      const bad = await cli.run(['notifications', '--check', '--warn-before', 'soon']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--warn-before "soon" is not a length of time.');
      await set(at(2 * HOUR), at(6 * HOUR));
      const soon = await cli.run(['notifications', '--check']);
      expect(soon.code, soon.stdout).toBe(11);
      expect(soon.stdout).toMatch(/^IC-SUPPORT WARNING - 1 open maintenance: /);
      await set(at(-HOUR), at(3 * HOUR));
      expect((await cli.run(['notifications', '--check'])).code).toBe(11);
    } finally {
      await set(MAINT_WINDOW.startsAt, MAINT_WINDOW.endsAt);
    }
  });

  it('color follows FORCE_COLOR, NO_COLOR and --no-color: the green banner', async () => {
    const colored = await cli.run(['notifications'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(colored.code).toBe(0);
    expect(colored.stdout.split('\n')[0]).toBe(
      '\u001b[42m\u001b[1m MAINTENANCE \u001b[22m\u001b[49m \u001b[1m\u001b[32mThere is 1 open maintenance item.\u001b[39m\u001b[22m',
    );
    const flag = await cli.run(['--no-color', 'notifications'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(flag.stdout).not.toContain('\u001b[');
    expect(flag.stdout.split('\n')[0]).toBe('[MAINTENANCE] There is 1 open maintenance item.');
    const noColor = await cli.run(['notifications'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(noColor.stdout).not.toContain('\u001b[');
    const jsonNever = await cli.run(['notifications', '--json'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(jsonNever.stdout).not.toContain('\u001b[');
  });

  it('--ics writes the open maintenance windows as a calendar that ical.js reads back', async () => {
    const extra = await api.call('POST', '/sandbox/v1/notifications', {
      admin: true,
      body: {
        kind: 'maintenance',
        title: 'Database upgrade; Campus, Parent & Student apps',
        startsAt: '2027-01-09T05:00:00.000Z',
        endsAt: '2027-01-09T07:30:00.000Z',
        body: 'Line one, with a comma; and a semicolon.\nLine two: “quotes” and a backslash \\ here.',
      },
    });
    expect(extra.status).toBe(201);
    try {
      const file = join(cli.state.path, 'maintenance.ics');
      const r = await cli.run(['notifications', '--ics', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`Wrote 2 maintenance windows to ${file}.\n`);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
      expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only
      for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

      const cal = new ICAL.Component(ICAL.parse(text));
      const events = cal.getAllSubcomponents('vevent');
      expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual([
        MAINT_TITLE,
        'Database upgrade; Campus, Parent & Student apps',
      ]);
      const [a, b] = events as [ICAL.Component, ICAL.Component];
      expect(a.getFirstPropertyValue('uid')).toBe('ic-support-notification-ntf_maintenance@127.0.0.1');
      expect((a.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(MAINT_WINDOW.startsAt);
      expect((a.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString()).toBe(MAINT_WINDOW.endsAt);
      expect((a.getFirstPropertyValue('dtstart') as ICAL.Time).zone?.tzid).toBe('UTC');
      expect(a.getFirstProperty('dtstamp')).not.toBeNull();
      expect(b.getFirstPropertyValue('uid')).toBe(`ic-support-notification-${extra.body.id}@127.0.0.1`);
      expect((b.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString()).toBe('2027-01-09T07:30:00.000Z');
      expect(String(b.getFirstPropertyValue('description'))).toContain(
        'Line one, with a comma; and a semicolon.\nLine two: “quotes” and a backslash \\ here.',
      );

      // The same calendar on standard output, with no file or with "-"; the UIDs do not change.
      for (const args of [['--ics'], ['--ics', '-']]) {
        const out = await cli.run(['notifications', ...args]);
        expect(out.code).toBe(0);
        const again = new ICAL.Component(ICAL.parse(out.stdout));
        expect(again.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'))).toEqual(
          events.map((e) => e.getFirstPropertyValue('uid')),
        );
      }

      const bad = await cli.run(['notifications', '--ics', join(cli.state.path, 'no-such-folder', 'x.ics')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('cannot write the calendar here (its folder does not exist)');
      noStack(bad);
    } finally {
      await api.call('POST', `/sandbox/v1/notifications/${extra.body.id}/close`, { admin: true, body: {} });
    }
  });

  it('orange: an incident posted through the admin API; --check CRITICAL, exit 12', async () => {
    const made = await api.call('POST', '/sandbox/v1/notifications', {
      admin: true,
      body: {
        kind: 'incident',
        title: 'Campus slow for all districts',
        startsAt: '2026-11-28T15:00:00.000Z',
        postedAt: '2026-11-28T15:00:00.000Z',
        body: 'We are investigating reports of slowness.',
      },
    });
    expect(made.status).toBe(201);
    incidentId = made.body.id;
    const r = await cli.run(['notifications']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      '[INCIDENT] There is 1 open incident in progress. There is 1 open maintenance item.',
    );
    expect(r.stdout).toContain(
      [
        'Campus slow for all districts',
        '  kind:    incident',
        '  window:  Nov 28, 2026, 09:00 AM CST – no end time posted',
        '  status:  Investigating',
        '  latest:  Nov 28, 2026, 09:00 AM CST',
        '           We are investigating reports of slowness.',
      ].join('\n'),
    );
    const c = await cli.run(['notifications', '--check', '--warn-before', '3650d']);
    expect(c.stdout).toBe(
      `IC-SUPPORT CRITICAL - 1 open incident in progress: Campus slow for all districts (Investigating since Nov 28, 2026, 09:00 AM CST); 1 open maintenance: ${MAINT_TITLE} (Scheduled, ${MAINT_WINDOW_TEXT}) | incidents=1 maintenance=1\n`,
    );
    expect(c.code).toBe(12);
    const cj = await cli.run(['notifications', '--check', '--json']);
    expect(cj.code).toBe(12);
    expect(json(cj).banner.color).toBe('orange');
    expect(json(cj).check).toMatchObject({ status: 'CRITICAL', exitCode: 12 });

    const colored = await cli.run(['notifications'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(colored.stdout.split('\n')[0]).toContain('\u001b[43m\u001b[1m INCIDENT \u001b[22m\u001b[49m');
  });

  it('gray: nothing open once both are closed; --check OK, exit 0', async () => {
    expect(
      (
        await api.call('POST', `/sandbox/v1/notifications/${incidentId}/close`, {
          admin: true,
          body: { body: 'Resolved: a database index was rebuilt.' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await api.call('POST', '/sandbox/v1/notifications/ntf_maintenance/close', { admin: true, body: {} })).status,
    ).toBe(200);
    const r = await cli.run(['notifications']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      '[ALL CLEAR] There are no open notifications.\nHistory of maintenance and incidents: ic-support notifications --closed\n\nNo open notifications.\n',
    );
    const j = json(await cli.run(['notifications', '--json']));
    expect(j.banner).toEqual({
      color: 'gray',
      text: 'There are no open notifications. To view historical maintenance or incidents, go to the Support » Notifications page.',
      openIncidents: 0,
      openMaintenance: 0,
    });
    expect(j.notifications).toEqual([]);
    const c = await cli.run(['notifications', '--check']);
    expect(c.stdout).toBe('IC-SUPPORT OK - no open notifications | incidents=0 maintenance=0\n');
    expect(c.code).toBe(0);
    const colored = await cli.run(['notifications'], { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(colored.stdout.split('\n')[0]).toContain('\u001b[100m\u001b[1m ALL CLEAR \u001b[22m\u001b[49m');
  });

  it('--closed: the guide’s DigiCert incident in the history, with its window in Central time', async () => {
    const r = await cli.run(['notifications', '--closed']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('[ALL CLEAR] There are no open notifications.');
    expect(r.stdout).toContain(
      [
        'DigiCert Incident',
        '  kind:    incident',
        '  window:  Jul 30, 2024, 01:27 PM – 02:25 PM CDT',
        '  status:  Resolved (closed)',
        '  latest:  Jul 30, 2024, 02:15 PM CDT',
        '           2:15 PM UPDATE: All customer domains have been updated',
      ].join('\n'),
    );
    // The list shows the latest update and, below it, the first post.
    expect(r.stdout).toContain(
      '  first:   Jul 30, 2024, 01:27 PM CDT\n           This morning, Infinite Campus received notification',
    );
    expect(r.stdout).toContain('Campus slow for all districts');
    const j = json(await cli.run(['notifications', '--closed', '--json']));
    expect(j.state).toBe('closed');
    const dc = j.notifications.find((n: Json) => n.id === 'ntf_digicert');
    expect(dc).toMatchObject({
      kind: 'incident',
      title: 'DigiCert Incident',
      status: 'Resolved',
      state: 'closed',
      // --json times are to the second, as jq's fromdate reads them.
      startsAt: '2024-07-30T18:27:00Z',
      endsAt: '2024-07-30T19:25:00Z',
    });
  });

  it('show: the DigiCert timeline, newest first as the guide shows it, in text and --json', async () => {
    const r = await cli.run(['notifications', 'show', 'ntf_digicert']);
    expect(r.code, r.stderr).toBe(0);
    expect(
      r.stdout.startsWith(
        [
          'DigiCert Incident',
          '  kind:    incident',
          '  state:   closed',
          '  status:  Resolved',
          '  window:  Jul 30, 2024, 01:27 PM – 02:25 PM CDT',
          '  posted:  Jul 30, 2024, 01:27 PM CDT',
          '  id:      ntf_digicert',
          '',
          'Updates (2, newest first):',
          '',
          '2. Jul 30, 2024, 02:15 PM CDT',
          '   2:15 PM UPDATE: All customer domains have been updated',
        ].join('\n'),
      ),
    ).toBe(true);
    // The guide's screenshot puts the 2:15 PM update above the first post.
    const order = [
      '2. Jul 30, 2024, 02:15 PM CDT',
      '   2:15 PM UPDATE: All customer domains',
      'We appreciate your patience',
      '1. Jul 30, 2024, 01:27 PM CDT',
      'reissued and reinstalled by 2:30 PM CDT today',
      'Should any certificates not be installed by 2:30 PM',
    ].map((s) => r.stdout.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const j = json(await cli.run(['notifications', 'show', 'ntf_digicert', '--json']));
    expect(Object.keys(j)).toEqual([
      'source',
      'fetchedAt',
      'ageSeconds',
      'stale',
      'staleReason',
      'since',
      'notification',
    ]);
    expect(j.stale).toBe(false);
    expect(j.notification.updates.map((u: Json) => u.postedAt)).toEqual([
      '2024-07-30T18:27:00Z',
      '2024-07-30T19:15:00Z',
    ]);
    expect(j.notification.updates[1].body.startsWith('2:15 PM UPDATE: All customer domains have been updated')).toBe(
      true,
    );
  });

  it('--since keeps only the updates after a time (local time in TZ, or ISO)', async () => {
    const s = json(await cli.run(['notifications', 'show', 'ntf_digicert', '--json', '--since', '2024-07-30 14:00']));
    expect(s.since).toBe('2024-07-30T19:00:00Z');
    expect(s.notification.updates.map((u: Json) => u.postedAt)).toEqual(['2024-07-30T19:15:00Z']);
    const t = await cli.run(['notifications', 'show', 'ntf_digicert', '--since', '2024-07-30T19:00:00Z']);
    expect(t.stdout).toContain('Updates since Jul 30, 2024, 02:00 PM CDT (1, newest first):');
    expect(t.stdout).not.toContain('This morning, Infinite Campus');
    const list = json(await cli.run(['notifications', '--closed', '--json', '--since', '2024-07-30T19:00:00Z']));
    const dc = list.notifications.find((n: Json) => n.id === 'ntf_digicert');
    expect(dc.updates.map((u: Json) => u.id)).toEqual(['upd_digicert_2']);
    // Nothing of 2024 is newer than a day ago.
    const recent = json(await cli.run(['notifications', '--closed', '--json', '--since', '1d']));
    expect(recent.notifications.map((n: Json) => n.id)).not.toContain('ntf_digicert');
    expect(recent.notifications.map((n: Json) => n.id)).toContain(incidentId);
  });

  it('says what is wrong with a flag and how to fix it (exit 2, no stack trace)', async () => {
    const cases: [string[], RegExp, number][] = [
      [
        ['notifications', '--watch', '--interval', '2'],
        /--interval "2" is not a whole number of seconds from 5 to 86400/,
        2,
      ],
      [['notifications', '--interval', '10'], /--interval applies only with --watch/, 2],
      [['notifications', '--check', '--closed'], /--closed cannot be used with --check/, 2],
      [['notifications', '--check', '--watch'], /--check and --watch cannot be used together/, 2],
      [['notifications', '--since', 'yesterday'], /--since "yesterday" is not a time/, 2],
      [['notifications', '--ics', '--json'], /--ics writes an iCalendar file; it cannot be combined with --json/, 2],
      [['notifications', 'show', 'ntf_nope'], /There is no notification "ntf_nope" on http:\/\/127\.0\.0\.1:\d+/, 5],
    ];
    for (const [args, msg, code] of cases) {
      const r = await cli.run(args);
      expect(r.stderr, args.join(' ')).toMatch(msg);
      expect(r.code, args.join(' ')).toBe(code);
      noStack(r);
    }
    const none = tempDir();
    try {
      const r = await runCli(['notifications'], { env: baseEnv(none.path) });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('No notifications URL for profile "default".');
      expect(r.stderr).toContain('ic-support config set notificationsUrl');
    } finally {
      none.cleanup();
    }
  });
});

describe('ic-support notifications when the status host is down: the last fetched state, marked stale', () => {
  it('shows the cached state with its age (exit 0), says stale in --json, --check is UNKNOWN (exit 8); nothing cached: exit 8', async () => {
    const sb = await startSandbox({ args: ['--status-port', '0'] });
    const cli = cliEnv(sb.statusUrl, { IC_SUPPORT_HTTP_RETRIES: '0' });
    const empty = cliEnv(sb.statusUrl, { IC_SUPPORT_HTTP_RETRIES: '0' });
    try {
      await apiClient(sb).call('PATCH', '/sandbox/v1/notifications/ntf_maintenance', {
        admin: true,
        body: MAINT_WINDOW,
      });
      // The seed's DigiCert incident closed, as in the history: the cached state holds it among the closed.
      await apiClient(sb).call('PATCH', '/sandbox/v1/notifications/ntf_digicert', {
        admin: true,
        body: { state: 'closed' },
      });
      const fresh = await cli.run(['notifications', '--json']);
      expect(fresh.code, fresh.stderr).toBe(0);
      const fetchedAt = json(fresh).fetchedAt as string;
      expect((await cli.run(['notifications', '--closed'])).code).toBe(0);
      const cache = join(cli.state.path, 'cache', 'notifications-default.json');
      expect(existsSync(cache)).toBe(true);
      expect(statSync(cache).mode & 0o777).toBe(0o600);
      // The saved time is exact; --json gives it to the second.
      expect(asPrinted(JSON.parse(readFileSync(cache, 'utf8'))).open.fetchedAt).toBe(fetchedAt);

      expect(await sb.stop()).toBe(0);

      const r = await cli.run(['notifications']);
      expect(r.code, r.stderr).toBe(0);
      noStack(r);
      expect(r.stderr).toMatch(
        new RegExp(
          `^STALE: cannot reach the Notifications page \\(Could not connect to ${sb.statusUrl.replace(/\./g, '\\.')}: connection refused\\)\\. Showing the state fetched \\d+ s ago \\([A-Z][a-z]{2} \\d+, \\d{4}, \\d{2}:\\d{2} [AP]M CS?T\\) from ${sb.statusUrl.replace(/\./g, '\\.')}; it may be out of date\\.\n$`,
        ),
      );
      expect(r.stdout.split('\n')[0]).toBe('[MAINTENANCE] There is 1 open maintenance item.');
      expect(r.stdout).toContain(`  window:  ${MAINT_WINDOW_TEXT}`);

      const j = await cli.run(['notifications', '--json']);
      expect(j.code).toBe(0);
      expect(json(j)).toMatchObject({
        stale: true,
        fetchedAt,
        source: sb.statusUrl,
        state: 'open',
        banner: { color: 'green' },
      });
      expect(json(j).staleReason).toContain('connection refused');
      expect(j.stderr).toContain('STALE:');

      const closed = await cli.run(['notifications', '--closed']);
      expect(closed.code).toBe(0);
      expect(closed.stdout).toContain('DigiCert Incident');
      const show = await cli.run(['notifications', 'show', 'ntf_digicert', '--json']);
      expect(show.code).toBe(0);
      expect(json(show).stale).toBe(true);
      expect(json(show).notification.updates).toHaveLength(2);

      const check = await cli.run(['notifications', '--check', '--warn-before', '3650d']);
      expect(check.code).toBe(8);
      // The host the saved state came from is named.
      expect(check.stdout).toMatch(
        new RegExp(
          `^IC-SUPPORT UNKNOWN - cannot reach the Notifications page ${sb.statusUrl.replace(/\./g, '\\.')} \\(.*connection refused\\); last known state from ${new URL(sb.statusUrl).host.replace(/\./g, '\\.')}, fetched \\d+ s ago: WARNING - 1 open maintenance: ${MAINT_TITLE}`,
        ),
      );

      // Issue 26 §19: the profile's saved state is never shown for another status host.
      const elsewhere = 'http://127.0.0.1:9';
      for (const args of [['notifications'], ['notifications', '--check'], ['notifications', 'show', 'ntf_digicert']]) {
        const other = await cli.run(args, { IC_SUPPORT_NOTIFICATIONS_URL: elsewhere });
        expect(other.code, args.join(' ')).toBe(8);
        expect(other.stdout).not.toContain(MAINT_TITLE);
        expect(other.stdout).not.toContain('last known state');
        expect(`${other.stdout}${other.stderr}`).toContain('127.0.0.1:9');
      }

      const nothing = await empty.run(['notifications']);
      expect(nothing.code).toBe(8);
      expect(nothing.stdout).toBe('');
      expect(nothing.stderr).toContain(`error: Cannot reach the Notifications page ${sb.statusUrl}`);
      expect(nothing.stderr).toContain('No earlier state is saved for profile "default" to show instead.');
      noStack(nothing);
      const nothingCheck = await empty.run(['notifications', '--check']);
      expect(nothingCheck.code).toBe(8);
      expect(nothingCheck.stdout).toMatch(/^IC-SUPPORT UNKNOWN - Cannot reach the Notifications page/);
    } finally {
      await sb.stop();
      sb.cleanup();
      cli.state.cleanup();
      empty.state.cleanup();
    }
  });
});
