/**
 * The top level: runs the program and turns every outcome into a message and an exit code. This
 * is the only place that maps typed errors (src/errors.ts) to exit codes and prints them; nothing
 * below it prints errors or exits.
 */
import { CommanderError } from 'commander';
import { CliError, ExitCode, PartialFailureError, QueuedNotice, ValidationError } from '../errors.js';
import { buildProgram, COMMAND_WORDS, invocationOf, type ProgramDeps } from './program.js';
import { runnable } from './invocation.js';
import { directStdout, quietOnEpipe } from './process.js';
import { showControls } from '../text/show-controls.js';
import { fitLines } from '../domain/text.js';
import { fstatSync } from 'node:fs';

export interface RunResult {
  code: number;
}

function renderError(e: unknown, write: (s: string) => void, env: NodeJS.ProcessEnv): number {
  // Messages may quote the portal (its error messages, a name it sent): never a control sequence.
  const err = (s: string): void => write(showControls(s));
  if (e instanceof ValidationError) {
    err(`error: ${e.message}:\n`);
    for (const i of e.issues) err(`  ${i.field}: ${i.message}\n`);
    if (e.hint) err(`${e.hint}\n`);
    return e.exitCode;
  }
  if (e instanceof PartialFailureError) {
    for (const f of e.failures) err(`error: ${f.item}: ${f.message}\n${f.hint ? `${f.hint}\n` : ''}`);
    err(`error: ${e.message}\n`);
    if (e.hint) err(`${e.hint}\n`);
    return e.exitCode;
  }
  if (e instanceof CliError) {
    // A queued case is not a failure: it will be sent.
    err(`${e instanceof QueuedNotice ? 'queued' : 'error'}: ${e.message}\n`);
    if (e.hint) err(`${e.hint}\n`);
    return e.exitCode;
  }
  // A bug: say so plainly; the stack only when asked for.
  const msg = e instanceof Error ? e.message : String(e);
  err(`internal error: ${msg}\n`);
  if (env.IC_SUPPORT_DEBUG && e instanceof Error && e.stack) err(`${e.stack}\n`);
  else err('This is a bug in ic-support. Run again with IC_SUPPORT_DEBUG=1 for details and report it.\n');
  return ExitCode.internal;
}

/**
 * Where what is not a command's own output goes (a command writes through its context's io). Left
 * out, the process's streams, whose width and color commander reads itself; an in-process caller
 * gives its own, and their terminal.
 */
export interface ProgramOutput {
  /** commander's help and --version. */
  helpOut?: (s: string) => void;
  /** commander's usage errors, and the message of an error a command threw. */
  errorOut?: (s: string) => void;
  /** The width help is wrapped to and whether it may be colored (commander asks the process otherwise). */
  helpTerminal?: { columns: number; colorOut: boolean; colorErr: boolean };
  /**
   * The widths of the terminals help (out) and errors and hints (err) are written to; each line
   * wider is wrapped at word boundaries. Left out for a pipe or a file: the text as written.
   */
  terminalWidths?: { out?: number | undefined; err?: number | undefined };
}

/** Runs one command line and returns its exit code; safe to call many times in one process. */
export async function run(argv: string[], given: ProgramDeps & ProgramOutput): Promise<number> {
  const deps = { ...given, argv };
  const raw = given.errorOut ?? ((s: string) => void process.stderr.write(s));
  const rawOut = deps.helpOut ?? ((s: string) => void process.stdout.write(s));
  // The commands an error suggests are runnable as printed (src/cli/invocation.ts).
  const inv = invocationOf(deps);
  // At a terminal, each line fits its width (issue 26 §15); through a pipe the text as written. The
  // widths are asked only for text that could be too wide (never narrower than 40 columns, a line
  // of 20 characters fits however wide they are): `--version` never asks.
  const widths = deps.terminalWidths ?? {};
  const fit = (text: string, width: () => number | undefined): string => {
    if (!/[^\n]{21}/.test(text)) return text;
    const w = width();
    return w ? fitLines(text, w) : text;
  };
  const err = (s: string): void => raw(fit(runnable(s, inv, COMMAND_WORDS), () => widths.err));
  const out = (s: string): void => rawOut(fit(s, () => widths.out));
  // --version --verbose: what a bug report needs besides the version (commander prints --version
  // as soon as it reads it, so the --verbose after it is looked for here).
  const { program, exitCode } = buildProgram(
    argv.includes('--verbose')
      ? { ...deps, versionText: `${deps.version}\nNode.js ${process.version} on ${process.platform} ${process.arch}` }
      : deps,
  );
  program.exitOverride();
  const applyOutput = (cmd: typeof program): void => {
    cmd.exitOverride();
    const t = deps.helpTerminal;
    cmd.configureOutput({
      writeOut: out,
      writeErr: err,
      outputError: (s, write) => write(s),
      ...(t
        ? {
            getOutHelpWidth: () => t.columns,
            getErrHelpWidth: () => t.columns,
            getOutHasColors: () => t.colorOut,
            getErrHasColors: () => t.colorErr,
          }
        : {}),
    });
    for (const sub of cmd.commands) applyOutput(sub);
  };
  applyOutput(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode();
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return ExitCode.ok;
      // commander has printed "error: ..."; point at the help that fixes it.
      if (e.code !== 'commander.executeSubCommandAsync') err(`Run with --help for usage.\n`);
      return ExitCode.usage;
    }
    return renderError(e, err, deps.env);
  }
}

/**
 * The width of the terminal on fd 1 or 2, or undefined for a pipe or a file. A quick fstat first
 * (outside Windows, whose console handles it does not describe): what is not a character device is
 * no terminal, and asking process.stdout would build a stream only to say so.
 */
function terminalColumns(fd: 1 | 2): number | undefined {
  if (process.platform !== 'win32') {
    try {
      if (!fstatSync(fd).isCharacterDevice()) return undefined;
    } catch {
      return undefined;
    }
  }
  const stream = fd === 1 ? process.stdout : process.stderr;
  return stream.isTTY ? stream.columns : undefined;
}

/** Entry point used by bin/ic-support.cjs. */
export async function main(argv: string[], version: string): Promise<void> {
  quietOnEpipe();
  const stdout = directStdout();
  // Read when first needed (process.stdout builds its stream when first touched, ~5 ms at start-up).
  const terminalWidths = {
    get out() {
      return terminalColumns(1);
    },
    get err() {
      return terminalColumns(2);
    },
  };
  const code = await run(argv, {
    version,
    env: process.env,
    helpOut: stdout,
    stdout,
    script: process.argv[1],
    terminalWidths,
  });
  process.exitCode = code;
}
