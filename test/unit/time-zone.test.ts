import { afterEach, describe, expect, it } from 'vitest';
import {
  SYSTEM_ZONE,
  formatPortalTime,
  formatShortTime,
  userTimeZone,
  validTimeZone,
  wallClock,
  zonedDate,
} from '../../src/domain/time-zone.js';

const startTz = process.env.TZ;
afterEach(() => {
  if (startTz === undefined) delete process.env.TZ;
  else process.env.TZ = startTz;
});

/** What Intl says of an instant in a zone: the independent reference the wall clock must match. */
function intlParts(t: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    timeZoneName: 'short',
  });
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(t)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
    zone: p.timeZoneName,
  };
}

describe('wallClock', () => {
  // Winter and summer of this year and last, and the instants around Chicago's 2026 changes.
  const instants = [
    Date.UTC(2025, 0, 15, 7, 30, 5),
    Date.UTC(2025, 6, 15, 19, 45),
    Date.UTC(2026, 0, 1, 0, 0),
    Date.UTC(2026, 6, 4, 12, 0),
    Date.UTC(2026, 2, 8, 7, 59, 59),
    Date.UTC(2026, 2, 8, 8, 0),
    Date.UTC(2026, 10, 1, 6, 59),
    Date.UTC(2026, 10, 1, 7, 0),
  ];

  it('gives the same date and time as Intl in every zone Intl knows', () => {
    const wrong: string[] = [];
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      for (const t of instants) {
        const { zone: _name, ...want } = intlParts(t, zone);
        const { offset: _o, zone: _z, ...got } = wallClock(t, zone);
        if (JSON.stringify(got) !== JSON.stringify(want))
          wrong.push(`${zone} ${new Date(t).toISOString()}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('names zones as en-US does for the zones a district is in, and by offset elsewhere', () => {
    const wrong: string[] = [];
    for (const zone of Intl.supportedValuesOf('timeZone').filter((z) =>
      /^(America|US|Pacific\/Honolulu|UTC|Etc\/UTC|Asia|Australia|Europe\/(Paris|Berlin))/.test(z),
    )) {
      for (const t of instants.slice(2)) {
        const want = intlParts(t, zone).zone;
        const got = wallClock(t, zone).zone;
        if (got !== want) wrong.push(`${zone} ${new Date(t).toISOString()}: ${got} != ${want}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(wallClock(Date.UTC(2026, 0, 15), 'Asia/Kolkata').zone).toBe('GMT+5:30');
    expect(wallClock(Date.UTC(2026, 0, 15), 'UTC').zone).toBe('UTC');
    expect(wallClock(Date.UTC(2026, 0, 15), 'Europe/London').zone).toBe('GMT');
  });

  it('applies a zone only for its own call: TZ is as it was after, set or unset', () => {
    process.env.TZ = 'Asia/Tokyo';
    expect(wallClock(0, 'America/Chicago').hour).toBe(18);
    expect(process.env.TZ).toBe('Asia/Tokyo');
    expect(new Date(0).getHours()).toBe(9);
    delete process.env.TZ;
    expect(wallClock(0, 'Asia/Tokyo').hour).toBe(9);
    expect('TZ' in process.env).toBe(false);
  });

  it('reads the system zone with TZ unset, whatever TZ the process has', () => {
    delete process.env.TZ;
    const system = wallClock(Date.UTC(2026, 6, 4, 12), undefined);
    process.env.TZ = 'Pacific/Kiritimati';
    expect(wallClock(Date.UTC(2026, 6, 4, 12), SYSTEM_ZONE)).toEqual(system);
    expect(process.env.TZ).toBe('Pacific/Kiritimati');
  });
});

describe('the one zone rule', () => {
  it('takes IC_SUPPORT_TZ, then a TZ that names a zone, then the system', () => {
    expect(userTimeZone({ IC_SUPPORT_TZ: 'Asia/Tokyo', TZ: 'America/Chicago' })).toBe('Asia/Tokyo');
    expect(userTimeZone({ TZ: ':America/Chicago' })).toBe('America/Chicago');
    expect(userTimeZone({ TZ: 'Not/AZone' })).toBe(SYSTEM_ZONE);
    expect(userTimeZone({})).toBe(SYSTEM_ZONE);
    expect(() => userTimeZone({ IC_SUPPORT_TZ: 'Mars/Olympus' })).toThrow(
      /IC_SUPPORT_TZ="Mars\/Olympus" is not a time zone/,
    );
  });

  it('knows a zone written in another case or as an alias, and refuses what is none', () => {
    expect(validTimeZone('america/chicago')).toBe('America/Chicago');
    expect(validTimeZone('US/Central')).toBeDefined();
    expect(wallClock(Date.UTC(2026, 0, 15, 12), validTimeZone('US/Central')).zone).toBe('CST');
    expect(validTimeZone('UTC')).toBe('UTC');
    expect(validTimeZone('Nope/Zone')).toBeUndefined();
    expect(validTimeZone(SYSTEM_ZONE)).toBeUndefined();
    expect(validTimeZone('')).toBeUndefined();
  });
});

describe('formats', () => {
  it('shows times as the portal does, in the reader zone', () => {
    expect(formatPortalTime('2021-09-15T18:44:00Z', 'America/Chicago')).toBe('09/15/2021 - 01:44 PM CDT');
    expect(formatPortalTime('2021-12-15T06:05:00Z', 'America/Chicago')).toBe('12/15/2021 - 12:05 AM CST');
    expect(formatPortalTime('2021-12-15T12:00:00Z', 'UTC')).toBe('12/15/2021 - 12:00 PM UTC');
    expect(formatShortTime('2021-09-15T18:44:00Z', 'Asia/Tokyo')).toBe('09/16/2021 03:44 AM');
    expect(formatPortalTime('not a time', 'UTC')).toBe('not a time');
  });

  it('shows a leap second (RFC 3339 allows :60) as the minute it ends, in every zone (issue 25 §9)', () => {
    expect(formatPortalTime('2016-12-31T23:59:60Z', 'UTC')).toBe('12/31/2016 - 11:59 PM UTC');
    expect(formatPortalTime('2016-12-31T23:59:60.5Z', 'America/Chicago')).toBe('12/31/2016 - 05:59 PM CST');
    expect(formatShortTime('2016-12-31T23:59:60Z', 'Asia/Tokyo')).toBe('01/01/2017 08:59 AM');
  });

  it("gives today's date in the reader zone, not the process's", () => {
    const now = new Date('2026-12-01T03:00:00Z');
    process.env.TZ = 'UTC';
    expect(zonedDate(now, 'America/Chicago')).toBe('2026-11-30');
    expect(zonedDate(now, 'Asia/Tokyo')).toBe('2026-12-01');
  });
});
