/**
 * `ic-support notifications --watch`: the current state once, then every change as it happens
 * (new notification, status change, new window, new update, closed), polling the Notifications page
 * every --interval seconds until SIGINT or SIGTERM, which end it cleanly with exit 0. With --json,
 * one JSON event per line (NDJSON): `snapshot` first, then `new`, `status`, `rescheduled`,
 * `update`, `closed`, and `unreachable` / `reachable` when the status host stops or starts answering.
 */
import type { Context } from '../../cli/context.js';
import { ExitCode } from '../../errors.js';
import {
  diffNotices,
  eventLine,
  filterSince,
  formatInstant,
  type Notice,
  type WatchEvent,
} from '../../domain/notifications.js';
import { listJson, renderList } from './listing.js';
import { fetchList, reasonOf, unreachable, type Fetched, type StatusSource } from './shared/status-source.js';
import { staleLine } from '../../render/notifications.js';
import { showControlsIn } from '../../text/show-controls.js';
import type { Notifications } from '../../portal/schemas.js';
import { styler } from '../../io/style.js';
import { printJsonLine, type JsonRequest } from '../../cli/json-output.js';

/** What the watch runs with, its flags already parsed and checked (./run.ts). */
interface WatchParams {
  intervalS: number;
  json: JsonRequest | undefined;
  since: Date | undefined;
  tz: string;
}

export async function watch(ctx: Context, src: StatusSource, o: WatchParams): Promise<number> {
  let stopping = false;
  // Ends the wait between polls at once when a signal stops the watch.
  const waking = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    ctx.debug(`${signal}: stopping the watch`);
    src.client.abort();
    waking.abort();
  };
  const stopListening = ctx.onInterrupt(onSignal);
  const warn = styler(ctx.io.colorErr).yellow;
  const stamp = (): string => ctx.clock.now().toISOString();

  const emit = async (e: WatchEvent): Promise<void> => {
    if (o.since && e.type === 'update' && Date.parse(e.update.postedAt) <= o.since.getTime()) return;
    if (o.json) await printJsonLine(ctx, { ...e, detectedAt: stamp() }, o.json);
    else ctx.io.out(`[${formatInstant(ctx.clock.now(), o.tz)}] ${eventLine(showControlsIn(e), o.tz)}\n`);
  };
  const reach = async (up: boolean, reason?: string): Promise<void> => {
    if (o.json)
      await printJsonLine(
        ctx,
        up
          ? { type: 'reachable', detectedAt: stamp(), source: src.url }
          : { type: 'unreachable', detectedAt: stamp(), source: src.url, reason },
        o.json,
      );
    else if (up) ctx.io.err(`The Notifications page ${src.url} answers again.\n`);
    else
      ctx.io.err(
        `${warn('STALE:')} cannot reach the Notifications page (${reason ?? 'unavailable'}); trying again every ${o.intervalS} s.\n`,
      );
  };

  try {
    let first: Fetched<Notifications>;
    try {
      first = await fetchList(ctx, src, 'open');
    } catch (e) {
      if (stopping) return ExitCode.ok;
      throw e;
    }
    if (stopping) return ExitCode.ok;
    let prev: Notice[] = first.data.notifications;
    let reachable = !first.stale;
    if (first.stale) ctx.io.err(staleLine(first, ctx.clock.now(), o.tz, ctx.io.colorErr));
    const shown = o.since ? filterSince(prev, o.since) : prev;
    if (o.json)
      await printJsonLine(
        ctx,
        { type: 'snapshot', detectedAt: stamp(), ...listJson(ctx, first, 'open', shown, o.since) },
        o.json,
      );
    else ctx.io.out(`${renderList(ctx, first, 'open', shown, o.since, o.tz)}\n`);
    ctx.io.err(`Watching ${src.url} every ${o.intervalS} s; each change is printed as it happens. Ctrl-C to stop.\n`);

    while (!stopping) {
      await ctx.sleep(o.intervalS * 1000, waking.signal);
      if (stopping) break;
      let f: Fetched<Notifications> | undefined;
      let failure: string | undefined;
      try {
        f = await fetchList(ctx, src, 'open');
        if (f.stale) failure = f.reason;
      } catch (e) {
        if (stopping) break;
        if (!unreachable(e)) throw e;
        failure = reasonOf(e);
      }
      if (stopping) break;
      if (failure !== undefined || !f) {
        if (reachable) await reach(false, failure);
        reachable = false;
        continue;
      }
      if (!reachable) await reach(true);
      reachable = true;
      const next = f.data.notifications;
      const still = new Set(next.map((n) => n.id));
      const closed = new Map<string, Notice>();
      for (const n of prev) {
        if (still.has(n.id)) continue;
        try {
          closed.set(n.id, await ctx.io.wait(`Reading the closed notification ${n.id}`, src.client.notification(n.id)));
        } catch (e) {
          ctx.debug(`could not fetch the closed notification ${n.id}: ${(e as Error).message}`);
        }
      }
      if (stopping) break;
      for (const e of diffNotices(prev, next, closed)) await emit(e);
      prev = next;
    }
    return ExitCode.ok;
  } finally {
    stopListening();
    if (stopping) ctx.io.err('Stopped watching.\n');
  }
}
