import type { CommandRun } from '../../../cli/context.js';
import type { PathOptions } from './options.js';
import { paths } from '../../../config/paths.js';

export const run: CommandRun<PathOptions> = async (ctx, _args, opts) => {
  const p = paths(ctx.env);
  ctx.io.out(`${opts.dir ? p.root : p.configFile}\n`);
};
