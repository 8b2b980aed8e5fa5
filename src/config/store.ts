/**
 * The config and credential store, on conf: `config.json` (profiles and their settings) and
 * `credentials.json` (one token per profile), both 0600 from the first write, in a 0700 folder.
 * Tokens live apart from settings so that `config list` or a pasted config file never shows one.
 * Import this module only in commands that need it: conf costs ~110-170 ms to load.
 */
import Conf from 'conf';
import * as z from 'zod';
import { FileProblemError, UsageError } from '../errors.js';
import { ensureStateDir, paths, type StatePaths } from './paths.js';
import { stateDirProblem } from './state-errors.js';
import { assertTrusted } from './trust.js';
import { makePrivate, moveFile } from '../text/shell-commands.js';
import {
  CONFIG_KEYS,
  OUTPUT_FORMATS,
  PROFILE_NAME,
  isConfigKey,
  type ConfigKey,
  type ProfileSettings,
} from './keys.js';

export interface StoredCredential {
  token: string;
  /** The portal that issued it: a token is never sent to another one. */
  portalUrl: string;
  expiresAt?: string | undefined;
  email?: string | undefined;
}

export interface ConfigStore {
  readonly paths: StatePaths;
  profileNames(): string[];
  profile(name: string): ProfileSettings;
  set(profile: string, key: ConfigKey, value: string): void;
  unset(profile: string, key: ConfigKey): boolean;
  credential(profile: string): StoredCredential | undefined;
  setCredential(profile: string, cred: StoredCredential): void;
  deleteCredential(profile: string): boolean;
}

const settingsSchema = z
  .object({
    portalUrl: z.string().optional(),
    notificationsUrl: z.string().optional(),
    account: z.string().optional(),
    output: z.enum(OUTPUT_FORMATS).optional(),
    caFile: z.string().optional(),
    httpTimeout: z.string().optional(),
  })
  .strict();
const configFileSchema = z
  .object({ profiles: z.record(z.string().regex(PROFILE_NAME), settingsSchema).default({}) })
  .strict();
const credentialSchema = z
  .object({
    token: z.string().min(1),
    portalUrl: z.string(),
    expiresAt: z.string().optional(),
    email: z.string().optional(),
  })
  .strict();
const credentialsFileSchema = z.object({ profiles: z.record(z.string(), credentialSchema).default({}) }).strict();

type ConfigFile = z.infer<typeof configFileSchema>;
type CredentialsFile = z.infer<typeof credentialsFileSchema>;

const repairHint = (file: string, what: string): string =>
  `Repair it in an editor, or move it aside to start over (${what}): ${moveFile(file, `${file}.broken`)}`;

/** Opens one conf file, turning "not JSON" and "not our shape" into a message naming the file. */
function openFile<T>(
  p: StatePaths,
  configName: 'config' | 'credentials',
  schema: z.ZodType<T>,
  what: string,
): { conf: Conf<Record<string, unknown>>; data: () => T } {
  const file = configName === 'config' ? p.configFile : p.credentialsFile;
  let conf: Conf<Record<string, unknown>>;
  try {
    conf = new Conf<Record<string, unknown>>({
      cwd: p.root,
      configName,
      configFileMode: 0o600,
      accessPropertiesByDotNotation: false,
      clearInvalidConfig: false,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.name === 'SyntaxError')
      throw new FileProblemError(file, `not valid JSON (${err.message.split('\n')[0]})`, repairHint(file, what));
    if (err.code === 'EACCES' || err.code === 'EPERM')
      throw new FileProblemError(file, 'permission denied', `Make it readable by you: ${makePrivate(file, 'file')}`);
    throw new FileProblemError(file, err.message, repairHint(file, what));
  }
  const data = (): T => {
    let raw: unknown;
    try {
      raw = conf.store;
    } catch (e) {
      throw new FileProblemError(
        file,
        `not valid JSON (${(e as Error).message.split('\n')[0]})`,
        repairHint(file, what),
      );
    }
    const r = schema.safeParse(raw);
    if (!r.success) {
      const first = r.error.issues[0];
      const where = first && first.path.length ? first.path.join('.') : '(top level)';
      throw new FileProblemError(
        file,
        `not a valid ic-support ${configName} file: ${where}: ${first?.message ?? 'unexpected shape'}`,
        repairHint(file, what),
      );
    }
    return r.data;
  };
  return { conf, data };
}

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name))
    throw new UsageError(
      `--profile "${name}" is not a valid profile name`,
      'Use letters, digits, "-" and "_" (at most 64), starting with a letter or digit.',
    );
  return name;
}

/** Opens (creating when missing) the config and credential files under the state folder. */
export function openConfigStore(env: NodeJS.ProcessEnv): ConfigStore {
  let p: StatePaths;
  try {
    p = ensureStateDir(env);
  } catch (e) {
    if (e instanceof FileProblemError) throw e;
    throw stateDirProblem(paths(env).root, e as NodeJS.ErrnoException);
  }
  assertTrusted(p.configFile, 'file');
  const cfg = openFile<ConfigFile>(
    p,
    'config',
    configFileSchema as z.ZodType<ConfigFile>,
    'your profiles and settings will be reset',
  );
  let creds: ReturnType<typeof openFile<CredentialsFile>> | undefined;
  // The credentials file is opened only when a token is needed.
  // Checked at every use, reads and writes alike: conf reads and writes through a symbolic link.
  const credFile = () => {
    assertTrusted(p.credentialsFile, 'secret file');
    return (creds ??= openFile<CredentialsFile>(
      p,
      'credentials',
      credentialsFileSchema as z.ZodType<CredentialsFile>,
      'you will need to sign in again',
    ));
  };
  // Validate the settings now: a broken file is reported before any work is done.
  cfg.data();

  return {
    paths: p,
    profileNames: () => Object.keys(cfg.data().profiles).sort(),
    profile: (name) => ({ ...(cfg.data().profiles[name] ?? {}) }),
    set(profile, key, value) {
      const d = cfg.data();
      const prof: ProfileSettings = { ...(d.profiles[profile] ?? {}) };
      (prof as Record<string, string>)[key] = value;
      cfg.conf.set('profiles', { ...d.profiles, [profile]: prof });
    },
    unset(profile, key) {
      const d = cfg.data();
      const prof = { ...(d.profiles[profile] ?? {}) } as Record<string, string>;
      if (!(key in prof)) return false;
      delete prof[key];
      cfg.conf.set('profiles', { ...d.profiles, [profile]: prof });
      return true;
    },
    credential: (profile) => credFile().data().profiles[profile],
    setCredential(profile, cred) {
      const c = credFile();
      const clean: StoredCredential = { token: cred.token, portalUrl: cred.portalUrl };
      if (cred.expiresAt) clean.expiresAt = cred.expiresAt;
      if (cred.email) clean.email = cred.email;
      c.conf.set('profiles', { ...c.data().profiles, [profile]: clean });
    },
    deleteCredential(profile) {
      const c = credFile();
      const all = { ...c.data().profiles };
      if (!(profile in all)) return false;
      delete all[profile];
      c.conf.set('profiles', all);
      return true;
    },
  };
}

/**
 * A store whose credentials live in memory only, over another store's settings: the embedded
 * sandbox signs in without touching the tokens of the user's real profiles.
 */
export function withMemoryCredentials(base: ConfigStore): ConfigStore {
  const mem = new Map<string, StoredCredential>();
  return {
    ...base,
    credential: (p) => mem.get(p),
    setCredential: (p, c) => void mem.set(p, c),
    deleteCredential: (p) => mem.delete(p),
  };
}

export { CONFIG_KEYS, isConfigKey };
