/**
 * A light, read-only look at one profile's settings in config.json: node:fs and a hand-written
 * check of the same shape the store's zod schema accepts, no conf, no zod, no ajv (together
 * ~200 ms). Used when the environment supplies the portal URL and the token, so that a scripted
 * run does not pay for the store. Anything this reader is not sure about (a file that is not JSON,
 * a key it does not know, a value of the wrong type, an unreadable file) returns undefined: the
 * caller then opens the real store, which reports the problem exactly as before.
 */
import { readFileSync } from 'node:fs';
import { OUTPUT_FORMATS, PROFILE_NAME, type ProfileSettings } from './keys.js';
import { paths } from './paths.js';

const STRING_KEYS = ['portalUrl', 'notificationsUrl', 'account', 'caFile', 'httpTimeout'] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function validSettings(v: unknown): v is ProfileSettings {
  if (!isPlainObject(v)) return false;
  for (const [k, value] of Object.entries(v)) {
    if (value === undefined) continue;
    if (k === 'output') {
      if (!(OUTPUT_FORMATS as readonly unknown[]).includes(value)) return false;
    } else if (!(STRING_KEYS as readonly string[]).includes(k) || typeof value !== 'string') {
      return false;
    }
  }
  return true;
}

/**
 * The settings of `profile` from the config file, {} when there is no config file, or undefined
 * when the file needs the full store to be read or reported.
 */
export function readProfileSettings(env: NodeJS.ProcessEnv, profile: string): ProfileSettings | undefined {
  let text: string;
  try {
    text = readFileSync(paths(env).configFile, 'utf8');
  } catch (e) {
    // No config file: no settings, as the store would say (it creates nothing until a write).
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? {} : undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(data)) return undefined;
  for (const k of Object.keys(data)) if (k !== 'profiles') return undefined;
  const profiles = data.profiles === undefined ? {} : data.profiles;
  if (!isPlainObject(profiles)) return undefined;
  for (const [name, settings] of Object.entries(profiles)) if (!PROFILE_NAME.test(name) || !validSettings(settings)) return undefined;
  const found = Object.hasOwn(profiles, profile) ? (profiles[profile] as ProfileSettings) : {};
  return { ...found };
}
