import type { CommandRun } from '../../../../cli/context.js';
import { UsageError } from '../../../../errors.js';
import { call, locate, pick, print } from '../../shared/admin-call.js';
import { describe, TIME_FIELDS, type Notification } from '../shared.js';
import type { UpdateArguments, UpdateOptions } from './options.js';

export const run: CommandRun<UpdateOptions, UpdateArguments> = async (ctx, [id], opts, { command }) => {
  const t = locate(ctx, command, opts);
  const patch = pick(opts, TIME_FIELDS);
  if (!Object.keys(patch).length)
    throw new UsageError('Nothing to change: give --title, --status, --starts-at or --ends-at.');
  const n = (await call(ctx, t, 'PATCH', `/sandbox/v1/notifications/${encodeURIComponent(id)}`, patch)) as Notification;
  await print(ctx, t, n, `Updated ${describe(n)}`);
};
