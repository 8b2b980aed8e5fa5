import type { CommandRun } from '../../../../cli/context.js';
import { call, locate, pick, print } from '../../shared/admin-call.js';
import { describe, TIME_FIELDS, type Notification } from '../shared.js';
import type { PostOptions } from './options.js';

export const run: CommandRun<PostOptions> = async (ctx, _args, opts, { command }) => {
  const t = locate(ctx, command, opts);
  const n = (await call(ctx, t, 'POST', '/sandbox/v1/notifications', {
    kind: opts.kind,
    ...pick(opts, { ...TIME_FIELDS, body: 'body' }),
  })) as Notification;
  await print(ctx, t, n, `Posted ${describe(n)}`);
};
