/**
 * `ic-support case watch`: for cron. Prints what changed on the user's cases since the last run
 * (vendor comments, status changes, resolutions, new cases) and exits 10, or prints nothing and
 * exits 0. The first run records a baseline and says so. State: <state dir>/cache/watch-<profile>.json,
 * written atomically after the output, so a run that dies half-way reports again rather than never.
 */
import { join } from 'node:path';
import type { CommandRun } from '../../../cli/context.js';
import { CliError, ExitCode } from '../../../errors.js';
import { printJsonLine } from '../../../cli/json-output.js';
import { paths } from '../../../config/paths.js';
import { readJson, writeJsonAtomic } from '../../../state/atomic.js';
import {
  commentsFrom,
  diffCase,
  isoBefore,
  laterTime,
  parseWatchState,
  WATCH_OVERLAP_MS,
  WATCH_STATE_VERSION,
  type WatchEvent,
  type WatchState,
} from '../../../domain/case-watch.js';
import type { CaseSummary } from '../../../portal/schemas.js';
import type { PortalClient } from '../../../portal/client.js';
import { CursorGuard } from '../../../portal/paging.js';
import { renderWatchEvent } from '../../../render/watch.js';
import { showControlsIn } from '../../../text/show-controls.js';
import { formatPortalTime, userTimeZone } from '../../../domain/time-zone.js';
import { parseInstant } from '../../../domain/dates.js';
import type { WatchOptions } from './options.js';

const PAGE = 100;
const CONCURRENCY = 4;

async function* pages(
  client: PortalClient,
  status: 'open' | 'all',
  updatedSince?: string,
): AsyncGenerator<CaseSummary[]> {
  const guard = new CursorGuard('listing cases');
  let cursor: string | undefined;
  do {
    const page = await client.listCases({ status, limit: PAGE, updatedSince, ...(cursor ? { cursor } : {}) });
    yield page.cases;
    cursor = page.nextCursor ? guard.next(page.nextCursor, page.cases.length) : undefined;
  } while (cursor);
}

/** The cases seen within the overlap before the mark, as they were: the next run skips them unless they change. */
function nearMark(since: string | null, seen: Record<string, string>): Record<string, string> {
  if (since === null) return {};
  const top = parseInstant(since);
  return Object.fromEntries(
    Object.entries(seen).filter(([, at]) => {
      const t = parseInstant(at);
      return t >= top - WATCH_OVERLAP_MS && t <= top;
    }),
  );
}

