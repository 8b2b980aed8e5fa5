import type { CommandRun } from '../../../cli/context.js';
import type { SetArguments } from './options.js';
import { AuthError, CliError, UnavailableError, UsageError, ValidationError } from '../../../errors.js';
import { CONFIG_KEYS } from '../../../config/keys.js';
import { checkKey } from '../shared.js';

export const run: CommandRun<object, SetArguments> = async (ctx, [rawKey, raw]) => {
  const key = checkKey(rawKey ?? '');
  const def = CONFIG_KEYS[key];
  const r = def.parse(raw ?? '', ctx.cwd);
  if (!r.ok)
    throw new ValidationError(
      [{ field: key, message: r.message }],
      undefined,
      `Example: ic-support config set ${key} ${JSON.stringify(def.example)}`,
    );
  const profile = ctx.profileName();
  const value = key === 'account' ? await checkedAccount(ctx, r.value) : r.value;
  const store = await ctx.config();
  store.set(profile, key, value);
  ctx.io.err(`Set ${key} = ${value} in profile "${profile}" (${store.paths.configFile}).\n`);
  if (key === 'portalUrl' && store.credential(profile) && store.credential(profile)!.portalUrl !== value) {
    ctx.io.err(
      `The stored sign-in is for another portal and will not be sent to this one: ic-support login${profile === 'default' ? '' : ` --profile ${profile}`}\n`,
    );
  }
};

/**
 * The account checked as --account is (src/commands/accounts/shared.ts findAccount: an id, a name
 * or a part of a name only one district has), stored by the district's full name. Without a
 * portal to ask (no portal URL, not signed in, unreachable) it is stored as given, with a note.
 */
async function checkedAccount(ctx: Parameters<CommandRun<object, SetArguments>>[0], given: string): Promise<string> {
  const { findAccount, signedInMe } = await import('../../accounts/shared.js');
  let me;
  try {
    me = await signedInMe(ctx);
  } catch (e) {
    const offline = e instanceof AuthError || e instanceof UnavailableError || e instanceof UsageError;
    if (!(e instanceof CliError) || !offline) throw e;
    ctx.io.err(
      `note: account "${given}" is not checked against your districts (${e.message}); it is checked when used.\n`,
    );
    return given;
  }
  return findAccount(me, given, 'account').name;
}
