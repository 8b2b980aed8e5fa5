/** `ic-support notifications --check`: one Nagios-style line and its exit code, for monitoring. */
import type { Context } from '../../cli/context.js';
import { printJson, type JsonRequest } from '../../cli/json-output.js';
import { BadAnswerError, ExitCode } from '../../errors.js';
import { checkResult, formatAge } from '../../domain/notifications.js';
import type { Notifications } from '../../portal/schemas.js';
import { showControls, showControlsIn } from '../../text/show-controls.js';
import { CHECK_FIELDS, listJson } from './listing.js';
import { fetchList, unreachable, type Fetched, type StatusSource } from './shared/status-source.js';

export async function check(
  ctx: Context,
  src: StatusSource,
  json: JsonRequest | undefined,
  tz: string,
): Promise<number> {
  let f: Fetched<Notifications>;
  try {
    f = await fetchList(ctx, src, 'open');
  } catch (e) {
    // The status page broke the contract: for monitoring that is UNKNOWN too, not a failed check.
    if (!unreachable(e) && !(e instanceof BadAnswerError)) throw e;
    // A Nagios check always answers with one line; the status host being down is UNKNOWN.
    ctx.io.out(`IC-SUPPORT UNKNOWN - ${showControls(e.message)}\n`);
    if (e.hint) ctx.io.err(`${e.hint}\n`);
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
