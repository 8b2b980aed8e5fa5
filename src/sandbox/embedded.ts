/**
 * `ic-support --sandbox <command>`: the sandbox portal (src/sandbox) started in this process on an
 * ephemeral loopback port, its data in `<state dir>/sandbox`, for a zero-setup first run. Loaded
 * with a dynamic import so that the sandbox (SQLite and all) is a chunk of its own.
 */
import { CliError, ExitCode } from '../errors.js';
import { ensurePrivateDir } from '../config/paths.js';
import type { Sandbox, startSandbox } from './index.js';
import { removeFolder } from '../text/shell-commands.js';

/** The running sandbox, as src/sandbox describes it (a type-only import: nothing loads at start-up). */
export type SandboxHandle = Sandbox;

interface SandboxModule {
  startSandbox: typeof startSandbox;
}

export async function startEmbeddedSandbox(dataDir: string): Promise<SandboxHandle> {
  let mod: Partial<SandboxModule>;
  try {
    mod = (await import('./index.js')) as unknown as Partial<SandboxModule>;
  } catch (e) {
    throw new CliError(
      `Could not load the sandbox: ${(e as Error).message}`,
      ExitCode.internal,
      'Reinstall ic-support (npm ci).',
    );
  }
  if (typeof mod.startSandbox !== 'function')
    throw new CliError('This build of ic-support has no sandbox.', ExitCode.internal, 'Rebuild it: npm run build');
  ensurePrivateDir(dataDir);
  try {
    return await mod.startSandbox({ port: 0, host: '127.0.0.1', dataDir, announce: false });
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(
      `Could not start the sandbox in ${dataDir}: ${(e as Error).message}`,
      ExitCode.internal,
      `If its data is damaged, remove the folder and try again: ${removeFolder(dataDir)}`,
    );
  }
}
