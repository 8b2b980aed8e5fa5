/**
 * The one time-zone rule of every command, and the one place that turns an instant into a wall
 * clock in a zone. The environment is passed in.
 *
 * Why not Intl.DateTimeFormat: the first one a process builds loads ICU's locale data, ~22 ms of
 * CPU and ~8 MB of memory here (docs/performance.md), which was a sixth of a one-request
 * command's time and the whole gap to `notifications --check`'s memory target. V8's own Date
 * answers the same question (the offset from UTC at an instant, and the zone's name) from ICU's
 * time-zone rules alone, in microseconds, for the zone named by process.env.TZ — which Node lets a
 * program change at run time. So a zone is applied by setting TZ for the length of one synchronous
 * call and putting it back (withZone); nothing else can run in between. Intl remains only to
 * recognize a zone name that V8 does not take as it is (an alias, another case), once.
 */
import { UsageError } from '../errors.js';

/** The system's own zone (the rule's last step): TZ unset, as libc and ICU then read it. */
export const SYSTEM_ZONE = 'system';

/** Runs `f` with V8's local time in `tz` (undefined: the process's zone as it is). */
function withZone<T>(tz: string | undefined, f: () => T): T {
  if (tz === undefined) return f();
  const env = process.env;
  const before = env.TZ;
  if (tz === SYSTEM_ZONE ? before === undefined : before === tz) return f();
  if (tz === SYSTEM_ZONE) delete env.TZ;
  else env.TZ = tz;
  try {
    return f();
  } finally {
    if (before === undefined) delete env.TZ;
    else env.TZ = before;
  }
}

/** ICU's name of a zone it does not know: V8 then keeps UTC under the name "GMT+00:00". */
const UNKNOWN = '(GMT+00:00)';

/** A usable zone from a TZ-style value (":America/Chicago" allowed), or undefined. */
export function validTimeZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  const name = tz.trim().startsWith(':') ? tz.trim().slice(1) : tz.trim();
  if (!name || name === SYSTEM_ZONE) return undefined;
  if (!withZone(name, () => new Date(0).toString()).endsWith(UNKNOWN)) return name;
  // Not taken as written: Intl knows aliases and names in another case ("america/chicago").
  try {
    const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return withZone(canonical, () => new Date(0).toString()).endsWith(UNKNOWN) ? undefined : canonical;
  } catch {
    return undefined;
  }
}

/**
 * Where the user is: IC_SUPPORT_TZ (checked: a wrong value is a usage error naming it), then TZ
 * when it names a zone (libc ignores one it cannot read, and so do we), then the system's zone
 * (SYSTEM_ZONE).
 */
export function userTimeZone(env: Readonly<Record<string, string | undefined>>): string {
  const own = env.IC_SUPPORT_TZ?.trim();
  if (own) {
    const z = validTimeZone(own);
    if (!z)
      throw new UsageError(
        `IC_SUPPORT_TZ="${own}" is not a time zone.`,
        'Set it to an IANA zone such as America/Chicago, or unset it.',
      );
    return z;
  }
  return validTimeZone(env.TZ) ?? SYSTEM_ZONE;
}

/** An instant on the wall clock of a zone. */
export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of Greenwich. */
  offset: number;
  /** "CDT", "UTC", "GMT+5:30": the names an American reader knows, else the offset. */
  zone: string;
}

/** The short names en-US gives, by the long name V8 reports and the offset each belongs to. */
const US_NAMES: Record<string, [string, number]> = {
  'Eastern Standard Time': ['EST', -300],
  'Eastern Daylight Time': ['EDT', -240],
  'Central Standard Time': ['CST', -360],
  'Central Daylight Time': ['CDT', -300],
  'Mountain Standard Time': ['MST', -420],
  'Mountain Daylight Time': ['MDT', -360],
  'Pacific Standard Time': ['PST', -480],
  'Pacific Daylight Time': ['PDT', -420],
  'Alaska Standard Time': ['AKST', -540],
  'Alaska Daylight Time': ['AKDT', -480],
  'Hawaii-Aleutian Standard Time': ['HST', -600],
  'Hawaii-Aleutian Daylight Time': ['HADT', -540],
  'Atlantic Standard Time': ['AST', -240],
  'Atlantic Daylight Time': ['ADT', -180],
};

