/**
 * The one context every command receives: I/O streams, environment, clock and the global flags.
 * Built once per invocation by src/cli/program.ts and injected; no module-level singletons.
 * Heavier services (config, portal client, prompter) are added here as lazy getters so that a
 * command that does not use them never loads them.
 */
import type { Command } from 'commander';
import type { IOStreams } from '../io/iostreams.js';
import { localToday } from '../domain/dates.js';

export interface Clock {
  now(): Date;
}

export interface GlobalOptions {
  color?: boolean;
  input?: boolean;
  verbose?: boolean;
  profile?: string;
}

export interface Context {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  version: string;
  globals: GlobalOptions;
  /** Today's date where the user is (YYYY-MM-DD). */
  today(): string;
  /** A line on stderr, only with --verbose. */
  debug(line: string): void;
}

export function createContext(parts: { io: IOStreams; env: NodeJS.ProcessEnv; clock?: Clock; version: string; globals: GlobalOptions }): Context {
  const clock = parts.clock ?? { now: () => new Date() };
  return {
    ...parts,
    clock,
    today: () => localToday(clock.now()),
    debug: (line) => {
      if (parts.globals.verbose) parts.io.err(`[verbose] ${line}\n`);
    },
  };
}

/** What a command module exports: run with the context, the positional arguments and its options. */
export type CommandRun<O = Record<string, unknown>, A extends unknown[] = string[]> = (ctx: Context, args: A, opts: O, command: Command) => Promise<number | void>;
