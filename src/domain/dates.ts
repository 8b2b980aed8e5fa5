/** Calendar dates as ISO strings (YYYY-MM-DD), which compare correctly as text. Pure. */

import { zonedDate } from './time-zone.js';

// Where the portal's instants are read (leap seconds included): beside the formatters that show them.
export { parseInstant } from './time-zone.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** The pattern a date field accepts: ISO (2021-09-07) or the portal's US form (09/07/2021). */
export const DATE_INPUT_PATTERN = '^(\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{4})$';

function valid(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2999) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** "2021-09-07" or "9/7/2021" -> "2021-09-07"; undefined when it is not a real calendar date. */
export function normalizeDate(input: string): string | undefined {
  const s = input.trim();
  let m = ISO.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? s : undefined;
  }
  m = US.exec(s);
  if (m) {
    const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : undefined;
  }
  return undefined;
}

/**
 * "2021-09-07" -> "09/07/2021": the one style every message shows a date in (the portal's, and the
 * guide's "09/07/2021"); anything else unchanged.
 */
export function formatUsDate(value: string): string {
  const m = ISO.exec(value);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : value;
}

export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && ISO.test(s) && normalizeDate(s) === s;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d + days));
  return `${dt.getUTCFullYear()}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

/** Today's date where the user is (their zone by the one rule, src/domain/time-zone.ts), as YYYY-MM-DD. */
export function localToday(now: Date, timeZone?: string): string {
  return zonedDate(now, timeZone);
}
