import { UsageError } from '../../errors.js';
import { closest } from '../../domain/text.js';
import { CONFIG_KEYS, SECRET_LIKE_KEYS, isConfigKey, type ConfigKey } from '../../config/keys.js';

export function checkKey(key: string): ConfigKey {
  if (isConfigKey(key)) return key;
  if (SECRET_LIKE_KEYS.some((s) => key.toLowerCase().includes(s))) {
    throw new UsageError(
      `"${key}" is not a setting: secrets are never given on the command line.`,
      'Sign in with: ic-support login (it stores the token); in CI, set IC_SUPPORT_TOKEN.',
    );
  }
  const keys = Object.keys(CONFIG_KEYS);
  const near = keys.find((k) => k.toLowerCase() === key.toLowerCase()) ?? closest(key, keys);
  throw new UsageError(
    `"${key}" is not a setting.`,
    `${near ? `Did you mean ${near}? ` : ''}Settings: ${keys.join(', ')} (see: ic-support config --help)`,
  );
}
