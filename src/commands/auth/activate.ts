import type { CommandRun } from '../../cli/context.js';
import { tokenFlow, type TokenFlowOptions } from './token-flow.js';

export const run: CommandRun<TokenFlowOptions> = async (ctx, _args, opts) => {
  const client = await ctx.portal();
  return tokenFlow(ctx, opts, {
    verb: 'activate',
    what: 'activation',
    request: (email) => client.requestActivation(email),
    confirm: (token, password) => client.confirmActivation(token, password),
  });
};
