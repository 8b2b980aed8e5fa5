/**
 * Where ic-support keeps its state: config, credentials, drafts, outbox, caches and the embedded
 * sandbox's data. `IC_SUPPORT_CONFIG_DIR` moves all of it (tests use it for isolation). Light on
 * purpose (node built-ins only): any command may call it without paying for conf.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { assertTrusted } from './trust.js';

export const APP_NAME = 'ic-support';

export interface StatePaths {
  /** The state folder itself (0700). */
  root: string;
  /** Profiles and their settings (conf). */
  configFile: string;
  /** Tokens, per profile (conf, 0600). */
  credentialsFile: string;
  drafts: string;
  outbox: string;
  cache: string;
  /** The embedded sandbox's data (`ic-support --sandbox …`). */
  sandbox: string;
}

/** The platform's config folder for ic-support, as env-paths would give it, without loading it. */
function platformConfigDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME, 'Config');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_NAME);
}

/** The folder that holds every piece of state. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.IC_SUPPORT_CONFIG_DIR;
  if (override !== undefined && override.trim() !== '') return resolve(override);
  return platformConfigDir(env);
}

/**
 * The environment with a relative IC_SUPPORT_CONFIG_DIR made absolute against `cwd`, the folder the
 * command runs in (ctx.cwd): the same folder whichever part of the CLI reads it, and, run in-process,
 * not the folder of the process around it.
 */
export function anchorStateDir(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const dir = env.IC_SUPPORT_CONFIG_DIR;
  if (dir === undefined || dir.trim() === '' || isAbsolute(dir)) return env;
  return { ...env, IC_SUPPORT_CONFIG_DIR: resolve(cwd, dir) };
}

export function paths(env: NodeJS.ProcessEnv = process.env): StatePaths {
  const root = stateDir(env);
  return {
    root,
    configFile: join(root, 'config.json'),
    credentialsFile: join(root, 'credentials.json'),
    drafts: join(root, 'drafts'),
    outbox: join(root, 'outbox'),
    cache: join(root, 'cache'),
    sandbox: join(root, 'sandbox'),
  };
}

/**
 * Creates the state folder (and a sub-folder of it) readable by the owner only. One that another
 * user owns or can write is refused (src/config/trust.ts); one of ours that others can read is
 * tightened: it holds tokens.
 */
export function ensurePrivateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  assertTrusted(dir, 'folder');
  try {
    const st = statSync(dir);
    if ((st.mode & 0o077) !== 0 && typeof process.getuid === 'function' && st.uid === process.getuid())
      chmodSync(dir, 0o700);
  } catch {
    // Best effort: a folder we cannot stat or chmod is reported by the write that follows.
  }
  return dir;
}

export function ensureStateDir(env: NodeJS.ProcessEnv = process.env): StatePaths {
  const p = paths(env);
  ensurePrivateDir(p.root);
  return p;
}
