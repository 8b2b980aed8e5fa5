import type { CommandRun } from '../../../cli/context.js';
import { call, locate, print } from '../shared/admin-call.js';
import type { ResolveArguments, ResolveOptions } from './options.js';

export const run: CommandRun<ResolveOptions, ResolveArguments> = async (ctx, [number], opts, { command }) => {
  const t = locate(ctx, command, opts);
  const c = (await call(ctx, t, 'POST', `/sandbox/v1/cases/${encodeURIComponent(number)}/resolve`, {
    resolution: opts.resolution,
  })) as { number: string; status: string };
  await print(ctx, t, c, `Case ${c.number} is ${c.status}, with the resolution.`);
};
