/** Where the sandbox keeps its data by default: the same folder `--sandbox` uses, <state dir>/sandbox. */
import { resolve } from 'node:path';
import { paths } from '../../config/paths.js';

export function sandboxDataDir(env: NodeJS.ProcessEnv, given?: string): string {
  return given ? resolve(given) : paths(env).sandbox;
}
