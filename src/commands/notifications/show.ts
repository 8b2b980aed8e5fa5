/** `ic-support notifications show <id>`: one notification with its whole timeline of updates, oldest first. */
import type { CommandRun } from '../../cli/context.js';
import { ExitCode, NotFoundError, UsageError } from '../../errors.js';
import { filterSince, formatAge, formatInstant, formatWindow } from '../../domain/notifications.js';
import { styler } from '../../io/style.js';
import { fetchOne, indentBody, openStatus, sinceOption, staleLine, textWidth, timeZone, wantsJson } from './shared.js';

interface ShowOptions {
  json?: boolean;
  since?: string;
}

export const run: CommandRun<ShowOptions, [string]> = async (ctx, args, opts, command) => {
  const id = (args[0] ?? '').trim();
  if (!id) throw new UsageError('Give the id of a notification.', 'The ids are on the "id:" lines of: ic-support notifications (or --closed)');
  const parent = command.parent?.opts() as { json?: boolean; since?: string } | undefined;
  const tz = timeZone(ctx);
  const sinceText = opts.since ?? parent?.since;
  const since = sinceOption(ctx, sinceText, tz);
  const src = await openStatus(ctx);
  try {
    const json = wantsJson(opts.json || parent?.json, (await ctx.settings()).output);
    let f;
    try {
      f = await fetchOne(ctx, src, id);
    } catch (e) {
      if (e instanceof NotFoundError) {
        throw new NotFoundError(`There is no notification "${id}" on ${src.url}.`, 'The ids are on the "id:" lines of: ic-support notifications (open ones) and ic-support notifications --closed');
      }
      throw e;
    }
    const n = since ? (filterSince([f.data], since)[0] ?? { ...f.data, updates: [] }) : f.data;
    if (f.stale) ctx.io.err(staleLine(ctx, f, tz));
    if (json) {
      const data = {
        source: f.url,
        fetchedAt: f.fetchedAt,
        ageSeconds: Math.max(0, Math.round((ctx.clock.now().getTime() - Date.parse(f.fetchedAt)) / 1000)),
        stale: f.stale,
        staleReason: f.stale ? (f.reason ?? 'unavailable') : null,
        since: since ? since.toISOString() : null,
        notification: n,
      };
      ctx.io.out(`${JSON.stringify(data, null, 2)}\n`);
      return ExitCode.ok;
    }
    const s = styler(ctx.io.colorOut);
    const width = textWidth(ctx);
    const lines = [
      s.bold(n.title),
      `  kind:    ${n.kind === 'incident' ? s.yellow(n.kind) : s.green(n.kind)}`,
      `  state:   ${n.state}`,
      `  status:  ${n.status}`,
      `  window:  ${formatWindow(n.startsAt, n.endsAt, tz)}`,
      `  posted:  ${formatInstant(n.postedAt, tz)}`,
      `  id:      ${n.id}`,
      '',
    ];
    const sinceNote = since ? ` since ${formatInstant(since, tz)}` : '';
    if (n.updates.length === 0) lines.push(`No updates${sinceNote}.`);
    else {
      lines.push(`Updates${sinceNote} (${n.updates.length}, oldest first):`);
      n.updates.forEach((u, i) => {
        lines.push('', s.bold(`${i + 1}. ${formatInstant(u.postedAt, tz)}`), indentBody(u.body, '   ', width));
      });
    }
    if (f.stale) lines.push('', s.dim(`(as fetched ${formatAge(ctx.clock.now().getTime() - Date.parse(f.fetchedAt))} ago)`));
    ctx.io.out(`${lines.join('\n')}\n`);
    return ExitCode.ok;
  } finally {
    await src.close();
  }
};
