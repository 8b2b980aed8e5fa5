/**
 * What the notifications verbs share: the status page client (no token, ever), the cache of the
 * last fetched state (<state dir>/cache/notifications-<profile>.json, written atomically after
 * each successful fetch), the stale fallback when the status host cannot be reached, and the
 * text renderings. The rules (banner, windows, --since, check, diff, iCalendar) are in
 * src/domain/notifications.ts.
 */
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import type { Context } from '../../cli/context.js';
import { paths } from '../../config/paths.js';
import { CliError, ExitCode, RateLimitError, UnavailableError, UsageError } from '../../errors.js';
import { styler, type Styler } from '../../io/style.js';
import type { PortalClient } from '../../portal/client.js';
import { notificationSchema, notificationsSchema, type Notification, type Notifications } from '../../portal/schemas.js';
import { readJson, writeJsonAtomic } from '../../state/atomic.js';
import { bannerView, formatAge, formatInstant, formatWindow, parseSince, validTimeZone, type Notice } from '../../domain/notifications.js';
import { wrap } from '../../domain/text.js';

export type ListState = 'open' | 'closed';

export interface StatusSource {
  url: string;
  host: string;
  profile: string;
  client: PortalClient;
  /** Aborts requests in flight (a signal during --watch). */
  abort(): void;
  close(): Promise<void>;
}

/** The status page's client, for the profile's notifications URL; it never carries a token. */
export async function openStatus(ctx: Context): Promise<StatusSource> {
  const s = await ctx.settings();
  if (!s.notificationsUrl) {
    throw new UsageError(
      `No notifications URL for profile "${s.profile}".`,
      `Set one with: ic-support config set notificationsUrl https://…${s.profile === 'default' ? '' : ` --profile ${s.profile}`} (or portalUrl, or IC_SUPPORT_NOTIFICATIONS_URL); to try it: ic-support --sandbox notifications`,
    );
  }
  const url = s.notificationsUrl.value;
  ctx.debug(`notifications from ${url} (${s.notificationsUrl.source}); no token is sent`);
  const { createDispatcher } = await import('../../portal/dispatcher.js');
  const { createPortalClient } = await import('../../portal/index.js');
  const { DEFAULT_TIMEOUTS } = await import('../../portal/client.js');
  const dispatcher: Dispatcher = createDispatcher({ env: ctx.env, caFile: s.caFile, connectTimeoutMs: DEFAULT_TIMEOUTS.connectMs });
  const client = createPortalClient({ env: ctx.env, portalUrl: url, statusUrl: url, token: undefined, caFile: s.caFile, debug: (l) => ctx.debug(l), version: ctx.version, dispatcher });
  let closed = false;
  return {
    url,
    host: new URL(url).hostname,
    profile: s.profile,
    client,
    abort() {
      if (closed) return;
      closed = true;
      void dispatcher.destroy().catch(() => undefined);
    },
    async close() {
      if (closed) return;
      closed = true;
      await dispatcher.close().catch(() => undefined);
    },
  };
}

// ------------------------------------------------------------------------------------ the cache

interface CacheEntry<T> {
  fetchedAt: string;
  url: string;
  data: T;
}

interface CacheFile {
  version: 1;
  open?: CacheEntry<Notifications>;
  closed?: CacheEntry<Notifications>;
  /** Notifications fetched one by one (`show`), by id; the most recent 50. */
  details?: Record<string, CacheEntry<Notification>>;
}

export function cacheFile(ctx: Context, profile: string): string {
  return join(paths(ctx.env).cache, `notifications-${profile}.json`);
}

function loadCache(ctx: Context, file: string): CacheFile {
  let raw: unknown;
  try {
    raw = readJson(file);
  } catch (e) {
    ctx.debug(`ignoring the notifications cache: ${(e as Error).message}`);
    return { version: 1 };
  }
  if (!raw || typeof raw !== 'object' || (raw as { version?: unknown }).version !== 1) return { version: 1 };
  const c = raw as Record<string, unknown>;
  const out: CacheFile = { version: 1 };
  const entry = <T>(v: unknown, check: (d: unknown) => T | undefined): CacheEntry<T> | undefined => {
    if (!v || typeof v !== 'object') return undefined;
    const e = v as Record<string, unknown>;
    if (typeof e.fetchedAt !== 'string' || Number.isNaN(Date.parse(e.fetchedAt)) || typeof e.url !== 'string') return undefined;
    const data = check(e.data);
    return data === undefined ? undefined : { fetchedAt: e.fetchedAt, url: e.url, data };
  };
  const list = (d: unknown) => {
    const r = notificationsSchema.safeParse(d);
    return r.success ? r.data : undefined;
  };
  const one = (d: unknown) => {
    const r = notificationSchema.safeParse(d);
    return r.success ? r.data : undefined;
  };
  const open = entry(c.open, list);
  const closed = entry(c.closed, list);
  if (open) out.open = open;
  if (closed) out.closed = closed;
  if (c.details && typeof c.details === 'object') {
    out.details = {};
    for (const [id, v] of Object.entries(c.details as Record<string, unknown>)) {
      const e = entry(v, one);
      if (e) out.details[id] = e;
    }
  }
  return out;
}

