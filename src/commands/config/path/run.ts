import type { CommandRun } from '../../../cli/context.js';
import type { PathOptions } from './options.js';
import { paths } from '../../../config/paths.js';

export const run: CommandRun<PathOptions> = async (ctx, _args, opts) => {
  const p = paths(ctx.env);
  if (opts.all) {
    const parts: [string, string][] = [
      ['config', p.root],
      ['settings', p.configFile],
      ['credentials', p.credentialsFile],
      ['data', p.data],
      ['drafts', p.drafts],
      ['outbox', p.outbox],
      ['sandbox', p.sandbox],
      ['cache', p.cache],
    ];
    ctx.io.out(parts.map(([k, v]) => `${k}\t${v}\n`).join(''));
    return;
  }
  ctx.io.out(`${opts.dir ? p.root : p.configFile}\n`);
};
