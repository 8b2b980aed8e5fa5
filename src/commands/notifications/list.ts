/**
 * `ic-support notifications`: the banner and the open (or, with --closed, the closed)
 * notifications; --check for monitoring, --ics for a calendar, --watch for a running feed.
 */
import type { CommandRun, Context } from '../../cli/context.js';
import { remember } from '../../state/seen.js';
import { checkFields, printJson, type JsonRequest } from '../../cli/json-output.js';
import { CliError, ExitCode, FileProblemError, UsageError } from '../../errors.js';
import {
  calendarItems,
  checkResult,
  filterSince,
  formatAge,
  toIcs,
  unreadableTime,
  type Notice,
} from '../../domain/notifications.js';
import { userTimeZone } from '../../domain/time-zone.js';
import type { Notifications } from '../../portal/schemas.js';
import { renderNoticeList, staleLine, wrapWidth } from '../../render/notifications.js';
import { showControls, showControlsIn } from '../../text/show-controls.js';
import { writeUserFileAtomic } from '../../state/atomic.js';
import { sinceOption, wantsJson } from './options.js';
import {
  fetchList,
  openStatus,
  type Fetched,
  type ListState,
  type StatusSource,
} from './status-source.js';

export interface ListOptions extends JsonRequest {
  closed?: boolean;
  check?: boolean;
  watch?: boolean;
  interval?: string;
  since?: string;
  ics?: string | boolean;
}

export const WATCH_DEFAULT_S = 60;
export const WATCH_MIN_S = 5;

function checkCombinations(o: ListOptions): void {
  const modes = (['check', 'watch', 'ics'] as const).filter((m) => o[m] !== undefined && o[m] !== false);
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
  if (o.interval !== undefined && mode !== 'watch')
    throw new UsageError(
      '--interval applies only with --watch.',
      `Add --watch, e.g.: ic-support notifications --watch --interval ${o.interval}`,
    );
}

export function intervalSeconds(value: string | undefined): number {
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
): string {
  return renderNoticeList(showControlsIn(f.data), state, showControlsIn(list), since, {
    tz,
    color: ctx.io.colorOut,
    width: wrapWidth(ctx.io),
  });
}

const NOTIFICATIONS_URL_HINT =
  'Is notificationsUrl the Infinite Campus status page? Check it with: ic-support config get notificationsUrl';

async function check(ctx: Context, src: StatusSource, json: JsonRequest | undefined, tz: string): Promise<number> {
  let f: Fetched<Notifications>;
  try {
    f = await fetchList(ctx, src, 'open');
  } catch (e) {
    // Every answer that is not a readable status (down, a redirect, a 404 or 422, HTML, a
    // timeout, a broken contract) is UNKNOWN for monitoring, with exit 8, never a failed check.
    if (!(e instanceof CliError)) throw e;
    // A Nagios check always answers with one line.
    ctx.io.out(`IC-SUPPORT UNKNOWN - ${showControls(e.message)}\n`);
    ctx.io.err(`${e.hint ? `${e.hint}\n` : ''}${NOTIFICATIONS_URL_HINT}\n`);
    return ExitCode.unavailable;
  }
  const unreadable = f.data.notifications.map(unreadableTime).find((u) => u !== undefined);
  if (unreadable) {
    ctx.io.out(
      `IC-SUPPORT UNKNOWN - the status page ${src.url} answered times that cannot be read (${showControls(unreadable)})\n`,
    );
    ctx.io.err(`${NOTIFICATIONS_URL_HINT}\n`);
    return ExitCode.unavailable;
  }
  const r = checkResult(showControlsIn(f.data.notifications), tz);
  if (f.stale) {
    const age = formatAge(ctx.clock.now().getTime() - Date.parse(f.fetchedAt));
    const line = `IC-SUPPORT UNKNOWN - cannot reach the status page ${src.url} (${f.reason ?? 'unavailable'}); last known state, fetched ${age} ago: ${r.line.replace(/^IC-SUPPORT /, '')}`;
    if (json)
      await printJson(
        ctx,
        {
          ...listJson(ctx, f, 'open', f.data.notifications, undefined),
          check: { status: 'UNKNOWN', exitCode: ExitCode.unavailable, line },
        },
        json,
        CHECK_FIELDS,
      );
    else ctx.io.out(`${line}\n`);
    return ExitCode.unavailable;
  }
  if (json)
    await printJson(
      ctx,
      { ...listJson(ctx, f, 'open', f.data.notifications, undefined), check: r },
      json,
      CHECK_FIELDS,
    );
  else ctx.io.out(`${r.line}\n`);
  return r.exitCode;
}

function writeCalendar(file: string, text: string): void {
  try {
    writeUserFileAtomic(file, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : `${code}: ${(e as Error).message}`;
    throw new FileProblemError(
      file,
      `cannot write the calendar here (${why})`,
      'Give --ics a file in a folder you can write, or - (or nothing) for standard output.',
    );
  }
}

async function ics(ctx: Context, src: StatusSource, target: string | boolean, tz: string): Promise<number> {
  const f = await fetchList(ctx, src, 'open');
  if (f.stale) ctx.io.err(staleLine(f, ctx.clock.now(), tz, ctx.io.colorErr));
  // A calendar may go to a terminal (--ics -), and iCalendar text has no place for controls either.
  const items = calendarItems(showControlsIn(f.data.notifications));
  const text = toIcs(items, { now: ctx.clock.now(), host: src.host, source: f.url });
  if (target === true || target === '-' || target === '') {
    ctx.io.out(text);
    return ExitCode.ok;
  }
  const file = String(target);
  writeCalendar(file, text);
  ctx.io.err(`Wrote ${items.length} maintenance window${items.length === 1 ? '' : 's'} to ${file}.\n`);
  return ExitCode.ok;
}

export const run: CommandRun<ListOptions> = async (ctx, _args, opts) => {
  checkCombinations(opts);
  const tz = userTimeZone(ctx.env);
  const since = sinceOption(ctx.clock.now(), opts.since, tz);
  const interval = opts.watch ? intervalSeconds(opts.interval) : 0;
  const src = await openStatus(ctx);
  const json = wantsJson(Boolean(opts.json), (await ctx.settings()).output) ? opts : undefined;
  // A wrong field is refused before the status page is asked (--watch's events have their own shapes).
  if (json?.jsonFields && !opts.watch) checkFields(json.jsonFields, opts.check ? CHECK_FIELDS : LIST_FIELDS);
  if (opts.check) return await check(ctx, src, json, tz);
  if (opts.ics !== undefined && opts.ics !== false) return await ics(ctx, src, opts.ics, tz);
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
  else ctx.io.out(renderList(ctx, f, state, list, since, tz));
  return ExitCode.ok;
};
