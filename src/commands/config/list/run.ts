import type { CommandRun } from '../../../cli/context.js';
import type { ListOptions } from './options.js';
import { CONFIG_KEYS, type ConfigKey } from '../../../config/keys.js';
import { styler } from '../../../io/style.js';
import { printJson } from '../../../cli/json-output.js';

export const run: CommandRun<ListOptions> = async (ctx, _args, opts) => {
  const profile = ctx.profileName();
  const store = await ctx.config();
  const settings = store.profile(profile);
  const profiles = [...new Set([...store.profileNames(), profile])].sort();
  const signedIn = store.credential(profile);
  if (opts.json) {
    const data = {
      profile,
      profiles,
      settings,
      signedIn: signedIn
        ? { portalUrl: signedIn.portalUrl, email: signedIn.email ?? null, expiresAt: signedIn.expiresAt ?? null }
        : null,
    };
    await printJson(ctx, data, opts);
    return;
  }
  const s = styler(ctx.io.colorOut);
  const lines = [`${s.bold(`profile "${profile}"`)}  (profiles: ${profiles.join(', ')})`];
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const v = settings[key];
    lines.push(`${key.padEnd(17)} ${v ?? s.dim('(not set)')}`);
  }
  lines.push(
    `${'signed in'.padEnd(17)} ${signedIn ? `${signedIn.email ?? 'yes'} at ${signedIn.portalUrl}` : s.dim('no')}`,
  );
  ctx.io.out(`${lines.join('\n')}\n`);
};
