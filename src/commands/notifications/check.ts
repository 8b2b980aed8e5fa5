/** `ic-support notifications --check`: one Nagios-style line and its exit code, for monitoring. */
import type { Context } from '../../cli/context.js';
import { printJson, type JsonRequest } from '../../cli/json-output.js';
import { CliError, ExitCode } from '../../errors.js';
import { checkResult, formatAge, unreadableTime } from '../../domain/notifications.js';
import type { Notifications } from '../../portal/schemas.js';
import { showControls, showControlsIn } from '../../text/show-controls.js';
import { CHECK_FIELDS, listJson } from './listing.js';
import { fetchList, type Fetched, type StatusSource } from './shared/status-source.js';

const NOTIFICATIONS_URL_HINT =
  'Is notificationsUrl the Infinite Campus Notifications page? Check it with: ic-support config get notificationsUrl';

export async function check(
  ctx: Context,
  src: StatusSource,
  json: JsonRequest | undefined,
  tz: string,
  warnBeforeMs: number,
): Promise<number> {
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
      `IC-SUPPORT UNKNOWN - the Notifications page ${src.url} answered times that cannot be read (${showControls(unreadable)})\n`,
    );
    ctx.io.err(`${NOTIFICATIONS_URL_HINT}\n`);
    return ExitCode.unavailable;
  }
  const r = checkResult(showControlsIn(f.data.notifications), tz, ctx.clock.now(), warnBeforeMs);
  if (f.stale) {
    const age = formatAge(ctx.clock.now().getTime() - Date.parse(f.fetchedAt));
    const line = `IC-SUPPORT UNKNOWN - cannot reach the Notifications page ${src.url} (${f.reason ?? 'unavailable'}); last known state from ${new URL(f.url).host}, fetched ${age} ago: ${r.line.replace(/^IC-SUPPORT /, '')}`;
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
