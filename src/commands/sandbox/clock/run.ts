import type { CommandRun } from '../../../cli/context.js';
import { UsageError } from '../../../errors.js';
import { formatPortalTime, userTimeZone } from '../../../domain/time-zone.js';
import { call, locate, print } from '../shared/admin-call.js';
import type { ClockOptions } from './options.js';

export const run: CommandRun<ClockOptions> = async (ctx, _args, opts, { command }) => {
  const t = locate(ctx, command, opts);
  let body: { days: number } | undefined;
  if (opts.advanceDays !== undefined) {
    const v = opts.advanceDays.trim();
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 3650)
      throw new UsageError(
        `--advance-days must be a whole number of days from 1 to 3650, not "${opts.advanceDays}".`,
        'For example: --advance-days 15',
      );
    body = { days: Number(v) };
  }
  const c = (await call(ctx, t, body ? 'POST' : 'GET', '/sandbox/v1/clock', body)) as {
    now: string;
    today: string;
    offsetDays: number;
  };
  await print(
    ctx,
    t,
    c,
    `Sandbox clock: ${formatPortalTime(c.now, userTimeZone(ctx.env))} (today ${c.today}; ${c.offsetDays} day${c.offsetDays === 1 ? '' : 's'} ahead of real time).`,
  );
};
