import type { CommandRun } from '../../../cli/context.js';
import { tokenFlow } from '../shared/token-flow.js';
import type { ResetPasswordOptions } from './options.js';

export const run: CommandRun<ResetPasswordOptions> = async (ctx, _args, opts) => {
  const client = await ctx.portal();
  return tokenFlow(ctx, opts, {
    verb: 'reset-password',
    what: 'password reset',
    request: (email) => client.requestPasswordReset(email),
    confirm: async (token, password) => {
      await client.confirmPasswordReset(token, password);
      return undefined;
    },
  });
};
