/**
 * Where ic-support keeps its state, in the folders each operating system means for each part:
 * - config (settings, credentials): $XDG_CONFIG_HOME/ic-support or ~/.config/ic-support on Linux,
 *   ~/Library/Preferences/ic-support on macOS, %APPDATA%\ic-support\Config on Windows (roams with
 *   the profile, as settings should);
 * - data (drafts, the outbox, the sandbox's data): $XDG_STATE_HOME/ic-support or
 *   ~/.local/state/ic-support, ~/Library/Application Support/ic-support,
 *   %LOCALAPPDATA%\ic-support\Data (not roamed: an outbox must not be sent from two machines);
 * - cache (V8 code cache, catalog, notifications, watch): $XDG_CACHE_HOME/ic-support or
 *   ~/.cache/ic-support, ~/Library/Caches/ic-support, %LOCALAPPDATA%\ic-support\Cache.
 * `IC_SUPPORT_CONFIG_DIR` moves all of it into one folder (the cache in its cache/; tests use it for
 * isolation). Before version 0.2 everything lived in the config folder: the first run moves the
 * drafts, the outbox, the sandbox and the caches from there (migrateLegacyState). Light on purpose
 * (node built-ins only): any command may call it without paying for conf.
 */
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { assertTrusted } from './trust.js';

export const APP_NAME = 'ic-support';

export interface StatePaths {
  /** The config folder (0700): settings and credentials. */
  root: string;
  /** The data folder (0700): drafts, the outbox, the sandbox. The config folder with IC_SUPPORT_CONFIG_DIR. */
  data: string;
  /** Profiles and their settings (conf). */
  configFile: string;
  /** Tokens, per profile (conf, 0600). */
  credentialsFile: string;
  drafts: string;
  outbox: string;
  /** The cache folder: the V8 code cache (v8/), the catalog, notifications, watch state. */
  cache: string;
  /** The embedded sandbox's data (`ic-support --sandbox …`). */
  sandbox: string;
}

export interface Layout {
  config: string;
  data: string;
  cache: string;
}

/** Each part's folder on this platform, as env-paths would give them, without loading it. */
export function platformLayout(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Layout {
  const home = env.HOME || homedir();
  if (platform === 'darwin') {
    const library = join(home, 'Library');
    return {
      config: join(library, 'Preferences', APP_NAME),
      data: join(library, 'Application Support', APP_NAME),
      cache: join(library, 'Caches', APP_NAME),
    };
  }
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
    return {
      config: join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME, 'Config'),
      data: join(local, APP_NAME, 'Data'),
      cache: join(local, APP_NAME, 'Cache'),
    };
  }
  // XDG: a relative value is to be ignored.
  const xdg = (name: string, fallback: string): string => {
    const v = env[name];
    return v && isAbsolute(v) ? v : fallback;
  };
  return {
    config: join(xdg('XDG_CONFIG_HOME', join(home, '.config')), APP_NAME),
    data: join(xdg('XDG_STATE_HOME', join(home, '.local', 'state')), APP_NAME),
    cache: join(xdg('XDG_CACHE_HOME', join(home, '.cache')), APP_NAME),
  };
}

function overridden(env: NodeJS.ProcessEnv): string | undefined {
  const override = env.IC_SUPPORT_CONFIG_DIR;
  return override !== undefined && override.trim() !== '' ? resolve(override) : undefined;
}

/** The config folder (with IC_SUPPORT_CONFIG_DIR: the folder that holds every part). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return overridden(env) ?? platformLayout(env).config;
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

/** The folders of the three parts: what ensurePrivateDir checks above a sub-folder it creates. */
const partRoots = new Set<string>();

export function paths(env: NodeJS.ProcessEnv = process.env): StatePaths {
  const one = overridden(env);
  const layout: Layout = one ? { config: one, data: one, cache: join(one, 'cache') } : platformLayout(env);
  if (!one) migrateOnce(layout);
  partRoots.add(layout.config).add(layout.data).add(layout.cache);
  return {
    root: layout.config,
    data: layout.data,
    configFile: join(layout.config, 'config.json'),
    credentialsFile: join(layout.config, 'credentials.json'),
    drafts: join(layout.data, 'drafts'),
    outbox: join(layout.data, 'outbox'),
    cache: layout.cache,
    sandbox: join(layout.data, 'sandbox'),
  };
}

/**
 * Creates a state folder (and its parents) readable by the owner only. One that another user owns
 * or can write is refused (src/config/trust.ts), and so is the config, data or cache folder it is
 * in; one of ours that others can read is tightened: it holds tokens and cases.
 */
