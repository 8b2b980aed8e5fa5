/**
 * All terminal I/O behind one object: data goes to stdout, everything else (status, warnings,
 * spinners, prompts) to stderr. Colour and spinners only on a TTY; prompts only when stdin and
 * stdout are TTYs and neither --no-input nor CI says otherwise. Tests use `testIO()`.
 */
import type { Readable, Writable } from 'node:stream';
import { PassThrough } from 'node:stream';

export interface IOStreams {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Width to fit tables and help text to; 80 when not a terminal. */
  columns: number;
  /** Colour on stdout / stderr (NO_COLOR, --no-color, FORCE_COLOR and TTY-ness already applied). */
  colorOut: boolean;
  colorErr: boolean;
  /** Set by --no-input or CI: never prompt, even on a TTY. */
  promptDisabled: boolean;
  canPrompt(): boolean;
  /** A spinner may run on stderr: a TTY that reports a real width, and not CI. */
  canSpin(): boolean;
  out(text: string): void;
  err(text: string): void;
}

export interface IOOptions {
  noColor?: boolean;
  noInput?: boolean;
  env?: NodeJS.ProcessEnv;
}

function colorWanted(isTTY: boolean, env: NodeJS.ProcessEnv, noColor: boolean): boolean {
  if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}

const truthy = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

export function systemIO(opts: IOOptions = {}): IOStreams {
  const env = opts.env ?? process.env;
  const stdinIsTTY = Boolean(process.stdin.isTTY);
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  const stderrIsTTY = Boolean(process.stderr.isTTY);
  const promptDisabled = Boolean(opts.noInput) || truthy(env.CI) || truthy(env.IC_SUPPORT_NO_INPUT);
  const cols = process.stdout.columns || process.stderr.columns || 0;
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY,
    stdoutIsTTY,
    stderrIsTTY,
    columns: cols > 0 ? cols : 80,
    colorOut: colorWanted(stdoutIsTTY, env, Boolean(opts.noColor)),
    colorErr: colorWanted(stderrIsTTY, env, Boolean(opts.noColor)),
    promptDisabled,
    canPrompt: () => stdinIsTTY && stdoutIsTTY && !promptDisabled,
    canSpin: () => stderrIsTTY && (process.stderr.columns ?? 0) > 0 && !truthy(env.CI),
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
  };
}

export interface TestIO extends IOStreams {
  stdoutText(): string;
  stderrText(): string;
  /** Feed standard input; end it with `endInput()`. */
  input(text: string): void;
  endInput(): void;
}

/** Buffers instead of the terminal, for unit tests; pretend TTYs with `tty: true`. */
export function testIO(opts: { tty?: boolean; columns?: number; color?: boolean; promptDisabled?: boolean } = {}): TestIO {
  const tty = Boolean(opts.tty);
  let out = '';
  let err = '';
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const promptDisabled = Boolean(opts.promptDisabled);
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
    promptDisabled,
    canPrompt: () => tty && !promptDisabled,
    canSpin: () => false,
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    stdoutText: () => out,
    stderrText: () => err,
    input: (text) => void stdin.write(text),
    endInput: () => void stdin.end(),
  };
}
