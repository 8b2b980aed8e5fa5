/**
 * The listing of notifications, as JSON and as text: what the noun prints (./run.ts), what
 * --check's JSON extends (./check.ts) and the first event of --watch (./watch.ts).
 */
import type { Context } from '../../cli/context.js';
import type { Notice } from '../../domain/notifications.js';
import type { Notifications } from '../../portal/schemas.js';
import { renderNoticeList, wrapWidth } from '../../render/notifications.js';
import { showControlsIn } from '../../text/show-controls.js';
import type { Fetched, ListState } from './shared/status-source.js';

/** The fields of listJson, and of --check's answer (with `check`): what --json FIELDS may name. */
export const LIST_FIELDS = [
  'source',
  'fetchedAt',
  'ageSeconds',
  'stale',
  'staleReason',
  'state',
  'since',
  'banner',
  'notifications',
];
export const CHECK_FIELDS = [...LIST_FIELDS, 'check'];

/** The stable --json shape of a list (also the `snapshot` event of --watch --json). */
export function listJson(
  ctx: Context,
  f: Fetched<Notifications>,
  state: ListState,
  list: readonly Notice[],
  since: Date | undefined,
) {
  return {
    source: f.url,
    fetchedAt: f.fetchedAt,
    ageSeconds: Math.max(0, Math.round((ctx.clock.now().getTime() - Date.parse(f.fetchedAt)) / 1000)),
    stale: f.stale,
    staleReason: f.stale ? (f.reason ?? 'unavailable') : null,
    state,
    since: since ? since.toISOString() : null,
    banner: f.data.banner,
    notifications: list,
  };
}

export function renderList(
  ctx: Context,
  f: Fetched<Notifications>,
  state: ListState,
  list: readonly Notice[],
  since: Date | undefined,
  tz: string,
  openNotices?: readonly Notice[],
): string {
  return renderNoticeList(
    showControlsIn(f.data),
    state,
    showControlsIn(list),
    since,
    { tz, color: ctx.io.colorOut, width: wrapWidth(ctx.io) },
    openNotices,
  );
}
