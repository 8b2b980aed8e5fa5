import type { CommandRun } from '../../../cli/context.js';
import { tokenFlow } from '../shared/token-flow.js';
import type { ActivateOptions } from './options.js';

export const run: CommandRun<ActivateOptions> = async (ctx, _args, opts) => {
  const client = await ctx.portal();
  return tokenFlow(ctx, opts, {
    verb: 'activate',
    what: 'activation',
    request: (email) => client.requestActivation(email),
    confirm: (token, password) => client.confirmActivation(token, password),
  });
};