/** Runs f over items, a few at a time, keeping the order of the results. */
async function mapLimited<T, R>(items: T[], limit: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export const run: CommandRun<WatchOptions> = async (ctx, _args, opts) => {
  const profile = ctx.profileName();
  const client = await ctx.portal();
  const file = join(paths(ctx.env).cache, `watch-${profile}.json`);
  // The embedded sandbox (--sandbox) listens on a new port each run: its data folder is what stays.
  const sb = await ctx.sandbox();
  const portalId = sb ? `sandbox:${sb.dataDir}` : client.portalUrl;
  let prev: WatchState | undefined;
  let why = 'first run';
  try {
    prev = parseWatchState(readJson(file));
    if (!prev && readJson(file) !== undefined) why = 'its state file was from another version';
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    why = `its state file was damaged (${file})`;
  }
  if (prev && prev.portalUrl !== portalId) {
    why = `the portal is now ${portalId}, not ${prev.portalUrl}`;
    prev = undefined;
  }
  const now = ctx.clock.now().toISOString();
  const save = (
    since: WatchState['since'],
    cases: WatchState['cases'],
    edge: WatchState['edge'],
    baseline: WatchState['baseline'],
  ): void =>
    writeJsonAtomic(file, {
      version: WATCH_STATE_VERSION,
      portalUrl: portalId,
      since,
      updatedAt: now,
      cases,
      edge,
      ...(baseline !== undefined ? { baseline } : {}),
    } satisfies WatchState);

  if (!prev) {
    // The high-water mark first: a change made while the open cases are listed is then seen again next time.
    const cases: WatchState['cases'] = {};
    const at: Record<string, string> = {};
    const since = await ctx.io.wait('Recording your open cases', async () => {
      const newest = await client.listCases({ status: 'all', limit: 1 });
      for await (const page of pages(client, 'open'))
        for (const c of page) {
          cases[c.number] = { status: c.status };
          at[c.number] = c.lastModifiedAt;
        }
      const top = newest.cases[0];
      if (top) at[top.number] = top.lastModifiedAt;
      return top?.lastModifiedAt ?? null;
    });
    save(since, cases, nearMark(since, at), since);
    const n = Object.keys(cases).length;
    ctx.io.err(
      `case watch (profile "${profile}"): ${why}; recorded a baseline of ${n} open case${n === 1 ? '' : 's'}; nothing to report yet. Later runs print what changes from now on.\n`,
    );
    return 0;
  }

  // Only what changed since the mark, asked from a little before it (updatedSince, the portal's
  // time: `since` is the latest lastModifiedAt it sent). A portal that ignores the parameter sends
  // every case, newest change first: reading stops at the first one older than that.
  const last = prev;
  const from = last.since === null ? undefined : isoBefore(last.since, WATCH_OVERLAP_MS);
  const fromMs = from === undefined ? undefined : Date.parse(from);
  const seen: Record<string, string> = {};
  const details = await ctx.io.wait('Checking your cases for changes', async () => {
    const changed: CaseSummary[] = [];
    outer: for await (const page of pages(client, 'all', from)) {
      for (const c of page) {
        if (fromMs !== undefined && parseInstant(c.lastModifiedAt) < fromMs) break outer;
        seen[c.number] = c.lastModifiedAt;
        // Within the overlap, a case the last run saw as it is now has nothing new.
        if (last.edge?.[c.number] === c.lastModifiedAt) continue;
        changed.push(c);
      }
    }
    ctx.debug(
      `case watch: ${changed.length} case${changed.length === 1 ? '' : 's'} changed since ${from ?? 'the start'} (${Object.keys(seen).length} listed)`,
    );
    changed.reverse(); // oldest change first: the report reads in order
    return mapLimited(changed, CONCURRENCY, async (s) => {
      // The comments too from a little before the newest seen: a long thread costs what is new.
      const [c, comments] = await Promise.all([
        client.getCase(s.number),
        client.listComments(s.number, commentsFrom(last.cases[s.number])),
      ]);
      return { c, comments };
    });
  });
  const events: WatchEvent[] = [];
  const cases = { ...prev.cases };
  let since = prev.since;
  for (const { c, comments } of details) {
    // From the start of the overlap: a comment the portal showed late is not older than that. One
    // seen already is not shown again (the case was skipped, or its snapshot counts its comments).
    const d = diffCase(prev.cases[c.number], from ?? null, c, comments, prev.baseline ?? null);
    events.push(...d.events);
    if (d.next) cases[c.number] = d.next;
    else delete cases[c.number];
    since = laterTime(since, c.lastModifiedAt);
  }

  if (opts.json) {
    for (const e of events) await printJsonLine(ctx, e, opts);
  } else {
    const tz = userTimeZone(ctx.env);
    // Its "Close it: …" and "Reply: …" lines are runnable as printed (npx, --profile).
    ctx.io.out(
      ctx.suggest(
        showControlsIn(events)
          .map((e) => renderWatchEvent(e, { timeZone: tz }))
          .join('\n'),
      ),
    );
  }
  // The next run's overlap: what this one saw near the new mark, as it was.
  save(since, cases, nearMark(since, { ...prev.edge, ...seen }), prev.baseline);
  if (!events.length && ctx.io.stderrIsTTY)
    ctx.io.err(`No changes since the last run (${formatPortalTime(prev.updatedAt, userTimeZone(ctx.env))}).\n`);
  return events.length ? ExitCode.changesFound : ExitCode.ok;
};
