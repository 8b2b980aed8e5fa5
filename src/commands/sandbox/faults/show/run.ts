import type { CommandRun } from '../../../../cli/context.js';
import { call, locate, print } from '../../shared/admin-call.js';
import { faultLine, type FaultState } from '../shared.js';
import type { ShowOptions } from './options.js';

export const run: CommandRun<ShowOptions> = async (ctx, _args, opts, { command }) => {
  const t = locate(ctx, command, opts);
  const s = (await call(ctx, t, 'GET', '/sandbox/v1/faults')) as FaultState;
  await print(ctx, t, s, faultLine(s));
};
