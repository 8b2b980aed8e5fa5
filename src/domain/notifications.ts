/**
 * Status notifications (incidents and maintenance), as the Support Portal's Notifications page
 * shows them: the banner, time windows in the user's time zone, `--since` filtering, the changes
 * between two fetched states (for --watch), the Nagios-style check and the iCalendar export.
 * Pure: no I/O, no clock, no process time zone; the time and the zone are parameters.
 */
import { ExitCode } from '../errors.js';
import { clockTime, shortDate, wallClock } from './time-zone.js';
import { parseInstant } from './dates.js';

// Open sets in the contract (issue 29 §2): a portal may add a kind or a color; shown as named.
export type NotificationKind = 'incident' | 'maintenance' | (string & {});
export type BannerColor = 'orange' | 'green' | 'gray' | (string & {});

export interface NoticeUpdate {
  id: string;
  postedAt: string;
  body: string;
}

/** A notification as the status API returns it (updates oldest first). */
export interface Notice {
  id: string;
  kind: NotificationKind;
  title: string;
  status: string;
  state: 'open' | 'closed';
  startsAt: string;
  endsAt: string | null;
  postedAt: string;
  updates: NoticeUpdate[];
}

// ------------------------------------------------------------------------------------ banner

export interface BannerView {
  color: BannerColor;
  /** The portal's words with counts in good grammar, e.g. "There is 1 open maintenance item." */
  headline: string;
  /** What the color means, for a reader without color. */
  label: string;
}

