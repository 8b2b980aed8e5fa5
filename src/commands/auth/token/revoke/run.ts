import type { CommandRun } from '../../../../cli/context.js';
import type { RevokeOptions } from './options.js';

export const run: CommandRun<RevokeOptions, [string]> = async (ctx, [id], _opts) => {
  const client = await ctx.portal();
  await ctx.io.wait(`Revoking token ${id}`, client.revokePersonalToken(id.trim()));
  ctx.io.err(`Revoked token ${id}: a job that uses it is refused from now on.\n`);
};
