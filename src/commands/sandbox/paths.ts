/** Where the sandbox keeps its data by default: the same folder `--sandbox` uses, <state dir>/sandbox. */
import { resolve } from 'node:path';
import { paths } from '../../config/paths.js';

/** `cwd`: the folder a relative --data-dir is taken from (the command's ctx.cwd). */
export function sandboxDataDir(env: NodeJS.ProcessEnv, given: string | undefined, cwd: string): string {
  return given ? resolve(cwd, given) : paths(env).sandbox;
}
