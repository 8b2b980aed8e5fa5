import type { CommandRun } from '../../../../cli/context.js';
import { call, locate, print } from '../../shared/admin-call.js';
import type { ClearOptions } from './options.js';

export const run: CommandRun<ClearOptions> = async (ctx, _args, opts, { command }) => {
  const t = locate(ctx, command, opts);
  await call(ctx, t, 'DELETE', '/sandbox/v1/faults');
  await print(ctx, t, { cleared: true }, 'Faults cleared.');
};