export function ensurePrivateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const root of partRoots) if (root !== dir && dir.startsWith(`${root}${sep}`)) assertTrusted(root, 'folder');
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

// --- moving the state of versions before 0.2 out of the config folder

const migrated = new Set<string>();

function migrateOnce(layout: Layout): void {
  if (migrated.has(layout.config)) return;
  migrated.add(layout.config);
  // Nothing to move (every run after the first): a few stats, no more.
  if (!LEGACY.some(([name]) => existsSync(join(layout.config, name)))) return;
  try {
    migrateLegacyState(layout);
  } catch {
    // Left where it is, whole: the next run tries again. A part half moved is found by the
    // same steps (each is a rename, or a copy made whole before its source goes).
  }
}

/** What used to be in the config folder, and where it goes. */
const LEGACY: [string, keyof Layout, string][] = [
  ['drafts', 'data', 'drafts'],
  ['outbox', 'data', 'outbox'],
  ['sandbox', 'data', 'sandbox'],
  ['cache', 'cache', ''],
];

/** Every file-system change of the migration goes through one of these (tests fail it at each step). */
export interface MigrationSteps {
  step?: (what: string) => void;
}

/**
 * Moves drafts, outbox, sandbox and cache from the config folder to the data and cache folders.
 * Never copied-and-lost: a folder is renamed whole when its new place is free; otherwise each
 * entry is renamed into it, one by one; across file systems a file is copied to a temporary name,
 * renamed into place, and only then removed from the old place. Killed at any point, every entry
 * is in the old place, the new one, or (only across file systems) both with the same content; the
 * next run carries on. The outbox's entries name their attachment copies by absolute path: those
 * are rewritten (each entry atomically) to the new place before the entry moves.
 */
export function migrateLegacyState(layout: Layout, steps: MigrationSteps = {}): void {
  const step = steps.step ?? (() => undefined);
  for (const [name, part, sub] of LEGACY) {
    const from = join(layout.config, name);
    if (!isDir(from)) continue;
    const to = sub ? join(layout[part], sub) : layout[part];
    if (to === from) continue;
    assertTrusted(from, 'folder');
    if (name === 'outbox') repointOutbox(from, to, step);
    step(`folder ${layout[part]}`);
    ensurePrivateDir(layout[part]);
    moveInto(from, to, step);
  }
}

function isDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

function moveInto(from: string, to: string, step: (what: string) => void): void {
  step(`rename ${from}`);
  try {
    renameSync(from, to);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !existsSync(from)) return; // another process moved it first
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EXDEV' && code !== 'EPERM' && code !== 'EISDIR') throw e;
  }
  if (isDir(from)) {
    mkdirSync(to, { recursive: true, mode: 0o700 });
    for (const entry of readdirSync(from)) moveInto(join(from, entry), join(to, entry), step);
    step(`remove ${from}`);
    rmdirSync(from);
    return;
  }
  // A file whose new place is taken, or on another file system.
  if (existsSync(to)) {
    if (sameContent(from, to)) {
      step(`remove ${from}`);
      unlinkSync(from);
      return;
    }
    // Two different files of one name (the new version wrote one before the move): both kept.
    let n = 1;
    while (existsSync(`${to}.moved-${n}`)) n++;
    to = `${to}.moved-${n}`;
  }
  const part = join(dirname(to), `.${APP_NAME}-moving-${process.pid}`);
  step(`copy ${from}`);
  copyFileSync(from, part);
  step(`place ${to}`);
  renameSync(part, to);
  step(`remove ${from}`);
  unlinkSync(from);
}

function sameContent(a: string, b: string): boolean {
  try {
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

/** Each entry's attachment copies, named under `from`, renamed under `to` (the entry written whole). */
function repointOutbox(from: string, to: string, step: (what: string) => void): void {
  for (const f of readdirSync(from)) {
    if (!f.endsWith('.json') || f.startsWith('.')) continue;
    const file = join(from, f);
    let entry: { attachments?: { path?: unknown }[] };
    try {
      entry = JSON.parse(readFileSync(file, 'utf8')) as typeof entry;
    } catch {
      continue; // a damaged entry is the outbox's to report, as it is
    }
    let changed = false;
    for (const a of entry.attachments ?? []) {
      if (typeof a.path !== 'string') continue;
      const r = relative(from, a.path);
      if (r === '' || r.startsWith('..') || isAbsolute(r)) continue;
      a.path = join(to, r);
      changed = true;
    }
    if (!changed) continue;
    const tmp = join(from, `.${f}.${process.pid}.tmp`);
    step(`repoint ${file}`);
    writeFileSync(tmp, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }
}
