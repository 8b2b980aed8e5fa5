import type { CommandRun } from '../../../cli/context.js';
import type { SetArguments } from './options.js';
import { ValidationError } from '../../../errors.js';
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
  const store = await ctx.config();
  store.set(profile, key, r.value);
  ctx.io.err(`Set ${key} = ${r.value} in profile "${profile}" (${store.paths.configFile}).\n`);
  if (key === 'portalUrl' && store.credential(profile) && store.credential(profile)!.portalUrl !== r.value) {
    ctx.io.err(
      `The stored sign-in is for another portal and will not be sent to this one: ic-support login${profile === 'default' ? '' : ` --profile ${profile}`}\n`,
    );
  }
};
