/** The user's districts ("accounts" in the portal) and their contacts: what --account and --contact accept. */
import type { Context } from '../../cli/context.js';
import { UsageError } from '../../errors.js';
import { closest, listing } from '../../domain/text.js';
import { findDistrict } from '../../domain/account.js';
import type { District, Me } from '../../portal/schemas.js';

/**
 * A district the user named by id or name (any case). An unknown one is the user's mistake: the
 * message lists theirs, suggests the nearest, and names the command that lists them.
 */
export function findAccount(me: Pick<Me, 'districts'>, input: string, flag = '--account'): District {
  const want = input.trim().toLowerCase();
  const d = findDistrict(me.districts, input);
  if (d) return d;
  const names = me.districts.map((x) => x.name);
  const near = names.find((n) => want.length >= 3 && n.toLowerCase().startsWith(want)) ?? closest(input.trim(), names);
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
