import type { CommandRun } from '../../../cli/context.js';
import { call, locate, pick, print } from '../shared/admin-call.js';
import type { CountOptions } from './options.js';

export const run: CommandRun<CountOptions> = async (ctx, _args, opts, { command }) => {
  const t = locate(ctx, command, opts);
  const q = new URLSearchParams(
    pick(opts, { account: 'account', subject: 'subject', search: 'q' }) as Record<string, string>,
  ).toString();
  const data = (await call(ctx, t, 'GET', `/sandbox/v1/cases/count${q ? `?${q}` : ''}`)) as { count: number };
  await print(ctx, t, data, String(data.count));
};
