import type { CommandRun } from '../../../../cli/context.js';
import { printJson } from '../../../../cli/json-output.js';
import { formatPortalTime } from '../../../../domain/case-view.js';
import { parseInstant, userTimeZone } from '../../../../domain/time-zone.js';
import type { PersonalToken } from '../../../../portal/schemas.js';
import { showControlsIn } from '../../../../text/show-controls.js';
import { TOKEN_FIELDS, type ListOptions } from './options.js';

const state = (t: PersonalToken, now: number): string =>
  t.revokedAt ? 'revoked' : parseInstant(t.expiresAt) <= now ? 'expired' : 'active';

export const run: CommandRun<ListOptions> = async (ctx, _args, opts) => {
  const client = await ctx.portal();
  const tokens = await ctx.io.wait('Listing your tokens', client.listPersonalTokens());
  if (opts.json) return printJson(ctx, tokens, opts, TOKEN_FIELDS);
  if (!tokens.length) {
    ctx.io.err('No personal access tokens. Make one with: ic-support auth token create --name NAME\n');
    return;
  }
  const tz = userTimeZone(ctx.env);
  const now = Date.now();
  for (const t of tokens)
    ctx.io.out(
      `${[t.id, t.name, t.scope, state(t, now), formatPortalTime(t.expiresAt, tz)].map((v) => showControlsIn(v)).join('\t')}\n`,
    );
};
