import type { CommandRun } from '../../../cli/context.js';
import type { GetArguments } from './options.js';
import { ExitCode } from '../../../errors.js';
import { checkKey } from '../shared.js';

export const run: CommandRun<object, GetArguments> = async (ctx, [rawKey]) => {
  const key = checkKey(rawKey ?? '');
  const profile = ctx.profileName();
  const value = (await ctx.config()).profile(profile)[key];
  if (value === undefined) {
    ctx.io.err(`${key} is not set in profile "${profile}".\n`);
    return ExitCode.notFound;
  }
  ctx.io.out(`${value}\n`);
};
