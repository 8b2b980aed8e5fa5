/**
 * The command tree. Declarations only: each action loads its command module with a dynamic
 * import when it runs, so `--help` and `--version` load nothing but commander and this file.
 * To add a command: declare it in the noun's file under src/commands/<noun>/index.ts and put its
 * run function in src/commands/<noun>/<verb>.ts (see docs/architecture.md).
 */
import { Command, Help, Option } from 'commander';
import { examples } from './help.js';
import { anchorStateDir } from '../config/paths.js';
import { AuthError, CliError } from '../errors.js';
import type { IOOptions, IOStreams } from '../io/iostreams.js';
import {
  createContext,
  type Clock,
  type CommandRun,
  type Context,
  type GlobalOptions,
  type Services,
} from './context.js';

/**
 * The root's commands. Only their names and one-line descriptions are set up at start; a noun's
 * verbs, options and help are declared when commander is about to dispatch to it (the root's
 * `preSubcommand` hook), so `--version`, `--help` and every command build only the noun they use.
 * A new noun: a folder src/commands/<noun>/ whose index.ts exports its `declare` function, and
 * one line here.
 */
export type Declare = (cmd: Command, lazy: Lazy, withContext: WithContext) => void;

/**
 * For a noun's hook that must read something before commander parses one of its verbs (`case
 * submit` declares the flags of the portal's own fields): the context a command gets, closed after.
 */
export type WithContext = <T>(cmd: Command, use: (ctx: Context) => Promise<T>) => Promise<T>;

/** A hidden command (a shortcut) needs no description here: the root's help does not list it. */
type Noun = { name: string; declare: () => Promise<Declare> } & (
  { description: string; hidden?: false } | { hidden: true }
);

const auth = async (): Promise<Declare> => (await import('../commands/auth/index.js')).declareAuth;
const NOUNS: Noun[] = [
  {
    name: 'case',
    description: 'submit, check and follow support cases',
    declare: async () => (await import('../commands/case/index.js')).declareCase,
  },
  {
    name: 'auth',
    description:
      'sign in and out, check who you are, activate an account, reset a password (shortcuts: login, logout, whoami)',
    declare: auth,
  },
  { name: 'login', hidden: true, declare: auth },
  { name: 'logout', hidden: true, declare: auth },
  { name: 'whoami', hidden: true, declare: auth },
  {
    name: 'config',
    description: 'read and change the settings of a profile (--profile NAME or IC_SUPPORT_PROFILE; default "default")',
    declare: async () => (await import('../commands/config/index.js')).declareConfig,
  },
  {
    name: 'outbox',
    description: 'cases waiting to be sent because the portal could not be reached',
    declare: async () => (await import('../commands/outbox/index.js')).declareOutbox,
  },
  {
    name: 'sandbox',
    description: 'run a local practice portal (real HTTP, SQLite) and act as the vendor on it',
    declare: async () => (await import('../commands/sandbox/index.js')).declareSandbox,
  },
  {
    name: 'notifications',
    description: 'is Campus down, or is it just us? the status banner, open incidents and maintenance (no sign-in)',
    declare: async () => (await import('../commands/notifications/index.js')).declareNotifications,
  },
  {
    name: 'catalog',
    description: "the portal's case types, fields and lists (Module, Type, Request Type), cached per portal",
    declare: async () => (await import('../commands/catalog/index.js')).declareCatalog,
  },
  {
    name: 'accounts',
    description: 'list your districts (what --account accepts)',
    declare: async () => (await import('../commands/accounts/index.js')).declareAccounts,
  },
  {
    name: 'contacts',
    description: "list a district's contacts (whom a case can name as its Contact)",
    declare: async () => (await import('../commands/accounts/index.js')).declareContacts,
  },
  {
    name: 'completion',
    description: 'print a shell completion script (commands, flags, case types and choice values)',
    declare: async () => (await import('../commands/completion/index.js')).declareCompletion,
  },
  {
    name: '__complete',
    hidden: true,
    declare: async () => (await import('../commands/completion/index.js')).declareComplete,
  },
];

/**
 * A noun's verb whose arguments, options and help are declared only when it is used: its name,
 * aliases and one line are set at once (the noun's help lists them, commander suggests them), the
 * rest when commander dispatches to it (the noun's `preSubcommand` hook), when help lists it, or
 * when the whole tree is walked. `case list` builds `list`, not the fourteen other case verbs.
 * `beforeParse`: what the verb must read before commander parses its arguments (`case submit`:
 * the flags of fields only the portal's catalog has), given those arguments; run after `rest`,
 * when commander dispatches to the verb and for `help <noun> <verb>` (as with --help).
 */
