import type { CommandRun } from '../../../cli/context.js';
import { call, locate, pick, print } from '../shared/admin-call.js';
import type { CommentArguments, CommentOptions } from './options.js';

export const run: CommandRun<CommentOptions, CommentArguments> = async (ctx, [number], opts, { command }) => {
  const t = locate(ctx, command, opts);
  const c = (await call(
    ctx,
    t,
    'POST',
    `/sandbox/v1/cases/${encodeURIComponent(number)}/comments`,
    pick(opts, { body: 'body', status: 'status' }),
  )) as { id: string };
  await print(ctx, t, c, `Added vendor comment ${c.id} to case ${number}.`);
};