function saveCache(ctx: Context, src: StatusSource, change: (c: CacheFile) => void): void {
  const file = cacheFile(ctx, src.profile);
  try {
    const c = loadCache(ctx, file);
    change(c);
    if (c.details) {
      const keep = Object.entries(c.details)
        .sort((a, b) => Date.parse(b[1].fetchedAt) - Date.parse(a[1].fetchedAt))
        .slice(0, 50);
      c.details = Object.fromEntries(keep);
    }
    writeJsonAtomic(file, c);
  } catch (e) {
    // The fetch succeeded; only the offline copy could not be kept.
    ctx.io.err(`warning: could not save the notifications for offline use in ${file}: ${(e as Error).message}\n`);
  }
}

// ------------------------------------------------------------------------------------ fetching

export interface Fetched<T> {
  data: T;
  fetchedAt: string;
  /** Where the data came from. */
  url: string;
  stale: boolean;
  /** Why the status host could not be reached (stale only). */
  reason?: string;
}

/** Worth showing the cached state instead: the host cannot be reached, fails or limits us. */
export function unreachable(e: unknown): e is CliError {
  return e instanceof CliError && (e.exitCode === ExitCode.unavailable || e instanceof RateLimitError);
}

function noCache(src: StatusSource, e: CliError): CliError {
  if (e instanceof RateLimitError) return e;
  // A TLS failure keeps its own advice (a district's CA file); the rest is about the URL and network.
  const advice = e instanceof UnavailableError ? 'is the status page (or the sandbox) running? Try again later.' : (e.hint ?? 'try again later.');
  return new UnavailableError(
    `Cannot reach the status page ${src.url}: ${reasonOf(e)}.`,
    `No earlier state is saved for profile "${src.profile}" to show instead. Check your network and the notifications URL (ic-support config get notificationsUrl); ${advice}`,
  );
}

/** The error's message without its final full stop, to quote inside a sentence. */
export function reasonOf(e: Error): string {
  return e.message.replace(/\.+$/, '');
}

export async function fetchList(ctx: Context, src: StatusSource, state: ListState): Promise<Fetched<Notifications>> {
  try {
    const data = await src.client.notifications(state);
    const fetchedAt = ctx.clock.now().toISOString();
    saveCache(ctx, src, (c) => (c[state] = { fetchedAt, url: src.url, data }));
    return { data, fetchedAt, url: src.url, stale: false };
  } catch (e) {
    if (!unreachable(e)) throw e;
    const cached = loadCache(ctx, cacheFile(ctx, src.profile))[state];
    if (!cached) throw noCache(src, e);
    return { data: cached.data, fetchedAt: cached.fetchedAt, url: cached.url, stale: true, reason: reasonOf(e) };
  }
}

export async function fetchOne(ctx: Context, src: StatusSource, id: string): Promise<Fetched<Notification>> {
  try {
    const data = await src.client.notification(id);
    const fetchedAt = ctx.clock.now().toISOString();
    saveCache(ctx, src, (c) => ((c.details ??= {})[data.id] = { fetchedAt, url: src.url, data }));
    return { data, fetchedAt, url: src.url, stale: false };
  } catch (e) {
    if (!unreachable(e)) throw e;
    const c = loadCache(ctx, cacheFile(ctx, src.profile));
    // The most recently fetched copy, from a `show` or from either list.
    const copies: CacheEntry<Notification>[] = [];
    if (c.details?.[id]) copies.push(c.details[id]);
    for (const l of [c.open, c.closed]) {
      const n = l?.data.notifications.find((x) => x.id === id);
      if (l && n) copies.push({ fetchedAt: l.fetchedAt, url: l.url, data: n });
    }
    copies.sort((a, b) => Date.parse(b.fetchedAt) - Date.parse(a.fetchedAt));
    const best = copies[0];
    if (!best) throw noCache(src, e);
    return { data: best.data, fetchedAt: best.fetchedAt, url: best.url, stale: true, reason: reasonOf(e) };
  }
}

