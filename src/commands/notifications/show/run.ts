/** `ic-support notifications show <id>`: one notification with its whole timeline of updates, newest first. */
import type { CommandRun } from '../../../cli/context.js';
import { ExitCode, NotFoundError, UsageError } from '../../../errors.js';
import { filterSince } from '../../../domain/notifications.js';
import { userTimeZone } from '../../../domain/time-zone.js';
import { renderNotice, staleLine, wrapWidth } from '../../../render/notifications.js';
import { showControlsIn } from '../../../text/show-controls.js';
import { sinceOption } from '../../../cli/since-option.js';
import { fetchOne, openStatus } from '../shared/status-source.js';
import { adoptParentJson, printJson, type JsonRequest } from '../../../cli/json-output.js';
import type { ShowArguments, ShowOptions } from './options.js';

export const run: CommandRun<ShowOptions, ShowArguments> = async (ctx, args, opts, { command }) => {
  const id = (args[0] ?? '').trim();
  if (!id)
    throw new UsageError(
      'Give the id of a notification.',
      'The ids are on the "id:" lines of: ic-support notifications (or --closed)',
    );
  // Flags written before `show` are the noun's (commander gives them to it): they are show's all the same.
  const parent = command.parent?.opts() as (JsonRequest & { since?: string }) | undefined;
  adoptParentJson(opts, parent);
  const tz = userTimeZone(ctx.env);
  const sinceText = opts.since ?? parent?.since;
  const since = sinceOption(ctx.clock.now(), sinceText, tz);
  const src = await openStatus(ctx);
  // --json, --jq, or a profile whose `output` is json (resolved before the command ran).
  const json = Boolean(opts.json);
  let f;
  try {
    f = await fetchOne(ctx, src, id);
  } catch (e) {
    if (e instanceof NotFoundError) {
      throw new NotFoundError(
        `There is no notification "${id}" on ${src.url}.`,
        'The ids are on the "id:" lines of: ic-support notifications (open ones) and ic-support notifications --closed',
      );
    }
    throw e;
  }
  const n = since ? (filterSince([f.data], since)[0] ?? { ...f.data, updates: [] }) : f.data;
  if (f.stale) ctx.io.err(staleLine(f, ctx.clock.now(), tz, ctx.io.colorErr));
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
    await printJson(ctx, data, opts);
    return ExitCode.ok;
  }
  const staleAge = f.stale ? ctx.clock.now().getTime() - Date.parse(f.fetchedAt) : undefined;
  ctx.io.out(
    renderNotice(showControlsIn(n), since, staleAge, { tz, color: ctx.io.colorOut, width: wrapWidth(ctx.io) }),
  );
  return ExitCode.ok;
};
