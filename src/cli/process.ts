/** Process-level behavior of the CLI run by the executable (src/cli/run.ts main). Light. */
import { existsSync, writeSync } from 'node:fs';
import type { IOStreams } from '../io/iostreams.js';
import { paths } from '../config/paths.js';

/**
 * `ic-support … | head`: the reader left; stop quietly, as other command-line tools do. The
 * handler goes on each stream when the process first asks for it: `process.stdout` and
 * `process.stderr` are made on first use, and making one costs ~2 ms (the stream classes, and for
 * a pipe node:net), which a command that never writes to stderr need not pay.
 */
export function quietOnEpipe(): void {
  stdoutMade = false;
  for (const name of ['stdout', 'stderr'] as const) {
    const made = Object.getOwnPropertyDescriptor(process, name);
    const quiet = (stream: NodeJS.WriteStream): NodeJS.WriteStream =>
      stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw e;
      });
    if (!made?.get || !made.configurable) {
      quiet(process[name]);
      stdoutMade = true;
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: made.enumerable ?? true,
      get() {
        if (name === 'stdout') stdoutMade = true;
        const stream = quiet(made.get!.call(process) as NodeJS.WriteStream);
        Object.defineProperty(process, name, {
          configurable: true,
          enumerable: made.enumerable ?? true,
          writable: false,
          value: stream,
        });
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
  if (n > 0)
    io.err(
      `Note: ${n} case${n === 1 ? '' : 's'} wait${n === 1 ? 's' : ''} in the outbox; send with: ic-support outbox send\n`,
    );
}

/** Whether process.stdout was made (quietOnEpipe's getter says); unknown counts as made. */
let stdoutMade = true;

/**
 * Writes to standard output through its file descriptor while nothing has made `process.stdout`:
 * that stream is made on first use, and making it loads Node's stream classes (~3 ms of a
 * `--version` that takes ~10 ms more than `node -e 0`). Once the stream exists (a command asked
 * for it: a prompt, a download to stdout), every write goes through it, so what was written
 * through the descriptor (synchronously, so already out) stays first. A descriptor that would
 * block (a non-blocking pipe) gets the rest through the stream, in order; a reader that left
 * (EPIPE) ends the process quietly, as quietOnEpipe does for the stream.
 */
export function directStdout(): (text: string) => void {
  let viaStream = false;
  return (text) => {
    if (viaStream || stdoutMade) return void process.stdout.write(text);
    let rest = Buffer.from(text);
    try {
      while (rest.length > 0) rest = rest.subarray(writeSync(1, rest));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (code !== 'EAGAIN') throw e;
      viaStream = true;
      process.stdout.write(rest);
    }
  };
}
