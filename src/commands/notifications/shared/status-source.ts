/**
 * Where the notifications verbs get their data: the Notifications page, through the one portal client
 * (never with a token), falling back to the last state saved (src/state/notifications-cache.ts)
 * when the status host cannot be reached. The rules (banner, windows, --since, check, diff,
 * iCalendar) are in src/domain/notifications.ts; the text layouts in src/render/notifications.ts.
 */
import type { Context } from '../../../cli/context.js';
import { CliError, ExitCode, RateLimitError, UnavailableError, UsageError } from '../../../errors.js';
import type { PortalClient } from '../../../portal/client.js';
import { showControls } from '../../../text/show-controls.js';
import type { Notification, Notifications } from '../../../portal/schemas.js';
import {
  loadNotificationsCache,
  notificationsCacheFile,
  updateNotificationsCache,
  type CacheEntry,
  type NotificationsCache,
} from '../../../state/notifications-cache.js';

export type ListState = 'open' | 'closed';

export interface StatusSource {
  url: string;
  host: string;
  profile: string;
  client: PortalClient;
}

/** The Notifications page's client, for the profile's notifications URL; it never carries a token. */
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
  return { url, host: new URL(url).hostname, profile: s.profile, client: await ctx.clientFor(url, s) };
}

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
  const advice =
    e instanceof UnavailableError
      ? 'is the Notifications page (or the sandbox) running? Try again later.'
      : (e.hint ?? 'try again later.');
  return new UnavailableError(
    `Cannot reach the Notifications page ${src.url}: ${reasonOf(e)}.`,
    `No earlier state is saved for profile "${src.profile}" to show instead. Check your network and the notifications URL (ic-support config get notificationsUrl); ${advice}`,
  );
}

/** The error's message without its final full stop, to quote inside a sentence. */
export function reasonOf(e: Error): string {
  // Shown on a terminal and saved: it may quote the Notifications page, so its controls are shown here.
  return showControls(e.message.replace(/\.+$/, ''));
}

/** The host (and port) a URL names; '' for one that cannot be read. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * The profile's saved state, only what came from the status host asked now: after notificationsUrl
 * changes, another host's notifications are never shown as this one's.
 */
function cache(ctx: Context, src: StatusSource): NotificationsCache {
  const c = loadNotificationsCache(notificationsCacheFile(ctx.env, src.profile), (l) => ctx.debug(l));
  const host = hostOf(src.url);
  const mine = <T>(e: CacheEntry<T> | undefined): CacheEntry<T> | undefined => {
    if (e && hostOf(e.url) !== host) {
      ctx.debug(`saved notifications from ${e.url} not used: another host than ${src.url}`);
      return undefined;
    }
    return e;
  };
  const out: NotificationsCache = { version: c.version };
  const open = mine(c.open);
  const closed = mine(c.closed);
  if (open) out.open = open;
  if (closed) out.closed = closed;
  if (c.details) out.details = Object.fromEntries(Object.entries(c.details).filter(([, e]) => mine(e)));
  return out;
}

function save(ctx: Context, src: StatusSource, change: (c: NotificationsCache) => void): void {
  const file = notificationsCacheFile(ctx.env, src.profile);
  try {
    updateNotificationsCache(file, (l) => ctx.debug(l), change);
  } catch (e) {
    // The fetch succeeded; only the offline copy could not be kept.
    ctx.io.err(`warning: could not save the notifications for offline use in ${file}: ${(e as Error).message}\n`);
  }
}

export async function fetchList(ctx: Context, src: StatusSource, state: ListState): Promise<Fetched<Notifications>> {
  try {
    const data = await ctx.io.wait(
      `Reading the ${state === 'open' ? 'open' : 'closed'} notifications from ${src.host}`,
      src.client.notifications(state),
    );
    const fetchedAt = ctx.clock.now().toISOString();
    save(ctx, src, (c) => (c[state] = { fetchedAt, url: src.url, data }));
    return { data, fetchedAt, url: src.url, stale: false };
  } catch (e) {
    if (!unreachable(e)) throw e;
    const cached = cache(ctx, src)[state];
    if (!cached) throw noCache(src, e);
    return { data: cached.data, fetchedAt: cached.fetchedAt, url: cached.url, stale: true, reason: reasonOf(e) };
  }
}

export async function fetchOne(ctx: Context, src: StatusSource, id: string): Promise<Fetched<Notification>> {
  try {
    const data = await ctx.io.wait(
      `Reading notification ${showControls(id)} from ${src.host}`,
      src.client.notification(id),
    );
    const fetchedAt = ctx.clock.now().toISOString();
    save(ctx, src, (c) => ((c.details ??= {})[data.id] = { fetchedAt, url: src.url, data }));
    return { data, fetchedAt, url: src.url, stale: false };
  } catch (e) {
    if (!unreachable(e)) throw e;
    const c = cache(ctx, src);
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
