/**
 * All terminal I/O behind one object: data goes to stdout, everything else (status, warnings,
 * spinners, prompts) to stderr. Color and spinners only on a TTY; prompts only when stdin and
 * stdout are TTYs and neither --no-input nor CI says otherwise. Tests use `testIO()`.
 */
import type { Readable, Writable } from 'node:stream';
import { noWaiter, oraWaiter, type Waiter } from './spinner.js';

/** chalk's levels: 0 none, 1 the 16 basic colors, 2 256 colors, 3 truecolor. */
export type ColorLevel = 0 | 1 | 2 | 3;

export interface IOStreams {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Width to fit tables and help text to; 80 when not a terminal. */
  columns: number;
  /** Color on stdout / stderr (NO_COLOR, --no-color, FORCE_COLOR and TTY-ness already applied). */
  colorOut: boolean;
  colorErr: boolean;
  /** How many colors the terminal takes, when color is on (FORCE_COLOR=2/3, COLORTERM, TERM). */
  colorLevel: ColorLevel;
  /** Set by --no-input or CI: never prompt, even on a TTY. */
  promptDisabled: boolean;
  canPrompt(): boolean;
  /**
   * A spinner may run on stderr: both streams are TTYs (not a pipe, not --json into a file), color
   * is on, stderr reports a real width (ora busy-loops on 0 columns), and not CI.
   */
  canSpin(): boolean;
  /** Runs the work with a spinner saying what it waits for, where one may run; else just waits. */
  wait<T>(label: string, work: Promise<T> | (() => Promise<T>)): Promise<T>;
  /** Shown beside the current wait's label (a retry in progress); nothing when none runs. */
  waitNote(text: string): void;
  out(text: string): void;
  err(text: string): void;
}

export interface IOOptions {
  noColor?: boolean;
  noInput?: boolean;
  env?: NodeJS.ProcessEnv;
  /**
   * The streams to use instead of the process's (an in-process run: tests). Their isTTY and
   * columns decide color, prompts and spinners exactly as the process's do.
   */
  streams?: { stdin: Readable; stdout: Writable & Partial<TtyInfo>; stderr: Writable & Partial<TtyInfo> };
  /** Writes to standard output without making the process's stream (src/cli/process.ts directStdout). */
  out?: (text: string) => void;
}

interface TtyInfo {
  isTTY: boolean;
  columns: number;
}

function colorWanted(isTTY: boolean, env: NodeJS.ProcessEnv, noColor: boolean): boolean {
  if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return isTTY && env.TERM !== 'dumb';
}

const truthy = (v: string | undefined): boolean =>
  v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

/** The level when color is on; only basic colors are used today, so this never turns color on. */
export function colorLevel(env: NodeJS.ProcessEnv): ColorLevel {
  const forced = env.FORCE_COLOR;
  if (forced === '1' || forced === '2' || forced === '3') return Number(forced) as ColorLevel;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (/-256(color)?$/i.test(env.TERM ?? '')) return 2;
  return 1;
}

export function systemIO(opts: IOOptions = {}): IOStreams {
  const env = opts.env ?? process.env;
  // Each of the process's streams is made when first asked for (~2 ms each: the stream classes,
  // node:net for a pipe, a file stream for stdin), so nothing here asks before it is needed: a
  // command that never reads stdin or writes to stderr does not make them.
  const streams = opts.streams ?? process;
  const lazy = <T>(make: () => T): (() => T) => {
    let made: { v: T } | undefined;
    return () => (made ??= { v: make() }).v;
  };
  const stdin = lazy(() => streams.stdin);
  const stdout = lazy(() => streams.stdout);
  const stderr = lazy(() => streams.stderr);
  const stdinIsTTY = lazy(() => Boolean((stdin() as Partial<TtyInfo>).isTTY));
  const stdoutIsTTY = lazy(() => Boolean(stdout().isTTY));
  const stderrIsTTY = lazy(() => Boolean(stderr().isTTY));
  const promptDisabled = Boolean(opts.noInput) || truthy(env.CI) || truthy(env.IC_SUPPORT_NO_INPUT);
  const columns = lazy(() => {
    const cols = stdout().columns || stderr().columns || 0;
    return cols > 0 ? cols : 80;
  });
  const colorOut = lazy(() => colorWanted(stdoutIsTTY(), env, Boolean(opts.noColor)));
  const colorErr = lazy(() => colorWanted(stderrIsTTY(), env, Boolean(opts.noColor)));
  // No color (NO_COLOR, --no-color, TERM=dumb) means no animation either: those users asked
  // for plain output, and a spinner is nothing but escape sequences.
  const canSpin = (): boolean =>
    stdoutIsTTY() && stderrIsTTY() && colorErr() && (stderr().columns ?? 0) > 0 && !truthy(env.CI);
  let waiter: Waiter | undefined;
  const waiterNow = (): Waiter => (waiter ??= canSpin() ? oraWaiter(stderr(), colorErr()) : noWaiter);
  const io = {
    colorLevel: colorLevel(env),
    promptDisabled,
    canPrompt: () => !promptDisabled && stdoutIsTTY() && stdinIsTTY(),
    canSpin,
    wait: (label, work) => waiterNow().wait(label, work),
    waitNote: (text) => waiterNow().note(text),
    // A line printed while a spinner runs (a batch's results) must not be drawn over by its frame.
    out: (text) => (waiter ?? noWaiter).write(() => void (opts.out ? opts.out(text) : stdout().write(text))),
    err: (text) => (waiter ?? noWaiter).write(() => void stderr().write(text)),
  } as IOStreams;
  const made = { stdin, stdout, stderr, stdinIsTTY, stdoutIsTTY, stderrIsTTY, columns, colorOut, colorErr };
  for (const [name, get] of Object.entries(made)) Object.defineProperty(io, name, { get, enumerable: true });
  return io;
}