const isAre = (n: number, noun: string): string => `There ${n === 1 ? 'is' : 'are'} ${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * An open incident whose status says it is resolved (the guide's DigiCert incident: open, status
 * Resolved) is not in progress: it stays on the page until the vendor closes it.
 */
export function isResolvedStatus(status: string): boolean {
  return /^\s*(resolved|fixed|restored|completed?)\b/i.test(status);
}

export function inProgress(n: Pick<Notice, 'kind' | 'state' | 'status'>): boolean {
  return n.kind === 'incident' && n.state === 'open' && !isResolvedStatus(n.status);
}

/**
 * The banner the portal shows above every page: orange when an incident is open, else green when
 * maintenance is open, else gray. When both kinds are open, both counts are given (the portal names
 * only the incidents). `resolvedIncidents`: how many of the open incidents are reported resolved;
 * they are said apart, never counted as in progress.
 */
export function bannerView(openIncidents: number, openMaintenance: number, resolvedIncidents = 0): BannerView {
  const resolved = Math.min(Math.max(0, resolvedIncidents), openIncidents);
  const active = openIncidents - resolved;
  const mnt = `${isAre(openMaintenance, 'open maintenance item')}.`;
  const incParts: string[] = [];
  if (active > 0) incParts.push(`${isAre(active, 'open incident')} in progress.`);
  if (resolved > 0)
    incParts.push(
      active > 0
        ? `${resolved} more ${resolved === 1 ? 'is' : 'are'} open but reported resolved.`
        : `${isAre(resolved, 'open incident')}, reported resolved (not in progress).`,
    );
  const inc = incParts.join(' ');
  if (openIncidents > 0)
    return {
      color: 'orange',
      headline: openMaintenance > 0 ? `${inc} ${mnt}` : inc,
      label: active > 0 ? 'INCIDENT' : 'INCIDENT RESOLVED',
    };
  if (openMaintenance > 0) return { color: 'green', headline: mnt, label: 'MAINTENANCE' };
  return { color: 'gray', headline: 'There are no open notifications.', label: 'ALL CLEAR' };
}

/** Updates newest first, as the portal's page shows them (the 2:15 PM update above the first post). */
export function updatesNewestFirst<U extends Pick<NoticeUpdate, 'postedAt' | 'id'>>(updates: readonly U[]): U[] {
  return [...updates].sort((a, b) => Date.parse(b.postedAt) - Date.parse(a.postedAt) || b.id.localeCompare(a.id));
}

/** What a list shows of a notification: its latest update and its first post (one when they are the same). */
export function listedUpdates<U extends Pick<NoticeUpdate, 'postedAt' | 'id'>>(
  updates: readonly U[],
): { latest?: U; first?: U } {
  const sorted = updatesNewestFirst(updates);
  const latest = sorted[0];
  const first = sorted[sorted.length - 1];
  return { ...(latest ? { latest } : {}), ...(first && first !== latest ? { first } : {}) };
}

export function countOpen(list: readonly Notice[]): { openIncidents: number; openMaintenance: number } {
  const open = list.filter((n) => n.state === 'open');
  return {
    openIncidents: open.filter((n) => n.kind === 'incident').length,
    openMaintenance: open.filter((n) => n.kind === 'maintenance').length,
  };
}

// ------------------------------------------------------------------------------------ time

/**
 * What a person filing a case should see first (the guide asks them to check): open incidents,
 * and maintenance going on now. Upcoming maintenance explains no problem yet.
 */
export function relevantToNewCase<T extends Pick<Notice, 'kind' | 'state' | 'startsAt' | 'endsAt'>>(
  list: readonly T[],
  now: Date,
): T[] {
  const t = now.getTime();
  return list.filter(
    (n) =>
      n.state === 'open' &&
      (n.kind === 'incident' || (Date.parse(n.startsAt) <= t && (n.endsAt === null || Date.parse(n.endsAt) >= t))),
  );
}

interface LocalParts {
  date: string; // "Jul 30, 2024"
  time: string; // "01:27 PM"
  zone: string; // "CDT"
}

function localParts(iso: string | Date, tz: string): LocalParts {
  const t = typeof iso === 'string' ? parseInstant(iso) : iso.getTime();
  // Not a time (the portal's text, shown as it is, said so): never "undefined NaN".
  if (Number.isNaN(t)) return { date: `"${String(iso)}" (not a readable time)`, time: '', zone: '' };
  const w = wallClock(t, tz);
  return { date: shortDate(w), time: clockTime(w), zone: w.zone };
}

/** Whether a notification's times can all be read (a monitoring check is UNKNOWN when not). */
export function unreadableTime(n: Pick<Notice, 'startsAt' | 'endsAt' | 'postedAt' | 'id'>): string | undefined {
  for (const [k, v] of [
    ['startsAt', n.startsAt],
    ['endsAt', n.endsAt],
    ['postedAt', n.postedAt],
  ] as const)
    if (v !== null && Number.isNaN(parseInstant(v))) return `notification ${n.id}: ${k} "${v}" is not a time`;
  return undefined;
}

/** "Jul 30, 2024, 01:27 PM CDT" */
export function formatInstant(iso: string | Date, tz: string): string {
  const p = localParts(iso, tz);
  return p.time ? `${p.date}, ${p.time} ${p.zone}` : p.date;
}

/**
 * A notification's window where the user is: "Jul 30, 2024, 01:27 PM – 02:25 PM CDT" on one day,
 * "Dec 12, 2026, 10:00 PM – Dec 13, 2026, 02:00 AM CST" across midnight, each end with its own
 * zone when daylight saving time changes in between, and "… – no end time posted" without an end.
 */
export function formatWindow(startsAt: string, endsAt: string | null, tz: string): string {
  const a = localParts(startsAt, tz);
  if (!endsAt) return `${formatInstant(startsAt, tz)} – no end time posted`;
  const b = localParts(endsAt, tz);
  if (!a.time || !b.time) return `${formatInstant(startsAt, tz)} – ${formatInstant(endsAt, tz)}`;
  if (a.zone !== b.zone) return `${a.date}, ${a.time} ${a.zone} – ${b.date}, ${b.time} ${b.zone}`;
  if (a.date === b.date) return `${a.date}, ${a.time} – ${b.time} ${b.zone}`;
  return `${a.date}, ${a.time} – ${b.date}, ${b.time} ${b.zone}`;
}

/** "45 s", "12 min", "2 h 5 min", "3 days 4 h" */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} days ${h % 24} h` : `${d} days`;
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function zoneOffsetMs(instant: number, tz: string): number {
  return wallClock(instant, tz).offset * 60_000;
}

