/**
 * `ic-support notifications`: the banner and the open (or, with --closed, the closed)
 * notifications; --check for monitoring (./check.ts), --ics for a calendar (./ics.ts), --watch for
 * a running feed (./watch.ts, loaded only when asked for).
 */
import type { CommandRun, Context } from '../../cli/context.js';
import type { Notice } from '../../domain/notifications.js';
import type { Notifications } from '../../portal/schemas.js';
import { remember } from '../../state/seen.js';
import { checkFields, printJson, type JsonRequest } from '../../cli/json-output.js';
import { ExitCode, UsageError } from '../../errors.js';
import { DEFAULT_WARN_BEFORE_MS, filterSince, parseDuration } from '../../domain/notifications.js';
import { userTimeZone } from '../../domain/time-zone.js';
import { staleLine } from '../../render/notifications.js';
import { CHECK_FIELDS, LIST_FIELDS, listJson, renderList } from './listing.js';
import type { NotificationsOptions } from './options.js';
import { sinceOption } from '../../cli/since-option.js';
import { fetchList, openStatus, type ListState, type StatusSource } from './shared/status-source.js';
import { check } from './check.js';
import { ics } from './ics.js';

function checkCombinations(o: NotificationsOptions): void {
  const modes = (['check', 'watch', 'ics'] as const).filter((m) => o[m] !== undefined);
  if (modes.length > 1)
    throw new UsageError(`--${modes[0]} and --${modes[1]} cannot be used together.`, 'Run them as separate commands.');
  const mode = modes[0];
  if (mode && o.closed)
    throw new UsageError(
      `--closed cannot be used with --${mode}: it is about the open notifications.`,
      `Drop --closed, or run: ic-support notifications --closed`,
    );
  if ((mode === 'check' || mode === 'ics') && o.since !== undefined)
    throw new UsageError(
      `--since cannot be used with --${mode}.`,
      '--since filters the list, --closed, show and --watch.',
    );
  if (mode === 'ics' && o.json)
    throw new UsageError(
      '--ics writes an iCalendar file; it cannot be combined with --json.',
      'Drop --json (or use --json without --ics for the notifications as JSON).',
    );
  if (o.warnBefore !== undefined && mode !== 'check')
    throw new UsageError(
      '--warn-before applies only with --check.',
      `Add --check, e.g.: ic-support notifications --check --warn-before ${o.warnBefore}`,
    );
  if (o.interval !== undefined && mode !== 'watch')
    throw new UsageError(
      '--interval applies only with --watch.',
      `Add --watch, e.g.: ic-support notifications --watch --interval ${o.interval}`,
    );
}

const WATCH_DEFAULT_S = 60;
const WATCH_MIN_S = 5;

function intervalSeconds(value: string | undefined): number {
  if (value === undefined) return WATCH_DEFAULT_S;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < WATCH_MIN_S || n > 86_400) {
    throw new UsageError(
      `--interval "${value}" is not a whole number of seconds from ${WATCH_MIN_S} to 86400.`,
      `Poll at most every ${WATCH_MIN_S} s, e.g. --interval ${WATCH_DEFAULT_S} (the default).`,
    );
  }
  return n;
}

/** --warn-before: how long before maintenance starts --check warns of it. */
function warnBefore(value: string | undefined): number {
  if (value === undefined) return DEFAULT_WARN_BEFORE_MS;
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new UsageError(
      `--warn-before "${value}" is not a length of time.`,
      'Give one like 12h, 1d (the default), 3d or 1w; 0s warns only once maintenance has started.',
    );
  return ms;
}

/**
 * The banner counts open incidents but not which are reported resolved; the closed list holds none
 * of them, so --closed reads the open list too, else its banner would report an outage the open
 * view calls resolved. Unreadable (and not cached): the banner as the closed answer gives it.
 */
async function openIncidents(
  ctx: Context,
  src: StatusSource,
  data: Notifications,
  state: ListState,
): Promise<Notice[] | undefined> {
  if (state === 'open' || data.banner.openIncidents === 0) return undefined;
  try {
    return (await fetchList(ctx, src, 'open')).data.notifications;
  } catch {
    return undefined;
  }
}

export const run: CommandRun<NotificationsOptions> = async (ctx, _args, opts) => {
  checkCombinations(opts);
  const tz = userTimeZone(ctx.env);
  const since = sinceOption(ctx.clock.now(), opts.since, tz);
  const interval = opts.watch ? intervalSeconds(opts.interval) : 0;
  const warnBeforeMs = warnBefore(opts.warnBefore);
  const src = await openStatus(ctx);
  // --json, --jq, or a profile whose `output` is json (resolved before the command ran).
  const json: JsonRequest | undefined = opts.json ? opts : undefined;
  // A wrong field is refused before the Notifications page is asked (--watch's events have their own shapes).
  if (json?.jsonFields && !opts.watch) checkFields(json.jsonFields, opts.check ? CHECK_FIELDS : LIST_FIELDS);
  if (opts.check) return await check(ctx, src, json, tz, warnBeforeMs);
  if (opts.ics !== undefined) return await ics(ctx, src, opts.ics, tz);
  if (opts.watch) {
    const { watch } = await import('./watch.js');
    return await watch(ctx, src, { intervalS: interval, json, since, tz });
  }
  const state: ListState = opts.closed ? 'closed' : 'open';
  const f = await fetchList(ctx, src, state);
  const list = since ? filterSince(f.data.notifications, since) : f.data.notifications;
  remember(
    ctx.env,
    ctx.profileName(),
    'notifications',
    list.map((n) => ({ id: n.id, label: n.title })),
    ctx.debug,
  );
  if (f.stale) ctx.io.err(staleLine(f, ctx.clock.now(), tz, ctx.io.colorErr));
  if (json) await printJson(ctx, listJson(ctx, f, state, list, since), json, LIST_FIELDS);
  // Its hint lines (the history, one timeline) are runnable as printed.
  else
    ctx.io.out(ctx.suggest(renderList(ctx, f, state, list, since, tz, await openIncidents(ctx, src, f.data, state))));
  return ExitCode.ok;
};
