/**
 * The entry point bundled as dist/cli.js, which bin/ic-support.cjs loads. It keeps the rest of the
 * CLI in chunks (dist/chunks/) that it loads through the code cache (compile-cache.ts). Tests and
 * other in-process callers use src/cli/run.ts directly; `run` is the same entry function from the
 * bundle, for the test that runs every command of the build in one process.
 */
import { join } from 'node:path';
import { useCompileCache, type ChunkSource } from './compile-cache.js';
import { paths } from '../config/paths.js';
import type { ProgramDeps } from './program.js';
import type { ProgramOutput } from './run.js';

let chunksHooked = false;

/** src/cli/run.ts's run, from the bundle: its chunks load as the executable loads them. */
export async function run(argv: string[], deps: ProgramDeps & ProgramOutput): Promise<number> {
  if (!chunksHooked) useCompileCache(join(__dirname, 'chunks'), paths(deps.env).cache);
  chunksHooked = true;
  return (await import('./run.js')).run(argv, deps);
}

/** package.json's version, written in by the build (scripts/build.mjs): no file to read at start. */
declare const IC_SUPPORT_VERSION: string;

/** `chunks`: where a one-file executable keeps the chunks (scripts/sea-main.cjs); files otherwise. */
export async function main(argv: string[], chunks?: ChunkSource): Promise<void> {
  useCompileCache(join(__dirname, 'chunks'), paths(process.env).cache, chunks);
  return (await import('./run.js')).main(argv, IC_SUPPORT_VERSION);
}