const pendingVerbs = new WeakMap<Command, () => void>();
const verbsBeforeParse = new WeakMap<Command, (args: readonly string[]) => Promise<void>>();
export function declareLater(
  cmd: Command,
  rest: (cmd: Command) => void,
  beforeParse?: (args: readonly string[]) => Promise<void>,
): Command {
  pendingVerbs.set(cmd, () => rest(cmd));
  if (beforeParse) verbsBeforeParse.set(cmd, beforeParse);
  return cmd;
}
function finishVerb(cmd: Command): void {
  const rest = pendingVerbs.get(cmd);
  if (!rest) return;
  pendingVerbs.delete(cmd);
  rest();
}
/** The verb whole, and what it reads before its arguments are parsed. */
async function prepareVerb(cmd: Command, args: readonly string[]): Promise<void> {
  finishVerb(cmd);
  await verbsBeforeParse.get(cmd)?.(args);
}

/** Declares the rest of the tree (completion and the help tests walk all of it). */
const everything = new WeakMap<Command, () => Promise<void>>();
export async function declareAll(program: Command): Promise<void> {
  await everything.get(program)?.();
}

export interface ProgramDeps {
  version: string;
  env: NodeJS.ProcessEnv;
  /** Injected by tests; the real terminal otherwise (loaded only when a command runs). */
  io?: (globals: GlobalOptions) => IOStreams;
  /** The streams of the terminal I/O instead of the process's (an in-process run). */
  streams?: IOOptions['streams'];
  /** The process's standard output, written without making its stream (src/cli/process.ts). */
  stdout?: (text: string) => void;
  clock?: Clock;
  /** The folder relative paths are read from; the process's own when not given. */
  cwd?: string;
  /** Injected by tests: a MockAgent dispatcher, an in-memory config store, a fake prompter. */
  services?: Services;
}

/** Turns a lazily loaded command module into a commander action that records its exit code. */
export type Lazy = <O, A extends unknown[]>(
  load: () => Promise<{ run: CommandRun<O, A> }>,
) => (...args: unknown[]) => Promise<void>;

export interface Built {
  program: Command;
  exitCode(): number;
}

export { examples } from './help.js';

/** Every command but the outbox's, the sandbox's and completion's mentions waiting cases. */
async function maybeMentionOutbox(cmd: Command, env: NodeJS.ProcessEnv, err: (text: string) => void): Promise<void> {
  if (
    cmd.parent?.name() === 'outbox' ||
    ['__complete', 'completion', 'sandbox'].includes(cmd.name()) ||
    cmd.parent?.name() === 'sandbox'
  )
    return;
  await (await import('./process.js')).mentionOutbox(env, { err });
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
  if (
    !(e instanceof Error) ||
    typeof err.code !== 'string' ||
    !STATE_ERRORS.has(err.code) ||
    typeof err.path !== 'string'
  )
    return e;
  const { paths } = await import('../config/paths.js');
  // The config, data or cache folder the path is in (one folder with IC_SUPPORT_CONFIG_DIR).
  const p = paths(env);
  const root = [p.root, p.data, p.cache].find(
    (r) => err.path === r || err.path!.startsWith(`${r}/`) || err.path!.startsWith(`${r}\\`),
  );
  if (root === undefined) return e;
  const { stateDirProblem } = await import('../config/state-errors.js');
  return stateDirProblem(root, err);
}

/**
 * A token the portal refused while IC_SUPPORT_TOKEN is set: signing in cannot help (the variable
 * wins over any stored token), so the fix is to correct or unset the variable.
 */
function envTokenProblem(e: unknown, ctx: Context): unknown {
  if (!(e instanceof AuthError) || !ctx.env.IC_SUPPORT_TOKEN || ctx.globals.sandbox) return e;
  if (e.portal?.status !== 401 || e.portal.code === 'invalid_credentials') return e;
  return Object.assign(
    new AuthError(
      `The portal refused the token in IC_SUPPORT_TOKEN (expired, revoked, or of another portal): ${e.message}`,
      'Signing in cannot help while IC_SUPPORT_TOKEN is set: it is used instead of any stored token. Put a current token in it, or unset it (unset IC_SUPPORT_TOKEN) and sign in with: ic-support login',
    ),
    { portal: e.portal },
  );
}

