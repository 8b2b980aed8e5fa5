/**
 * The command tree. Declarations only: each action loads its command module with a dynamic
 * import when it runs, so `--help` and `--version` load nothing but commander and this file.
 * To add a command: declare it in the noun's file under src/commands/<noun>/index.ts and put its
 * run function in src/commands/<noun>/<verb>.ts (see docs/architecture.md).
 */
import { Command, Option } from 'commander';
import { examples } from './help.js';
import type { IOStreams } from '../io/iostreams.js';
import { createContext, type Clock, type CommandRun, type Context, type GlobalOptions, type Services } from './context.js';
import { registerCase } from '../commands/case/index.js';
import { registerCompletion } from '../commands/completion/index.js';
import { registerAuth } from '../commands/auth/index.js';
import { registerConfig } from '../commands/config/index.js';
import { registerSandbox } from '../commands/sandbox/index.js';
import { registerOutbox } from '../commands/outbox/index.js';
import { registerNotifications } from '../commands/notifications/index.js';

export interface ProgramDeps {
  version: string;
  env: NodeJS.ProcessEnv;
  /** Injected by tests; the real terminal otherwise (loaded only when a command runs). */
  io?: (globals: GlobalOptions) => IOStreams;
  clock?: Clock;
  /** Injected by tests: a MockAgent dispatcher, an in-memory config store, a fake prompter. */
  services?: Services;
}

/** Turns a lazily loaded command module into a commander action that records its exit code. */
export type Lazy = <O, A extends unknown[]>(load: () => Promise<{ run: CommandRun<O, A> }>) => (...args: unknown[]) => Promise<void>;

export interface Built {
  program: Command;
  exitCode(): number;
}

export { examples } from './help.js';

/** Every command but the outbox's, the sandbox's and completion's mentions waiting cases. */
async function maybeMentionOutbox(cmd: Command, env: NodeJS.ProcessEnv, ctx: Context): Promise<void> {
  if (cmd.parent?.name() === 'outbox' || ['__complete', 'completion', 'sandbox'].includes(cmd.name()) || cmd.parent?.name() === 'sandbox') return;
  await (await import('./process.js')).mentionOutbox(env, ctx.io);
}

const STATE_ERRORS = new Set(['ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']);

/**
 * A file-system error inside the state folder (drafts, outbox, config) that no layer below turned
 * into a typed error — a state folder under a file, or one that cannot be written — becomes a clear
 * message naming the folder and the fix (exit 2) instead of an "internal error". Anything else
 * passes through unchanged.
 */
async function stateProblem(e: unknown, env: NodeJS.ProcessEnv): Promise<unknown> {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || !STATE_ERRORS.has(err.code) || typeof err.path !== 'string') return e;
  const { stateDir } = await import('../config/paths.js');
  const root = stateDir(env);
  if (err.path !== root && !err.path.startsWith(`${root}/`) && !err.path.startsWith(`${root}\\`)) return e;
  const { stateDirProblem } = await import('../config/state-errors.js');
  return stateDirProblem(root, err);
}

export function buildProgram(deps: ProgramDeps): Built {
  let code = 0;
  const program = new Command('ic-support');

  const makeContext = async (globals: GlobalOptions): Promise<Context> => {
    const io = deps.io ? deps.io(globals) : (await import('../io/iostreams.js')).systemIO({ noColor: globals.color === false, noInput: globals.input === false, env: deps.env });
    return createContext({ io, env: deps.env, version: deps.version, globals, ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.services ? { services: deps.services } : {}) });
  };

  const lazy: Lazy = (load) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const opts = args[args.length - 2] as never;
      const positional = args.slice(0, -2) as never;
      const ctx = await makeContext(cmd.optsWithGlobals() as GlobalOptions);
      try {
        const mod = await load();
        code = (await mod.run(ctx, positional, opts, cmd)) ?? 0;
      } catch (e) {
        throw await stateProblem(e, deps.env);
      } finally {
        // Connections and the embedded sandbox (--sandbox) end with the command.
        await ctx.close();
        await maybeMentionOutbox(cmd, deps.env, ctx);
        ctx.debug(`peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
      }
    };

  program
    .description('File and follow Infinite Campus support cases from a terminal, CI or cron.')
    .version(deps.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--no-color', 'never colour output (NO_COLOR is honoured too)')
    .option('--no-input', 'never prompt; fail with a message naming what is missing (implied by CI=true)')
    .option('--verbose', 'log each step to stderr, secrets redacted')
    .addOption(new Option('--profile <name>', 'the configuration profile to use').env('IC_SUPPORT_PROFILE'))
    .option('--sandbox', 'run against a local sandbox portal started for this command, signed in as its demo contact')
    .option('--ca-file <file>', "a PEM file of extra CA certificates (a district's TLS-inspecting proxy)")
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    .addHelpText('after', `${examples('ic-support case types', 'ic-support case fields data-restore', 'ic-support case validate my-case.yaml')}
Exit codes: 0 ok, 1 internal error, 2 usage or validation, 3 sign-in needed, 4 permission,
5 not found, 6 conflict, 7 rate limited, 8 portal unavailable, 9 queued in the outbox,
10 case watch saw changes, 11/12 notifications --check: maintenance/incident open,
13 case close/reopen: already closed/open (nothing changed), 14 the portal's answer broke the
API contract (an HTML page, a wrong shape, too large), 130 interrupted.
Documentation: README.md of the ic-support package.
`);

  registerCase(program, lazy);
  registerAuth(program, lazy);
  registerConfig(program, lazy);
  registerOutbox(program, lazy);
  registerSandbox(program, lazy);
  registerNotifications(program, lazy);
  registerCompletion(program, lazy);

  return { program, exitCode: () => code };
}
