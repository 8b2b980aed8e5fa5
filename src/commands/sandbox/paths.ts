/** Where the sandbox keeps its data by default: <state dir>/sandbox. */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The state directory: $IC_SUPPORT_CONFIG_DIR, else $XDG_STATE_HOME/ic-support, else ~/.local/state/ic-support. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  if (env.IC_SUPPORT_CONFIG_DIR) return resolve(env.IC_SUPPORT_CONFIG_DIR);
  if (env.XDG_STATE_HOME) return join(resolve(env.XDG_STATE_HOME), 'ic-support');
  return join(env.HOME || homedir(), '.local', 'state', 'ic-support');
}

export function sandboxDataDir(env: NodeJS.ProcessEnv, given?: string): string {
  return given ? resolve(given) : join(stateDir(env), 'sandbox');
}
