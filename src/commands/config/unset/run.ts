import type { CommandRun } from '../../../cli/context.js';
import type { UnsetArguments } from './options.js';
import { checkKey } from '../shared.js';

export const run: CommandRun<object, UnsetArguments> = async (ctx, [rawKey]) => {
  const key = checkKey(rawKey ?? '');
  const profile = ctx.profileName();
  const removed = (await ctx.config()).unset(profile, key);
  ctx.io.err(removed ? `Removed ${key} from profile "${profile}".\n` : `${key} was not set in profile "${profile}".\n`);
};