// ------------------------------------------------------------------------------------ options

/** The user's time zone: TZ when it names a zone, else the system's. */
export function timeZone(ctx: Context): string {
  return validTimeZone(ctx.env.TZ) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export function sinceOption(ctx: Context, value: string | undefined, tz: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = parseSince(value, ctx.clock.now(), tz);
  if (!d) {
    throw new UsageError(
      `--since "${value}" is not a time.`,
      'Give a time ago (30m, 2h, 3d, 1w), a date or date and time in your time zone (2024-07-30, "2024-07-30 13:00"), or an ISO time with its zone (2024-07-30T18:00:00Z).',
    );
  }
  return d;
}

/** --json, or a profile whose `output` is json. */
export function wantsJson(json: boolean | undefined, output: string | undefined): boolean {
  return Boolean(json) || output === 'json';
}

// ------------------------------------------------------------------------------------ rendering

/** The stale warning on stderr: what failed, and how old the state shown is. */
export function staleLine(ctx: Context, f: Fetched<unknown>, tz: string): string {
  const age = formatAge(ctx.clock.now().getTime() - Date.parse(f.fetchedAt));
  const s = styler(ctx.io.colorErr);
  return `${s.yellow('STALE:')} cannot reach the status page (${f.reason ?? 'unavailable'}). Showing the state fetched ${age} ago (${formatInstant(f.fetchedAt, tz)}) from ${f.url}; it may be out of date.\n`;
}

const BANNER_STYLE: Record<'orange' | 'green' | 'gray', { bg: keyof Styler; fg: keyof Styler }> = {
  // ANSI has no orange: the 16-colour yellow, which many terminals draw as orange.
  orange: { bg: 'bgYellow', fg: 'yellow' },
  green: { bg: 'bgGreen', fg: 'green' },
  gray: { bg: 'bgGray', fg: 'gray' },
};

/** The banner: "[MAINTENANCE] There are 1 open maintenance item(s)." coloured as the portal does. */
export function bannerLines(banner: Notifications['banner'], color: boolean): string {
  const v = bannerView(banner.openIncidents, banner.openMaintenance);
  const s = styler(color);
  const st = BANNER_STYLE[banner.color];
  const head = color ? `${s[st.bg](s.bold(` ${v.label} `))} ${s.bold(s[st.fg](v.headline))}` : `[${v.label}] ${v.headline}`;
  const tail = banner.color === 'gray' ? 'History of maintenance and incidents: ic-support notifications --closed' : 'Details below; the whole timeline of one: ic-support notifications show <id>';
  return `${head}\n${s.dim(tail)}\n`;
}

/** Body text indented under a label: paragraphs kept, wrapped to the terminal when there is one. */
export function indentBody(body: string, indent: string, width: number): string {
  return body
    .split(/\n\s*\n/)
    .map((p) => (Number.isFinite(width) ? wrap(p, width, indent) : indent + p.replace(/\s+/g, ' ').trim()))
    .join(`\n${indent.trimEnd() ? indent : ''}\n`);
}

export function noticeBlock(n: Notice, o: { tz: string; color: boolean; width: number; allUpdates: boolean }): string {
  const s = styler(o.color);
  const kindText = n.kind === 'incident' ? s.yellow(n.kind) : s.green(n.kind);
  const lines = [s.bold(n.title), `  kind:    ${kindText}`, `  window:  ${formatWindow(n.startsAt, n.endsAt, o.tz)}`, `  status:  ${n.status}${n.state === 'closed' ? ' (closed)' : ''}`];
  const shown = o.allUpdates ? n.updates : n.updates.slice(-1);
  if (shown.length === 0) lines.push(`  latest:  ${s.dim('no update posted')}`);
  for (const u of shown) {
    lines.push(`  ${o.allUpdates ? 'update: ' : 'latest: '} ${formatInstant(u.postedAt, o.tz)}`);
    lines.push(indentBody(u.body, '           ', o.width));
  }
  lines.push(`  id:      ${n.id}`);
  return lines.join('\n');
}

/** Width for wrapping: the terminal's, or none when piped (one paragraph per line, for grep). */
export function textWidth(ctx: Context): number {
  return ctx.io.stdoutIsTTY ? Math.min(ctx.io.columns, 100) : Infinity;
}