function zoneName(long: string, offset: number, seasons: boolean): string {
  const us = US_NAMES[long];
  // Hawaii keeps one time all year (HST); the Aleutians change theirs, and en-US says HAST there.
  if (us && us[1] === offset) return us[0] === 'HST' && seasons ? 'HAST' : us[0];
  if (long === 'Coordinated Universal Time') return 'UTC';
  if (offset === 0) return 'GMT';
  const a = Math.abs(offset);
  return `GMT${offset < 0 ? '-' : '+'}${Math.floor(a / 60)}${a % 60 ? `:${String(a % 60).padStart(2, '0')}` : ''}`;
}

/** The wall clock of `tz` (undefined: the process's own zone) at an instant. */
export function wallClock(instant: number | Date, tz?: string): WallClock {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  const [offset, text, seasons] = withZone(tz, () => {
    const d = new Date(t);
    const y = d.getUTCFullYear();
    return [
      -d.getTimezoneOffset(),
      d.toString(),
      new Date(Date.UTC(y, 0, 1)).getTimezoneOffset() !== new Date(Date.UTC(y, 6, 1)).getTimezoneOffset(),
    ] as const;
  });
  const w = new Date(t + offset * 60_000);
  const long = /\(([^)]*)\)$/.exec(text)?.[1] ?? '';
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
    offset,
    zone: zoneName(long, offset, seasons),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const two = (n: number) => String(n).padStart(2, '0');

/** "Jul 30, 2024" */
export function shortDate(w: WallClock): string {
  return `${MONTHS[w.month - 1]} ${w.day}, ${w.year}`;
}

/** "01:27 PM" */
export function clockTime(w: WallClock): string {
  return `${two(w.hour % 12 || 12)}:${two(w.minute)} ${w.hour < 12 ? 'AM' : 'PM'}`;
}

/**
 * An instant from the portal's ISO text, in ms; NaN when it is not one. A leap second
 * (`…T23:59:60Z`, which RFC 3339 allows and Date.parse refuses) is read as the last moment of the
 * minute before, so it is shown as 23:59 instead of "undefined NaN".
 */
export function parseInstant(iso: string): number {
  const t = Date.parse(iso);
  if (!Number.isNaN(t)) return t;
  const leap = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):60(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.exec(iso);
  return leap ? Date.parse(`${leap[1]}:59.999${leap[3]}`) : NaN;
}

/** An ISO time as the portal shows it: "09/15/2021 - 01:44 PM CDT". Unreadable input is returned as is. */
export function formatPortalTime(iso: string, timeZone?: string): string {
  const t = parseInstant(iso);
  if (Number.isNaN(t)) return iso;
  const w = wallClock(t, timeZone);
  return `${two(w.month)}/${two(w.day)}/${w.year} - ${clockTime(w)} ${w.zone}`;
}

/** A compact time for table cells: "09/15/2021 01:44 PM" (the zone is the reader's own). */
export function formatShortTime(iso: string, timeZone?: string): string {
  const t = parseInstant(iso);
  if (Number.isNaN(t)) return iso;
  const w = wallClock(t, timeZone);
  return `${two(w.month)}/${two(w.day)}/${w.year} ${clockTime(w)}`;
}

/** The date in a zone (undefined: the process's own) as YYYY-MM-DD. */
export function zonedDate(now: Date, timeZone?: string): string {
  const w = wallClock(now, timeZone);
  return `${w.year}-${two(w.month)}-${two(w.day)}`;
}
