/**
 * The entry point bundled as dist/cli.js, which bin/ic-support.cjs loads. It keeps the rest of the
 * CLI in chunks (dist/chunks/) that it loads through the code cache (compile-cache.ts). Tests and
 * other in-process callers use src/cli/run.ts directly.
 */
import { join } from 'node:path';
import { useCompileCache } from './compile-cache.js';
import { stateDir } from '../config/paths.js';

export async function main(argv: string[], version: string): Promise<void> {
  useCompileCache(join(__dirname, 'chunks'), stateDir(process.env));
  return (await import('./run.js')).main(argv, version);
}
