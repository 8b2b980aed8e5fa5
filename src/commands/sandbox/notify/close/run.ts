import type { CommandRun } from '../../../../cli/context.js';
import { call, locate, pick, print } from '../../shared/admin-call.js';
import { describe, type Notification } from '../shared.js';
import type { CloseArguments, CloseOptions } from './options.js';

export const run: CommandRun<CloseOptions, CloseArguments> = async (ctx, [id], opts, { command }) => {
  const t = locate(ctx, command, opts);
  const n = (await call(
    ctx,
    t,
    'POST',
    `/sandbox/v1/notifications/${encodeURIComponent(id)}/close`,
    pick(opts, { body: 'body', status: 'status' }),
  )) as Notification;
  await print(ctx, t, n, `Closed ${describe(n)}`);
};
