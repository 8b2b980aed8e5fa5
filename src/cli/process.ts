/** Process-level behaviour of the CLI run by the executable (src/cli/run.ts main). Light. */
import { existsSync } from 'node:fs';
import type { IOStreams } from '../io/iostreams.js';
import { paths } from '../config/paths.js';

/** `ic-support … | head`: the reader left; stop quietly, as other command-line tools do. */
export function quietOnEpipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
}

/** Every command but the outbox's own says, on stderr, when cases wait in the outbox. */
export async function mentionOutbox(env: NodeJS.ProcessEnv, io: Pick<IOStreams, 'err'>): Promise<void> {
  const dir = paths(env).outbox;
  // No outbox folder, nothing waiting: spare every command the outbox module (and node:crypto).
  if (!existsSync(dir)) return;
  const { pendingCount } = await import('../state/outbox.js');
  const n = pendingCount(dir);
  if (n > 0) io.err(`Note: ${n} case${n === 1 ? '' : 's'} wait${n === 1 ? 's' : ''} in the outbox; send with: ic-support outbox send\n`);
}
