/**
 * The last state fetched from the Notifications page, per profile (<state dir>/cache/notifications-
 * <profile>.json, written atomically after each successful fetch): what `notifications` shows,
 * marked stale, when the status host cannot be reached. A damaged cache is ignored, never fatal.
 */
import { join } from 'node:path';
import { paths } from '../config/paths.js';
import { readAnswer } from '../portal/parse-answer.js';
import type { Notification, Notifications } from '../portal/schemas.js';
import { readJson, writeCacheFileAtomic } from './atomic.js';

export interface CacheEntry<T> {
  fetchedAt: string;
  url: string;
  data: T;
}

export interface NotificationsCache {
  version: 1;
  open?: CacheEntry<Notifications>;
  closed?: CacheEntry<Notifications>;
  /** Notifications fetched one by one (`show`), by id; the most recent 50. */
  details?: Record<string, CacheEntry<Notification>>;
}

const KEEP_DETAILS = 50;

export function notificationsCacheFile(env: NodeJS.ProcessEnv, profile: string): string {
  return join(paths(env).cache, `notifications-${profile}.json`);
}

/** The cache, with every entry that does not have the contract's shape left out. */
export function loadNotificationsCache(file: string, debug: (line: string) => void): NotificationsCache {
  let raw: unknown;
  try {
    raw = readJson(file);
  } catch (e) {
    debug(`ignoring the notifications cache: ${(e as Error).message}`);
    return { version: 1 };
  }
  if (!raw || typeof raw !== 'object' || (raw as { version?: unknown }).version !== 1) return { version: 1 };
  const c = raw as Record<string, unknown>;
  const out: NotificationsCache = { version: 1 };
  const entry = <T>(v: unknown, check: (d: unknown) => T | undefined): CacheEntry<T> | undefined => {
    if (!v || typeof v !== 'object') return undefined;
    const e = v as Record<string, unknown>;
    if (typeof e.fetchedAt !== 'string' || Number.isNaN(Date.parse(e.fetchedAt)) || typeof e.url !== 'string')
      return undefined;
    const data = check(e.data);
    return data === undefined ? undefined : { fetchedAt: e.fetchedAt, url: e.url, data };
  };
  const list = (d: unknown) => readAnswer('notificationsSchema', d);
  const one = (d: unknown) => readAnswer('notificationSchema', d);
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

/** Applies a change and writes the cache back; throws when the file cannot be written. */
export function updateNotificationsCache(
  file: string,
  debug: (line: string) => void,
  change: (c: NotificationsCache) => void,
): void {
  const c = loadNotificationsCache(file, debug);
  change(c);
  if (c.details) {
    const keep = Object.entries(c.details)
      .sort((a, b) => Date.parse(b[1].fetchedAt) - Date.parse(a[1].fetchedAt))
      .slice(0, KEEP_DETAILS);
    c.details = Object.fromEntries(keep);
  }
  // A cache (shown, with its age, when the portal cannot be reached): not flushed to disk.
  writeCacheFileAtomic(file, `${JSON.stringify(c, null, 2)}\n`);
}
