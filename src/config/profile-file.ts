/**
 * A light, read-only look at one profile's settings (config.json) and token (credentials.json):
 * node:fs and a hand-written check of the same shapes the store's zod schemas accept, no conf, no
 * zod, no ajv (together ~200 ms). Every command that only reads its settings uses it; the store
 * (src/config/store.ts) is opened to write. Anything this reader is not sure about (a file that is
 * not JSON, a key it does not know, a value of the wrong type, an unreadable file) returns
 * undefined: the caller then opens the real store, which reports the problem exactly as before.
 */
import { OUTPUT_FORMATS, PROFILE_NAME, type ProfileSettings } from './keys.js';
import { paths } from './paths.js';
import { readTrustedFileSync } from './trust.js';
import type { StoredCredential } from './store.js';

const STRING_KEYS = ['portalUrl', 'notificationsUrl', 'account', 'caFile', 'httpTimeout'] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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

const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';

function validCredential(v: unknown): v is StoredCredential {
  if (!isPlainObject(v)) return false;
  for (const k of Object.keys(v)) if (!['token', 'portalUrl', 'expiresAt', 'email'].includes(k)) return false;
  return (
    typeof v.token === 'string' &&
    v.token.length > 0 &&
    typeof v.portalUrl === 'string' &&
    optionalString(v.expiresAt) &&
    optionalString(v.email)
  );
}

/**
 * The `profiles` of one of the store's files when every entry passes `valid`: {} when there is no
 * file (the store creates nothing until a write), undefined when the store must read or report it.
 */
function readProfiles(
  file: string,
  valid: (name: string, entry: unknown) => boolean,
): Record<string, unknown> | undefined {
  let text: string;
  // A folder or file another user controls, or a link: the store reports it.
  try {
    text = readTrustedFileSync(file, { bytes: 1024 * 1024, what: 'a settings file' }).toString('utf8');
  } catch (e) {
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
  for (const [name, entry] of Object.entries(profiles)) if (!valid(name, entry)) return undefined;
  return profiles;
}

/** The settings of `profile` ({} when it has none), or undefined when the store must read the file. */
export function readProfileSettings(env: NodeJS.ProcessEnv, profile: string): ProfileSettings | undefined {
  const profiles = readProfiles(paths(env).configFile, (name, s) => PROFILE_NAME.test(name) && validSettings(s));
  if (!profiles) return undefined;
  return { ...(Object.hasOwn(profiles, profile) ? (profiles[profile] as ProfileSettings) : {}) };
}

/** The stored token of `profile` (`credential` undefined when it has none), or undefined when the store must read the file. */
export function readStoredCredential(
  env: NodeJS.ProcessEnv,
  profile: string,
): { credential: StoredCredential | undefined } | undefined {
  const profiles = readProfiles(paths(env).credentialsFile, (_name, c) => validCredential(c));
  if (!profiles) return undefined;
  return { credential: Object.hasOwn(profiles, profile) ? { ...(profiles[profile] as StoredCredential) } : undefined };
}
