/** Where the sandbox keeps its data by default: the same folder `--sandbox` uses, <state dir>/sandbox. */
import { resolve } from 'node:path';
import { paths } from '../../config/paths.js';
import type { ReadLimit } from '../../input/bounded-read.js';

/** The sandbox's own small files (sandbox.json, admin-key): a few hundred bytes each, read capped. */
export const SANDBOX_FILE_LIMIT: ReadLimit = {
  bytes: 64 * 1024,
  what: "a sandbox's record file",
  hint: 'ic-support sandbox writes it; remove it and start the sandbox again (ic-support sandbox --reset).',
};

/** `cwd`: the folder a relative --data-dir is taken from (the command's ctx.cwd). */
export function sandboxDataDir(env: NodeJS.ProcessEnv, given: string | undefined, cwd: string): string {
  return given ? resolve(cwd, given) : paths(env).sandbox;
}