export function buildProgram(given: ProgramDeps): Built {
  const deps: ProgramDeps = { ...given, env: anchorStateDir(given.env, given.cwd ?? process.cwd()) };
  let code = 0;
  const program = new Command('ic-support');

  const makeContext = async (globals: GlobalOptions): Promise<Context> => {
    const io = deps.io
      ? deps.io(globals)
      : (await import('../io/iostreams.js')).systemIO({
          noColor: globals.color === false,
          noInput: globals.input === false,
          env: deps.env,
          ...(deps.streams ? { streams: deps.streams } : deps.stdout ? { out: deps.stdout } : {}),
        });
    return createContext({
      io,
      env: deps.env,
      version: deps.version,
      globals,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.cwd ? { cwd: deps.cwd } : {}),
      ...(deps.services ? { services: deps.services } : {}),
    });
  };

  const lazy: Lazy =
    (load) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const opts = args[args.length - 2] as never;
      const positional = args.slice(0, -2) as never;
      const ctx = await makeContext(cmd.optsWithGlobals() as GlobalOptions);
      let failure: unknown;
      try {
        // --json fields, --jq and the profile's `output: json`: decided here for every command.
        if (cmd.options.some((o) => o.long === '--json'))
          await (await import('./json-output.js')).resolveJson(cmd, opts, ctx);
        const mod = await load();
        code = (await mod.run(ctx, positional, opts, cmd)) ?? 0;
      } catch (e) {
        failure = await stateProblem(envTokenProblem(e, ctx), deps.env);
        throw failure;
      } finally {
        // Connections and the embedded sandbox (--sandbox) end with the command.
        await ctx.close();
        // The outbox note follows what the command said: after its error too (a "queued" line).
        let note = '';
        await maybeMentionOutbox(cmd, deps.env, (t: string) => void (note += t));
        if (note && failure instanceof CliError)
          Object.assign(failure, { hint: `${failure.hint ? `${failure.hint}\n` : ''}${note.trimEnd()}` });
        else if (note) ctx.io.err(note);
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
    .addHelpText(
      'after',
      `${examples('ic-support case types', 'ic-support case fields data-restore', 'ic-support case validate my-case.yaml')}
Exit codes: 0 ok, 1 internal error, 2 usage or validation, 3 sign-in needed, 4 permission,
5 not found, 6 conflict, 7 rate limited, 8 portal unavailable, 9 queued in the outbox,
10 case watch saw changes, 11/12 notifications --check: maintenance/incident open,
13 case close/reopen: already closed/open (nothing changed), 14 the portal's answer broke the
API contract (an HTML page, a wrong shape, too large), 15 not installed (the sandbox's SQLite),
130 interrupted.
Documentation: README.md of the ic-support package.
`,
    );

  const withContext: WithContext = async (cmd, use) => {
    const ctx = await makeContext(cmd.optsWithGlobals() as GlobalOptions);
    try {
      return await use(ctx);
    } finally {
      await ctx.close();
    }
  };

  const declared = new Set<Command>();
  const declare = async (cmd: Command): Promise<void> => {
    const noun = NOUNS.find((n) => n.name === cmd.name());
    if (!noun || declared.has(cmd)) return;
    declared.add(cmd);
    // Its verbs declared later (declareLater): when dispatched to (`args`: the verb's name, then
    // what commander is about to hand it), and before its help lists them.
    cmd.hook('preSubcommand', (noun, verb) => prepareVerb(verb, noun.args.slice(1)));
    (await noun.declare())(cmd, lazy, withContext);
    cmd.configureHelp({
      ...cmd.configureHelp(),
      visibleCommands(this: Help, c: Command) {
        for (const verb of c.commands) finishVerb(verb);
        return Help.prototype.visibleCommands.call(this, c);
      },
    });
  };
  for (const n of NOUNS) {
    const c = program.command(n.name, { hidden: n.hidden ?? false });
    if (!n.hidden) c.description(n.description);
  }
  program.hook('preSubcommand', (_root, sub) => declare(sub));
  everything.set(program, async () => {
    for (const c of program.commands) {
      await declare(c);
      for (const verb of c.commands) finishVerb(verb);
    }
  });
  // commander's own `help <command>` shows a command's help without dispatching to it, so it
  // would show an undeclared noun: this one declares it first, then prints its help.
  program.helpCommand(false);
  program
    .command('help')
    .description('display help for command')
    .argument('[command...]', 'the command, e.g. case submit')
    .action(async (words: string[]) => {
      let cmd = program;
      for (const w of words) {
        const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
        if (!sub) return cmd.error(`error: unknown command '${w}'`, { code: 'commander.unknownCommand' });
        await declare(sub);
        await prepareVerb(sub, ['--help']);
        cmd = sub;
      }
      cmd.help();
    });

  return { program, exitCode: () => code };
}
