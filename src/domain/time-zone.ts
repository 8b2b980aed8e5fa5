/**
 * The one time-zone rule of every command, and the one cache of date formatters. Pure: the
 * environment is passed in. Building an Intl.DateTimeFormat costs far more than using one, and a
 * listing formats hundreds of times, so formatters are kept per zone and style.
 */
import { UsageError } from '../errors.js';

/** A usable IANA zone from a TZ-style value (":America/Chicago" allowed), or undefined. */
export function validTimeZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  const name = tz.trim().startsWith(':') ? tz.trim().slice(1) : tz.trim();
  if (!name) return undefined;
  try {
    return dateTimeFormat(name, 'zone').resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Where the user is: IC_SUPPORT_TZ (checked: a wrong value is a usage error naming it), then TZ
 * when it names a zone (libc ignores one it cannot read, and so do we), then the system's zone.
 */
export function userTimeZone(env: Readonly<Record<string, string | undefined>>): string {
  const own = env.IC_SUPPORT_TZ?.trim();
  if (own) {
    const z = validTimeZone(own);
    if (!z) throw new UsageError(`IC_SUPPORT_TZ="${own}" is not a time zone.`, 'Set it to an IANA zone such as America/Chicago, or unset it.');
    return z;
  }
  return validTimeZone(env.TZ) ?? dateTimeFormat(undefined, 'zone').resolvedOptions().timeZone;
}

const STYLES = {
  /** Only to check or resolve a zone. */
  zone: {},
  /** "Jul 30, 2024, 01:27 PM CDT" */
  instant: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: true, timeZoneName: 'short' },
  /** "09/15/2021 - 01:44 PM CDT", as the portal shows times */
  portal: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: true, timeZoneName: 'short' },
  /** Numeric wall-clock parts, 24 h, for zone arithmetic. */
  parts: { hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
export type DateStyle = keyof typeof STYLES;

const cache = new Map<string, Intl.DateTimeFormat>();

/** The formatter for a zone (undefined: the process's own) and a style; built once each. */
export function dateTimeFormat(tz: string | undefined, style: DateStyle): Intl.DateTimeFormat {
  const key = `${style}\u0000${tz ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...STYLES[style], ...(tz ? { timeZone: tz } : {}) });
    cache.set(key, f);
  }
  return f;
}

/** An ISO time as the portal shows it: "09/15/2021 - 01:44 PM CDT". Unreadable input is returned as is. */
export function formatPortalTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p: Record<string, string> = {};
  for (const part of dateTimeFormat(timeZone, 'portal').formatToParts(d)) p[part.type] = part.value;
  return `${p.month}/${p.day}/${p.year} - ${p.hour}:${p.minute} ${p.dayPeriod}${p.timeZoneName ? ` ${p.timeZoneName}` : ''}`;
}

/** A compact time for table cells: "09/15/2021 01:44 PM" (the zone is the reader's own). */
export function formatShortTime(iso: string, timeZone?: string): string {
  const full = formatPortalTime(iso, timeZone);
  const m = /^(\d\d\/\d\d\/\d{4}) - (\d\d:\d\d [AP]M)/.exec(full);
  return m ? `${m[1]} ${m[2]}` : full;
}