/** A wall-clock time in a zone -> the instant (the earlier one when the clock goes back). */
export function zonedTime(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): Date {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  let t = guess - zoneOffsetMs(guess, tz);
  t = guess - zoneOffsetMs(t, tz);
  return new Date(t);
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A length of time (90s, 30m, 2h, 3d, 1w, "2 hours") in milliseconds; undefined when it is none. */
export function parseDuration(input: string): number | undefined {
  const rel = /^(\d+(?:\.\d+)?)\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$/i.exec(
    input.trim(),
  );
  if (!rel) return undefined;
  const unit = rel[2]!.toLowerCase();
  const key = unit.startsWith('mi') || unit === 'm' ? 'm' : unit[0]!;
  return Math.round(Number(rel[1]) * UNIT_MS[key]!);
}

/**
 * `--since`: an ISO time with a zone (2024-07-30T13:00:00-05:00, …Z), a local date or date-time in
 * the user's zone (2024-07-30, 2024-07-30 13:00), or a time ago (90s, 30m, 2h, 3d, 1w, "2 hours").
 * Undefined when it is none of these.
 */
export function parseSince(input: string, now: Date, tz: string): Date | undefined {
  const s = input.trim();
  const ago = /^(.+?)\s+ago$/i.exec(s);
  const rel = parseDuration(ago ? ago[1]! : s);
  if (rel !== undefined) return new Date(now.getTime() - rel);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : new Date(t);
  }
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (local) {
    const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(local[i] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || sec > 59) return undefined;
    return zonedTime(y, mo, d, h, mi, sec, tz);
  }
  return undefined;
}

/**
 * Only what happened after `since`: each notification keeps the updates posted after it, and a
 * notification with none of those (and not itself posted after it) is left out.
 */
export function filterSince(list: readonly Notice[], since: Date): Notice[] {
  const t = since.getTime();
  const out: Notice[] = [];
  for (const n of list) {
    const updates = n.updates.filter((u) => Date.parse(u.postedAt) > t);
    if (updates.length > 0 || Date.parse(n.postedAt) > t) out.push({ ...n, updates });
  }
  return out;
}

export function latestUpdate(n: Notice): NoticeUpdate | undefined {
  return updatesNewestFirst(n.updates)[0];
}

// ------------------------------------------------------------------------------------ watch

/** What a watcher remembers of a notification between two polls. */
export type NoticeSummary = Omit<Notice, 'postedAt' | 'updates'>;

export type WatchEvent =
  | { type: 'new'; notification: Notice }
  | { type: 'status'; notification: NoticeSummary; from: string; to: string }
  | { type: 'rescheduled'; notification: NoticeSummary; from: { startsAt: string; endsAt: string | null } }
  | { type: 'update'; notification: NoticeSummary; update: NoticeUpdate }
  | { type: 'closed'; notification: NoticeSummary };

export function summary(n: Notice): NoticeSummary {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    status: n.status,
    state: n.state,
    startsAt: n.startsAt,
    endsAt: n.endsAt,
  };
}

/**
 * The changes from one fetch of the open notifications to the next, in the order a reader wants
 * them: for each notification still or newly open (in the new order) a new notification, or its
 * status change, new window and new updates (oldest first); then those that closed. `closed`
 * gives the final state of a notification that left the open list, when it could be fetched.
 */
