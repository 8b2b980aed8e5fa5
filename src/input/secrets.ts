/**
 * Secrets read from standard input, one per line (a password; an emailed token and a new password):
 * never from the command line, where every user of the machine could read them. Read bounded,
 * as every input is (src/io/bounded-read.ts).
 */
import type { IOStreams } from '../io/iostreams.js';
import { readStreamText } from '../io/bounded-read.js';
import { UsageError } from '../errors.js';

type Stdin = Pick<IOStreams, 'stdin' | 'stdinIsTTY' | 'promptDisabled' | 'err'>;

/** Reads `count` lines of secrets, none empty; trailing newlines are not part of them. */
export async function readSecretLines(io: Stdin, count: number, what: string): Promise<string[]> {
  if (io.stdinIsTTY && !io.promptDisabled) io.err(`Reading ${what} from standard input (end with Ctrl-D)…\n`);
  const text = await readStreamText(io.stdin, { bytes: 64 * 1024, what });
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < count || lines.slice(0, count).some((l) => l === '')) {
    throw new UsageError(
      `Standard input must hold ${what}, one per line.`,
      'Pipe them in, e.g. printf "%s\\n%s\\n" "$TOKEN" "$NEW_PASSWORD" | ic-support …',
    );
  }
  return lines.slice(0, count);
}
