/** Process-level behaviour of the CLI run by the executable (src/cli/run.ts main). Light. */
import { existsSync } from 'node:fs';
import type { IOStreams } from '../io/iostreams.js';
import { paths } from '../config/paths.js';

/**
 * `ic-support … | head`: the reader left; stop quietly, as other command-line tools do. The
 * handler goes on each stream when the process first asks for it: `process.stdout` and
 * `process.stderr` are made on first use, and making one costs ~2 ms (the stream classes, and for
 * a pipe node:net), which a command that never writes to stderr need not pay.
 */
export function quietOnEpipe(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const made = Object.getOwnPropertyDescriptor(process, name);
    const quiet = (stream: NodeJS.WriteStream): NodeJS.WriteStream =>
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw e;
      });
    if (!made?.get || !made.configurable) {
      quiet(process[name]);
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: made.enumerable ?? true,
      get() {
        const stream = quiet(made.get!.call(process) as NodeJS.WriteStream);
        Object.defineProperty(process, name, { configurable: true, enumerable: made.enumerable ?? true, writable: false, value: stream });
        return stream;
      },
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