export function diffNotices(
  prev: readonly Notice[],
  next: readonly Notice[],
  closed: ReadonlyMap<string, Notice> = new Map(),
): WatchEvent[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  const events: WatchEvent[] = [];
  for (const n of next) {
    const old = before.get(n.id);
    if (!old) {
      events.push({ type: 'new', notification: n });
      continue;
    }
    if (old.status !== n.status)
      events.push({ type: 'status', notification: summary(n), from: old.status, to: n.status });
    if (old.startsAt !== n.startsAt || old.endsAt !== n.endsAt)
      events.push({
        type: 'rescheduled',
        notification: summary(n),
        from: { startsAt: old.startsAt, endsAt: old.endsAt },
      });
    const seen = new Set(old.updates.map((u) => u.id));
    for (const u of n.updates)
      if (!seen.has(u.id)) events.push({ type: 'update', notification: summary(n), update: u });
  }
  const still = new Set(next.map((n) => n.id));
  for (const old of prev) {
    if (still.has(old.id)) continue;
    const final = closed.get(old.id);
    if (final) {
      const seen = new Set(old.updates.map((u) => u.id));
      for (const u of final.updates)
        if (!seen.has(u.id)) events.push({ type: 'update', notification: summary(final), update: u });
    }
    events.push({
      type: 'closed',
      notification: final ? summary({ ...final, state: 'closed' }) : { ...summary(old), state: 'closed' },
    });
  }
  return events;
}

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One readable line for a watch event (the time of detection is the caller's to add). */
export function eventLine(e: WatchEvent, tz: string): string {
  const n = e.notification;
  switch (e.type) {
    case 'new': {
      const last = latestUpdate(e.notification);
      return `NEW ${n.kind}: ${n.title} (${n.status}; ${formatWindow(n.startsAt, n.endsAt, tz)})${last ? ` — ${oneLine(last.body)}` : ''} [${n.id}]`;
    }
    case 'status':
      return `STATUS ${n.kind}: ${n.title}: ${e.from} -> ${e.to} [${n.id}]`;
    case 'rescheduled':
      return `RESCHEDULED ${n.kind}: ${n.title}: now ${formatWindow(n.startsAt, n.endsAt, tz)} (was ${formatWindow(e.from.startsAt, e.from.endsAt, tz)}) [${n.id}]`;
    case 'update':
      return `UPDATE ${n.kind}: ${n.title} (${formatInstant(e.update.postedAt, tz)}): ${oneLine(e.update.body)} [${n.id}]`;
    case 'closed':
      return `CLOSED ${n.kind}: ${n.title} (${n.status}) [${n.id}]`;
  }
}

// ------------------------------------------------------------------------------------ --check

export interface CheckResult {
  status: 'OK' | 'WARNING' | 'CRITICAL';
  exitCode: number;
  /** The Nagios-style line: "IC-SUPPORT WARNING - 1 open maintenance: … | incidents=0 maintenance=1" */
  line: string;
}

/** How long before maintenance starts --check warns of it, unless --warn-before says otherwise. */
export const DEFAULT_WARN_BEFORE_MS = 86_400_000;

/**
 * Maintenance that is only scheduled: it starts later than `warnBeforeMs` from now. Maintenance in
 * progress, starting sooner, past its window but still open, or with a time that cannot be read is
 * not (it is worth a look).
 */
export function onlyScheduled(n: Pick<Notice, 'kind' | 'startsAt'>, now: Date, warnBeforeMs: number): boolean {
  const start = Date.parse(n.startsAt);
  return n.kind === 'maintenance' && Number.isFinite(start) && start > now.getTime() + warnBeforeMs;
}

/**
 * The monitoring verdict on the open notifications: an incident in progress is critical;
 * maintenance in progress or starting within `warnBeforeMs` is a warning, and so is an open
 * incident reported resolved; maintenance that is only scheduled is OK, its window in the text.
 */
export function checkResult(
  open: readonly Notice[],
  tz: string,
  now: Date,
  warnBeforeMs = DEFAULT_WARN_BEFORE_MS,
): CheckResult {
  const list = open.filter((n) => n.state === 'open');
  const inc = list.filter((n) => inProgress(n));
  const resolved = list.filter((n) => n.kind === 'incident' && !inProgress(n));
  const scheduled = list.filter((n) => onlyScheduled(n, now, warnBeforeMs));
  const mnt = list.filter((n) => n.kind === 'maintenance' && !scheduled.includes(n));
  const perf = `| incidents=${inc.length} maintenance=${mnt.length}${resolved.length ? ` resolved_open=${resolved.length}` : ''}${scheduled.length ? ` scheduled=${scheduled.length}` : ''}`;
  const describe = (n: Notice): string =>
    n.kind === 'incident'
      ? `${n.title} (${n.status} since ${formatInstant(n.startsAt, tz)})`
      : `${n.title} (${n.status}, ${formatWindow(n.startsAt, n.endsAt, tz)})`;
  const parts: string[] = [];
  if (inc.length)
    parts.push(
      `${inc.length} open incident${inc.length === 1 ? '' : 's'} in progress: ${inc.map(describe).join('; ')}`,
    );
  if (resolved.length)
    parts.push(
      `${resolved.length} open incident${resolved.length === 1 ? '' : 's'} reported resolved, not in progress: ${resolved.map((n) => `${n.title} (${n.status})`).join('; ')}`,
    );
  if (mnt.length) parts.push(`${mnt.length} open maintenance: ${mnt.map(describe).join('; ')}`);
  if (scheduled.length)
    parts.push(
      `${scheduled.length} maintenance scheduled, starting in more than ${formatAge(warnBeforeMs)}: ${scheduled.map(describe).join('; ')}`,
    );
  if (inc.length)
    return {
      status: 'CRITICAL',
      exitCode: ExitCode.incidentOpen,
      line: `IC-SUPPORT CRITICAL - ${parts.join('; ')} ${perf}`,
    };
  // Resolved but not yet closed: worth a look, not an outage.
  if (mnt.length || resolved.length)
    return {
      status: 'WARNING',
      exitCode: ExitCode.maintenanceOpen,
      line: `IC-SUPPORT WARNING - ${parts.join('; ')} ${perf}`,
    };
  if (scheduled.length)
    return {
      status: 'OK',
      exitCode: ExitCode.ok,
      line: `IC-SUPPORT OK - nothing in progress; ${parts.join('; ')} ${perf}`,
    };
  return { status: 'OK', exitCode: ExitCode.ok, line: `IC-SUPPORT OK - no open notifications ${perf}` };
}

// ------------------------------------------------------------------------------------ iCalendar

/** RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped. */
export function escapeIcsText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      // Every line break a reader may honor, so no value can start a property of its own.
      .replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, '\\n')
      // RFC 5545 3.3.11: TEXT holds no control character but HTAB.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '')
  );
}

