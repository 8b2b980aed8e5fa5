/**
 * The terminal I/O for tests: buffers instead of the process's streams (src/io/iostreams.ts is the
 * real one; kept apart so that the CLI does not load node:stream for it).
 */
import { PassThrough } from 'node:stream';
import type { IOStreams } from './iostreams.js';

export interface TestIO extends IOStreams {
  stdoutText(): string;
  stderrText(): string;
  /** The labels of every wait, in order, for tests. */
  waits: string[];
  /** Feed standard input; end it with `endInput()`. */
  input(text: string): void;
  endInput(): void;
}

/** Buffers instead of the terminal, for unit tests; pretend TTYs with `tty: true`. */
export function testIO(
  opts: { tty?: boolean; columns?: number; color?: boolean; promptDisabled?: boolean } = {},
): TestIO {
  const tty = Boolean(opts.tty);
  let out = '';
  let err = '';
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const promptDisabled = Boolean(opts.promptDisabled);
  const waits: string[] = [];
  return {
    stdin,
    stdout,
    stderr,
    stdinIsTTY: tty,
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    columns: opts.columns ?? 80,
    colorOut: Boolean(opts.color),
    colorErr: Boolean(opts.color),
    colorLevel: 1,
    promptDisabled,
    canPrompt: () => tty && !promptDisabled,
    canSpin: () => false,
    waits,
    wait: (label, work) => {
      waits.push(label);
      return typeof work === 'function' ? work() : work;
    },
    waitNote: () => undefined,
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    stdoutText: () => out,
    stderrText: () => err,
    input: (text) => void stdin.write(text),
    endInput: () => void stdin.end(),
  };
}
