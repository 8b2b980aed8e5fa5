/** The shell scripts (scripts.ts): each asks `ic-support __complete` for candidates, so they never go stale. */
import type { CommandRun } from '../../cli/context.js';
import type { CompletionArguments } from './options.js';
import { scripts } from './scripts.js';

export const run: CommandRun<object, CompletionArguments> = async (ctx, [shell]) => {
  ctx.io.out(scripts[shell]);
};
