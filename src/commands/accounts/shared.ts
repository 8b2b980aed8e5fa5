/** The user's districts ("accounts" in the portal) and their contacts: what --account and --contact accept. */
import type { Context } from '../../cli/context.js';
import { UsageError } from '../../errors.js';
import { closest, listing } from '../../domain/text.js';
import { matchDistricts } from '../../domain/account.js';
import type { District, Me } from '../../portal/schemas.js';

/**
 * A district the user named by id or name (any case), or by a part of its name that only one of
 * theirs has ("Valley"). An unknown one is the user's mistake: the message lists theirs, suggests
 * the nearest, and names the command that lists them; a part several share asks for more of it.
 */
export function findAccount(me: Pick<Me, 'districts'>, input: string, flag = '--account'): District {
  const found = matchDistricts(me.districts, input);
  if (found.length === 1) return found[0]!;
  if (found.length > 1)
    throw new UsageError(
      `${flag} "${input}" matches ${found.length} of your districts: ${listing(
        found.map((x) => `"${x.name}"`),
        'and',
      )}.`,
      'Give more of the name, or its id (see: ic-support accounts).',
    );
  const names = me.districts.map((x) => x.name);
  const near = closest(input.trim(), names);
  const yours = listing(
    me.districts.map((x) => `"${x.name}" (${x.id})`),
    'and',
  );
  throw new UsageError(
    `${flag} "${input}" is not one of your districts${near ? `; did you mean "${near}"?` : '.'}`,
    me.districts.length
      ? `Yours: ${yours}. List them with: ic-support accounts`
      : 'Your contact record has no district; ask your district to add you.',
  );
}

export async function signedInMe(ctx: Context): Promise<Me> {
  const client = await ctx.portal();
  return ctx.io.wait('Asking the portal for your districts', client.me());
}
