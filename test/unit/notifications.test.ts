/**
 * The pure side of `ic-support notifications` (src/domain/notifications.ts): banner words and
 * color, windows in the user's time zone, --since, the watch diff, the Nagios check and the
 * iCalendar export. The clock and the zone are always given: no test depends on where it runs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { ExitCode } from '../../src/errors.js';
import {
  bannerView,
  calendarItems,
  checkResult,
  parseDuration,
  countOpen,
  diffNotices,
  escapeIcsText,
  eventLine,
  filterSince,
  foldIcsLine,
  listedUpdates,
  updatesNewestFirst,
  formatAge,
  formatInstant,
  formatWindow,
  icsUtc,
  parseSince,
  toIcs,
  zonedTime,
  type Notice,
} from '../../src/domain/notifications.js';
import { validTimeZone } from '../../src/domain/time-zone.js';

const CHICAGO = 'America/Chicago';

const DIGICERT: Notice = {
  id: 'ntf_digicert',
  kind: 'incident',
  title: 'DigiCert Incident',
  status: 'Resolved',
  state: 'closed',
  startsAt: '2024-07-30T18:27:00.000Z',
  endsAt: '2024-07-30T19:25:00.000Z',
  postedAt: '2024-07-30T18:27:00.000Z',
  updates: [
    {
      id: 'upd_1',
      postedAt: '2024-07-30T18:27:00.000Z',
      body: 'This morning, Infinite Campus received notification of an incident.',
    },
    {
      id: 'upd_2',
      postedAt: '2024-07-30T19:15:00.000Z',
      body: '2:15 PM UPDATE: All customer domains have been updated.',
    },
  ],
};

const MAINT: Notice = {
  id: 'ntf_maint',
  kind: 'maintenance',
  title: 'Scheduled Maintenance: Campus hosting infrastructure',
  status: 'Scheduled',
  state: 'open',
  startsAt: '2026-12-11T04:00:00.000Z',
  endsAt: '2026-12-11T08:00:00.000Z',
  postedAt: '2026-11-27T12:00:00.000Z',
  updates: [
    { id: 'upd_m1', postedAt: '2026-11-27T12:00:00.000Z', body: 'Campus may be unavailable for up to 15 minutes.' },
  ],
};

const INCIDENT: Notice = {
  id: 'ntf_slow',
  kind: 'incident',
  title: 'Campus slow',
  status: 'Investigating',
  state: 'open',
  startsAt: '2026-11-28T15:00:00.000Z',
  endsAt: null,
  postedAt: '2026-11-28T15:00:00.000Z',
  updates: [{ id: 'upd_s1', postedAt: '2026-11-28T15:00:00.000Z', body: 'We are investigating.' }],
};

describe('banner', () => {
  it('is orange with an open incident, green with open maintenance only, gray with nothing open, in the portal’s words', () => {
    // The portal's words, with counts in good grammar ("1 open maintenance item").
    expect(bannerView(1, 0)).toEqual({
      color: 'orange',
      headline: 'There is 1 open incident in progress.',
      label: 'INCIDENT',
    });
    expect(bannerView(2, 1)).toEqual({
      color: 'orange',
      headline: 'There are 2 open incidents in progress. There is 1 open maintenance item.',
      label: 'INCIDENT',
    });
    expect(bannerView(0, 1)).toEqual({
      color: 'green',
      headline: 'There is 1 open maintenance item.',
      label: 'MAINTENANCE',
    });
    expect(bannerView(0, 2)).toEqual({
      color: 'green',
      headline: 'There are 2 open maintenance items.',
      label: 'MAINTENANCE',
    });
    expect(bannerView(0, 0)).toEqual({
      color: 'gray',
      headline: 'There are no open notifications.',
      label: 'ALL CLEAR',
    });
  });

  it('counts only open notifications, by kind', () => {
    expect(countOpen([DIGICERT, MAINT, INCIDENT])).toEqual({ openIncidents: 1, openMaintenance: 1 });
  });
});

describe('time in the user’s zone', () => {
  it('formats the DigiCert window as the portal does, in Central time', () => {
    expect(formatInstant(DIGICERT.startsAt, CHICAGO)).toBe('Jul 30, 2024, 01:27 PM CDT');
    expect(formatWindow(DIGICERT.startsAt, DIGICERT.endsAt, CHICAGO)).toBe('Jul 30, 2024, 01:27 PM – 02:25 PM CDT');
  });

  it('follows the zone given (the same instants elsewhere)', () => {
    expect(formatWindow(DIGICERT.startsAt, DIGICERT.endsAt, 'UTC')).toBe('Jul 30, 2024, 06:27 PM – 07:25 PM UTC');
    expect(formatWindow(DIGICERT.startsAt, DIGICERT.endsAt, 'America/New_York')).toBe(
      'Jul 30, 2024, 02:27 PM – 03:25 PM EDT',
    );
  });

  it('names both dates across midnight, both zones across a DST change, and says when no end is posted', () => {
    expect(formatWindow(MAINT.startsAt, MAINT.endsAt, CHICAGO)).toBe(
      'Dec 10, 2026, 10:00 PM – Dec 11, 2026, 02:00 AM CST',
    );
    expect(formatWindow('2026-03-08T05:00:00Z', '2026-03-08T09:00:00Z', CHICAGO)).toBe(
      'Mar 7, 2026, 11:00 PM CST – Mar 8, 2026, 04:00 AM CDT',
    );
    expect(formatWindow(INCIDENT.startsAt, null, CHICAGO)).toBe('Nov 28, 2026, 09:00 AM CST – no end time posted');
  });

  it('accepts TZ values that name a zone (with the POSIX leading colon) and rejects the rest', () => {
    expect(validTimeZone('America/Chicago')).toBe('America/Chicago');
    expect(validTimeZone(':Europe/Berlin')).toBe('Europe/Berlin');
    expect(validTimeZone('Not/AZone')).toBeUndefined();
    expect(validTimeZone('')).toBeUndefined();
    expect(validTimeZone(undefined)).toBeUndefined();
  });

  it('turns a wall-clock time in a zone into the instant', () => {
    expect(zonedTime(2024, 7, 30, 13, 27, 0, CHICAGO).toISOString()).toBe('2024-07-30T18:27:00.000Z');
    expect(zonedTime(2026, 1, 15, 0, 0, 0, CHICAGO).toISOString()).toBe('2026-01-15T06:00:00.000Z');
    expect(zonedTime(2026, 1, 15, 0, 0, 0, 'Asia/Kolkata').toISOString()).toBe('2026-01-14T18:30:00.000Z');
  });

  it('says how old a state is', () => {
    expect(formatAge(45_000)).toBe('45 s');
    expect(formatAge(12 * 60_000 + 5_000)).toBe('12 min');
    expect(formatAge(125 * 60_000)).toBe('2 h 5 min');
    expect(formatAge(3 * 3_600_000)).toBe('3 h');
    expect(formatAge(76 * 3_600_000)).toBe('3 days 4 h');
    expect(formatAge(-5)).toBe('0 s');
  });
});

describe('--since', () => {
  const NOW = new Date('2026-11-28T18:00:00.000Z');

  it('reads times ago', () => {
    expect(parseSince('2h', NOW, CHICAGO)?.toISOString()).toBe('2026-11-28T16:00:00.000Z');
    expect(parseSince('3d', NOW, CHICAGO)?.toISOString()).toBe('2026-11-25T18:00:00.000Z');
    expect(parseSince('30m', NOW, CHICAGO)?.toISOString()).toBe('2026-11-28T17:30:00.000Z');
    expect(parseSince('90s', NOW, CHICAGO)?.toISOString()).toBe('2026-11-28T17:58:30.000Z');
    expect(parseSince('1w', NOW, CHICAGO)?.toISOString()).toBe('2026-11-21T18:00:00.000Z');
    expect(parseSince('2 hours ago', NOW, CHICAGO)?.toISOString()).toBe('2026-11-28T16:00:00.000Z');
    expect(parseSince('1.5h', NOW, CHICAGO)?.toISOString()).toBe('2026-11-28T16:30:00.000Z');
  });

  it('reads ISO times with a zone, and dates or date-times without one in the user’s zone', () => {
    expect(parseSince('2024-07-30T19:00:00Z', NOW, CHICAGO)?.toISOString()).toBe('2024-07-30T19:00:00.000Z');
    expect(parseSince('2024-07-30T14:00-05:00', NOW, CHICAGO)?.toISOString()).toBe('2024-07-30T19:00:00.000Z');
    expect(parseSince('2024-07-30', NOW, CHICAGO)?.toISOString()).toBe('2024-07-30T05:00:00.000Z');
    expect(parseSince('2024-07-30 14:00', NOW, CHICAGO)?.toISOString()).toBe('2024-07-30T19:00:00.000Z');
    expect(parseSince('2024-07-30', NOW, 'UTC')?.toISOString()).toBe('2024-07-30T00:00:00.000Z');
  });

  it('refuses what is not a time', () => {
    for (const bad of ['yesterday', '2h30', '', '2024-02-30', '2024-07-30 25:00', '-2h', '2x'])
      expect(parseSince(bad, NOW, CHICAGO), bad).toBeUndefined();
  });

  it('keeps only the updates after the time, and only the notifications with any (or posted after it)', () => {
    const after = filterSince([DIGICERT, MAINT], new Date('2024-07-30T19:00:00Z'));
    expect(after.map((n) => n.id)).toEqual(['ntf_digicert', 'ntf_maint']);
    expect(after[0]!.updates.map((u) => u.id)).toEqual(['upd_2']);
    expect(filterSince([DIGICERT, MAINT], new Date('2026-01-01T00:00:00Z')).map((n) => n.id)).toEqual(['ntf_maint']);
    // Strictly after: an update posted exactly at the time is not new.
    expect(filterSince([DIGICERT], new Date('2024-07-30T19:15:00Z'))).toEqual([]);
  });
});

describe('watch: changes between two fetches', () => {
  const with2 = (n: Notice, ...extra: Partial<Notice>[]): Notice => Object.assign({ ...n }, ...extra);

  it('sees nothing when nothing changed', () => {
    expect(diffNotices([MAINT, INCIDENT], [MAINT, INCIDENT])).toEqual([]);
  });

  it('sees a new notification, a status change, a new window and new updates, oldest first', () => {
    const u2 = { id: 'upd_s2', postedAt: '2026-11-28T15:30:00.000Z', body: 'Identified.' };
    const u3 = { id: 'upd_s3', postedAt: '2026-11-28T15:45:00.000Z', body: 'Fix deployed.' };
    const incident2 = with2(INCIDENT, { status: 'Monitoring', updates: [...INCIDENT.updates, u2, u3] });
    const maint2 = with2(MAINT, { startsAt: '2026-12-12T04:00:00.000Z', endsAt: '2026-12-12T08:00:00.000Z' });
    const events = diffNotices([INCIDENT], [incident2, maint2]);
    expect(events.map((e) => e.type)).toEqual(['status', 'update', 'update', 'new']);
    expect(events[0]).toMatchObject({
      type: 'status',
      from: 'Investigating',
      to: 'Monitoring',
      notification: { id: 'ntf_slow', status: 'Monitoring' },
    });
    expect(events[1]).toMatchObject({ type: 'update', update: u2 });
    expect(events[2]).toMatchObject({ type: 'update', update: u3 });
    const rescheduled = diffNotices([MAINT], [maint2]);
    expect(rescheduled).toEqual([
      {
        type: 'rescheduled',
        notification: {
          id: 'ntf_maint',
          kind: 'maintenance',
          title: MAINT.title,
          status: 'Scheduled',
          state: 'open',
          startsAt: '2026-12-12T04:00:00.000Z',
          endsAt: '2026-12-12T08:00:00.000Z',
        },
        from: { startsAt: MAINT.startsAt, endsAt: MAINT.endsAt },
      },
    ]);
  });

  it('sees a notification close, with its closing update and final status when it could be fetched', () => {
    const closing = { id: 'upd_s9', postedAt: '2026-11-28T16:00:00.000Z', body: 'Resolved.' };
    const final = with2(INCIDENT, {
      state: 'closed',
      status: 'Resolved',
      endsAt: '2026-11-28T16:00:00.000Z',
      updates: [...INCIDENT.updates, closing],
    });
    expect(diffNotices([INCIDENT, MAINT], [MAINT], new Map([[INCIDENT.id, final]]))).toEqual([
      {
        type: 'update',
        notification: {
          id: 'ntf_slow',
          kind: 'incident',
          title: 'Campus slow',
          status: 'Resolved',
          state: 'closed',
          startsAt: INCIDENT.startsAt,
          endsAt: '2026-11-28T16:00:00.000Z',
        },
        update: closing,
      },
      {
        type: 'closed',
        notification: {
          id: 'ntf_slow',
          kind: 'incident',
          title: 'Campus slow',
          status: 'Resolved',
          state: 'closed',
          startsAt: INCIDENT.startsAt,
          endsAt: '2026-11-28T16:00:00.000Z',
        },
      },
    ]);
    // Without the final state: closed, with what was last known.
    expect(diffNotices([INCIDENT], [])).toEqual([
      {
        type: 'closed',
        notification: {
          id: 'ntf_slow',
          kind: 'incident',
          title: 'Campus slow',
          status: 'Investigating',
          state: 'closed',
          startsAt: INCIDENT.startsAt,
          endsAt: null,
        },
      },
    ]);
  });

  it('writes one readable line per event', () => {
    const u2 = { id: 'upd_s2', postedAt: '2026-11-28T15:30:00.000Z', body: 'Identified:\n\nthe cause.' };
    const [ev] = diffNotices([INCIDENT], [with2(INCIDENT, { updates: [...INCIDENT.updates, u2] })]);
    expect(eventLine(ev!, CHICAGO)).toBe(
      'UPDATE incident: Campus slow (Nov 28, 2026, 09:30 AM CST): Identified: the cause. [ntf_slow]',
    );
    const [nw] = diffNotices([], [MAINT]);
    expect(eventLine(nw!, CHICAGO)).toBe(
      'NEW maintenance: Scheduled Maintenance: Campus hosting infrastructure (Scheduled; Dec 10, 2026, 10:00 PM – Dec 11, 2026, 02:00 AM CST) — Campus may be unavailable for up to 15 minutes. [ntf_maint]',
    );
    const [cl] = diffNotices([INCIDENT], []);
    expect(eventLine(cl!, CHICAGO)).toBe('CLOSED incident: Campus slow (Investigating) [ntf_slow]');
  });
});

describe('--check', () => {
  const NOW = new Date('2026-12-07T12:00:00Z');
  it('uses exit codes of its own: 11 maintenance, 12 an incident (a monitoring plugin’s WARNING and CRITICAL)', () => {
    expect([ExitCode.ok, ExitCode.maintenanceOpen, ExitCode.incidentOpen]).toEqual([0, 11, 12]);
  });

  it('is OK with nothing open (closed history does not count)', () => {
    expect(checkResult([DIGICERT], CHICAGO, NOW)).toEqual({
      status: 'OK',
      exitCode: 0,
      line: 'IC-SUPPORT OK - no open notifications | incidents=0 maintenance=0',
    });
  });

  // Issue 26 §19: maintenance only scheduled is OK (the window in the text); a WARNING while it is
  // in progress or starts within --warn-before (default a day).
  const WINDOW_TEXT = 'Dec 10, 2026, 10:00 PM – Dec 11, 2026, 02:00 AM CST';
  it('is OK, naming the window, with maintenance only scheduled (more than a day away)', () => {
    expect(checkResult([MAINT], CHICAGO, new Date('2026-12-07T12:00:00Z'))).toEqual({
      status: 'OK',
      exitCode: 0,
      line: `IC-SUPPORT OK - nothing in progress; 1 maintenance scheduled, starting in more than 24 h: Scheduled Maintenance: Campus hosting infrastructure (Scheduled, ${WINDOW_TEXT}) | incidents=0 maintenance=0 scheduled=1`,
    });
  });

  it.each([
    ['starts within the day', '2026-12-10T12:00:00Z'],
    ['is in progress', '2026-12-11T05:00:00Z'],
    ['is past its window but still open', '2026-12-12T05:00:00Z'],
  ])('is a WARNING when the maintenance %s', (_what, now) => {
    expect(checkResult([MAINT], CHICAGO, new Date(now))).toEqual({
      status: 'WARNING',
      exitCode: 11,
      line: `IC-SUPPORT WARNING - 1 open maintenance: Scheduled Maintenance: Campus hosting infrastructure (Scheduled, ${WINDOW_TEXT}) | incidents=0 maintenance=1`,
    });
  });

  it('takes the window the user sets: 5 days ahead warns, 1 hour does not', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(checkResult([MAINT], CHICAGO, now, parseDuration('5d')).status).toBe('WARNING');
    expect(checkResult([MAINT], CHICAGO, new Date('2026-12-10T12:00:00Z'), parseDuration('1h')).status).toBe('OK');
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('says an open incident whose status is Resolved is not in progress (banner and check)', () => {
    const resolvedOpen = { ...DIGICERT, state: 'open' as const };
    expect(bannerView(1, 0, 1)).toEqual({
      color: 'orange',
      headline: 'There is 1 open incident, reported resolved (not in progress).',
      label: 'INCIDENT RESOLVED',
    });
    expect(bannerView(2, 0, 1).headline).toBe(
      'There is 1 open incident in progress. 1 more is open but reported resolved.',
    );
    expect(checkResult([resolvedOpen], CHICAGO, NOW)).toEqual({
      status: 'WARNING',
      exitCode: 11,
      line: 'IC-SUPPORT WARNING - 1 open incident reported resolved, not in progress: DigiCert Incident (Resolved) | incidents=0 maintenance=0 resolved_open=1',
    });
  });

  it('lists updates newest first, and a list shows the first post and the latest update', () => {
    expect(updatesNewestFirst(DIGICERT.updates).map((u) => u.id)).toEqual(['upd_2', 'upd_1']);
    expect(listedUpdates(DIGICERT.updates)).toEqual({ latest: DIGICERT.updates[1], first: DIGICERT.updates[0] });
    expect(listedUpdates([DIGICERT.updates[0]!])).toEqual({ latest: DIGICERT.updates[0] });
    expect(listedUpdates([])).toEqual({});
  });

  it('is CRITICAL with an incident open, and names the maintenance too', () => {
    expect(checkResult([MAINT, INCIDENT], CHICAGO, new Date('2026-12-10T12:00:00Z'))).toEqual({
      status: 'CRITICAL',
      exitCode: 12,
      line: 'IC-SUPPORT CRITICAL - 1 open incident in progress: Campus slow (Investigating since Nov 28, 2026, 09:00 AM CST); 1 open maintenance: Scheduled Maintenance: Campus hosting infrastructure (Scheduled, Dec 10, 2026, 10:00 PM – Dec 11, 2026, 02:00 AM CST) | incidents=1 maintenance=1',
    });
  });
});

describe('iCalendar (RFC 5545)', () => {
  it('escapes TEXT values', () => {
    expect(escapeIcsText('a\\b; c, d\ne\r\nf')).toBe('a\\\\b\\; c\\, d\\ne\\nf');
  });

  it('writes times in UTC basic format', () => {
    expect(icsUtc('2024-07-30T18:27:00.000Z')).toBe('20240730T182700Z');
  });

  it('folds lines at 75 octets without splitting a character, and unfolds to the original', () => {
    expect(foldIcsLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldIcsLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    // "é" is two octets: 74 x + é would be 76 octets, so é moves to the next line.
    expect(foldIcsLine(`${'x'.repeat(74)}é`)).toBe(`${'x'.repeat(74)}\r\n é`);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const folded = foldIcsLine(s);
        for (const line of folded.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(s);
      }),
    );
  });

  it('holds the open maintenance windows only, soonest first', () => {
    const later = {
      ...MAINT,
      id: 'ntf_later',
      startsAt: '2027-01-01T04:00:00.000Z',
      endsAt: '2027-01-01T06:00:00.000Z',
    };
    expect(calendarItems([later, INCIDENT, DIGICERT, MAINT]).map((n) => n.id)).toEqual(['ntf_maint', 'ntf_later']);
  });

  it('is a calendar a real parser reads back: UID, DTSTAMP, UTC times, escaped summary and description, CRLF', () => {
    const odd = {
      ...MAINT,
      id: 'ntf_odd',
      title: 'Maintenance; DB, “Café” \\ upgrade',
      endsAt: null,
      updates: [{ id: 'u', postedAt: MAINT.postedAt, body: 'Line one, with comma;\nline two.' }],
    };
    const text = toIcs([MAINT, odd], {
      now: new Date('2026-11-28T18:00:00Z'),
      host: 'status.example.org',
      source: 'https://status.example.org',
    });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);

    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    const events = cal.getAllSubcomponents('vevent');
    expect(events).toHaveLength(2);
    const [a, b] = events as [ICAL.Component, ICAL.Component];
    expect(a.getFirstPropertyValue('uid')).toBe('ic-support-notification-ntf_maint@status.example.org');
    expect((a.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString()).toBe('2026-11-28T18:00:00.000Z');
    expect((a.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe('2026-12-11T04:00:00.000Z');
    expect((a.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().toISOString()).toBe('2026-12-11T08:00:00.000Z');
    expect(a.getFirstPropertyValue('summary')).toBe('Scheduled Maintenance: Campus hosting infrastructure');
    expect(b.getFirstPropertyValue('summary')).toBe('Maintenance; DB, “Café” \\ upgrade');
    expect(b.getFirstPropertyValue('description')).toBe(
      'Maintenance (Scheduled).\n\nLine one, with comma;\nline two.\n\nNo end time has been posted.\n\nSource: https://status.example.org (notification ntf_odd); details: ic-support notifications show ntf_odd',
    );
    expect(b.getFirstProperty('dtend')).toBeNull();
  });

  it('gives a notification the same UID every time (calendars update the event instead of adding one)', () => {
    const o = { host: 'status.example.org', source: 'x' };
    const uid = (t: string) => /UID:(.*)\r\n/.exec(t)?.[1];
    expect(uid(toIcs([MAINT], { ...o, now: new Date('2026-01-01T00:00:00Z') }))).toBe(
      uid(toIcs([{ ...MAINT, status: 'Rescheduled' }], { ...o, now: new Date('2026-02-01T00:00:00Z') })),
    );
  });

  it('is an empty but valid calendar when nothing is planned', () => {
    const text = toIcs([], { now: new Date('2026-11-28T18:00:00Z'), host: 'h', source: 's' });
    const cal = new ICAL.Component(ICAL.parse(text));
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(0);
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//ic-support//Infinite Campus notifications//EN');
  });
});

describe('relevantToNewCase', () => {
  it('keeps open incidents and maintenance under way; not upcoming or closed ones', async () => {
    const { relevantToNewCase } = await import('../../src/domain/notifications.js');
    const now = new Date('2026-11-28T12:00:00Z');
    const n = (
      id: string,
      kind: 'incident' | 'maintenance',
      state: 'open' | 'closed',
      startsAt: string,
      endsAt: string | null,
    ) => ({ id, kind, state, startsAt, endsAt });
    const list = [
      n('incident-open', 'incident', 'open', '2026-11-28T11:00:00Z', null),
      n('incident-closed', 'incident', 'closed', '2026-11-27T11:00:00Z', '2026-11-27T12:00:00Z'),
      n('maint-now', 'maintenance', 'open', '2026-11-28T11:30:00Z', '2026-11-28T13:00:00Z'),
      n('maint-later', 'maintenance', 'open', '2026-12-12T04:00:00Z', '2026-12-12T08:00:00Z'),
      n('maint-over', 'maintenance', 'open', '2026-11-28T08:00:00Z', '2026-11-28T10:00:00Z'),
    ];
    expect(relevantToNewCase(list, now).map((x) => x.id)).toEqual(['incident-open', 'maint-now']);
  });
});