/** RFC 5545 3.1: lines of at most 75 octets, continued with CRLF and one space; never splits a character. */
export function foldIcsLine(line: string): string {
  const enc = new TextEncoder();
  const out: string[] = [];
  let cur = '';
  let bytes = 0;
  for (const ch of line) {
    const n = enc.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // a continuation starts with a space
    if (bytes + n > limit) {
      out.push(cur);
      cur = '';
      bytes = 0;
    }
    cur += ch;
    bytes += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

/** 2024-07-30T18:27:00.000Z -> 20240730T182700Z */
export function icsUtc(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(parseInstant(iso)) : iso;
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** What the calendar holds: the open maintenance windows (current and upcoming), soonest first. */
export function calendarItems(open: readonly Notice[]): Notice[] {
  // A window whose start cannot be read cannot be a calendar event.
  return open
    .filter((n) => n.kind === 'maintenance' && n.state === 'open' && !Number.isNaN(parseInstant(n.startsAt)))
    .sort((a, b) => parseInstant(a.startsAt) - parseInstant(b.startsAt) || a.id.localeCompare(b.id));
}

export interface IcsOptions {
  /** DTSTAMP: when this calendar was made. */
  now: Date;
  /** The Notifications page's host, which makes each UID globally unique and stable. */
  host: string;
  /** Where the data came from, for the description. */
  source: string;
}

/** An RFC 5545 calendar of maintenance windows: one VEVENT per notification, UTC times, CRLF. */
export function toIcs(items: readonly Notice[], o: IcsOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//ic-support//Infinite Campus notifications//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Infinite Campus maintenance',
  ];
  for (const n of items) {
    const last = latestUpdate(n);
    const modified = last && parseInstant(last.postedAt) > parseInstant(n.postedAt) ? last.postedAt : n.postedAt;
    const at = (name: string, iso: string | null): string[] =>
      iso !== null && !Number.isNaN(parseInstant(iso)) ? [`${name}:${icsUtc(iso)}`] : [];
    const desc = [
      `${n.kind === 'maintenance' ? 'Maintenance' : 'Incident'} (${n.status}).`,
      ...(last ? ['', last.body] : []),
      ...(n.endsAt ? [] : ['', 'No end time has been posted.']),
      '',
      `Source: ${o.source} (notification ${n.id}); details: ic-support notifications show ${n.id}`,
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeIcsText(`ic-support-notification-${n.id}@${o.host}`)}`,
      `DTSTAMP:${icsUtc(o.now)}`,
      ...at('CREATED', n.postedAt),
      ...at('LAST-MODIFIED', modified),
      ...at('DTSTART', n.startsAt),
      ...at('DTEND', n.endsAt),
      `SUMMARY:${escapeIcsText(n.title)}`,
      `DESCRIPTION:${escapeIcsText(desc)}`,
      'STATUS:CONFIRMED',
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldIcsLine).join('\r\n') + '\r\n';
}
