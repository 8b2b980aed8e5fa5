/**
 * The root of the command tree: the nouns and their one-line descriptions, the global options, and
 * the one way a command runs (its context, its exit code, what happens after it). The tree itself
 * (late declaration, what a verb reads before parsing) is src/cli/command-tree.ts; each noun's
 * verbs are in src/commands/<noun>/ (see docs/architecture.md).
 */
import { Command, Option } from 'commander';
import { TreeCommand, type CommandSpec, type RunModule, type TreeRuntime, type WithContext } from './command-tree.js';
import { examples, exitCodesHelp, HELP_TOPICS } from './help.js';
import { anchorStateDir } from '../config/paths.js';
import { AuthError, CliError } from '../errors.js';
import type { IOOptions, IOStreams } from '../io/iostreams.js';
import { createContext, type Clock, type Context, type GlobalOptions, type Services } from './context.js';
import { invocation, runnable, type Invocation } from './invocation.js';
import { unsetVariable } from '../text/shell-commands.js';

/**
 * The root's commands. Only their names and one-line descriptions are set up at start; a noun's
 * verbs, options and help are declared when commander is about to dispatch to it, so `--version`,
 * `--help` and every command build only the noun they use. A new noun: a folder
 * src/commands/<noun>/ whose index.ts exports its spec (`defineNoun`), and one line here.
 */
type NounSpec = Omit<CommandSpec, 'name'>;
/** A hidden command (a shortcut) needs no description here: the root's help does not list it. */
type Noun = { name: string; load: () => Promise<NounSpec> } & (
  { description: string; hidden?: false } | { hidden: true }
);

const NOUNS: Noun[] = [
  {
    name: 'case',
    description: 'submit, check and follow support cases',
    load: async () => (await import('../commands/case/index.js')).caseNoun,
  },
  {
    name: 'auth',
    description:
      'sign in and out, check who you are, activate an account, reset a password (shortcuts: login, logout, whoami)',
    load: async () => (await import('../commands/auth/index.js')).authNoun,
  },
  { name: 'login', hidden: true, load: async () => (await import('../commands/auth/login/index.js')).login },
  { name: 'logout', hidden: true, load: async () => (await import('../commands/auth/logout/index.js')).logout },
  { name: 'whoami', hidden: true, load: async () => (await import('../commands/auth/status/index.js')).status },
  {
    name: 'config',
    description: 'read and change the settings of a profile (--profile NAME or IC_SUPPORT_PROFILE; default "default")',
    load: async () => (await import('../commands/config/index.js')).configNoun,
  },
  {
    name: 'outbox',
    description: 'cases waiting to be sent because the portal could not be reached',
    load: async () => (await import('../commands/outbox/index.js')).outboxNoun,
  },
  {
    name: 'sandbox',
    description: 'run a local practice portal (real HTTP, SQLite) and act as the vendor on it',
    load: async () => (await import('../commands/sandbox/index.js')).sandboxNoun,
  },
  {
    name: 'notifications',
    description: 'is Campus down, or is it just us? the status banner, open incidents and maintenance (no sign-in)',
    load: async () => (await import('../commands/notifications/index.js')).notificationsNoun,
  },
  {
    name: 'catalog',
    description: "the portal's case types, fields and lists (Module, Type, Request Type), cached per portal",
    load: async () => (await import('../commands/catalog/index.js')).catalogNoun,
  },
  {
    name: 'accounts',
    description: 'list your districts (what --account accepts)',
    load: async () => (await import('../commands/accounts/index.js')).accountsNoun,
  },
  {
    name: 'contacts',
    description: "list a district's contacts (whom a case can name as its Contact)",
    load: async () => (await import('../commands/contacts/index.js')).contactsNoun,
  },
  {
    name: 'completion',
    description: 'print a shell completion script (commands, flags, case types and choice values)',
    load: async () => (await import('../commands/completion/index.js')).completionNoun,
  },
  {
    name: '__complete',
    hidden: true,
    load: async () => (await import('../commands/completion/complete/index.js')).complete,
  },
];

export interface ProgramDeps {
  version: string;
  /** The command line (without node and the script): the global flags a suggested command repeats. */
  argv?: readonly string[];
  /** The script that runs (process.argv[1]): under npx's cache when run through npx. */
  script?: string | undefined;
  /** What --version prints, when more than the version (--version --verbose: src/cli/run.ts). */
  versionText?: string;
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

/** The first words of a command (the root's nouns, shortcuts and help): what a suggestion starts with. */
export const COMMAND_WORDS: readonly string[] = [...NOUNS.map((n) => n.name).filter((n) => !n.startsWith('_')), 'help'];

/** How this run was invoked, for the commands its messages suggest (src/cli/invocation.ts). */
export function invocationOf(deps: Pick<ProgramDeps, 'env' | 'argv' | 'script'>): Invocation {
  return invocation(deps.env, deps.argv ?? [], deps.script);
}

export interface Built {
  program: Command;
  exitCode(): number;
}

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
  return new AuthError(
    `The portal refused the token in IC_SUPPORT_TOKEN (expired, revoked, or of another portal): ${e.message}`,
    `Signing in cannot help while IC_SUPPORT_TOKEN is set: it is used instead of any stored token. Put a current token in it, or unset it (${unsetVariable('IC_SUPPORT_TOKEN')}) and sign in with: ic-support login`,
  ).withPortal(e.portal);
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
    // Every command this run suggests on stderr is runnable as printed (npx, --profile, --sandbox).
    const inv = invocationOf(deps);
    const suggest = (text: string): string => runnable(text, inv, COMMAND_WORDS);
    const err = io.err;
    io.err = (text: string) => err(suggest(text));
    return createContext({
      io,
      env: deps.env,
      version: deps.version,
      globals,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.cwd ? { cwd: deps.cwd } : {}),
      ...(deps.services ? { services: deps.services } : {}),
      suggest,
    });
  };

  /** Turns a lazily loaded run module into commander's action, which records its exit code. */
  const action =
    (load: () => Promise<RunModule>) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const opts = args[args.length - 2] as never;
      const positional = args.slice(0, -2) as never;
      const ctx = await makeContext(cmd.optsWithGlobals() as GlobalOptions);
      let failed = false;
      let failure: unknown;
      try {
        // --json fields, --jq and the profile's `output: json`: decided here for every command.
        if (cmd.options.some((o) => o.long === '--json'))
          await (await import('./json-output.js')).resolveJson(cmd, opts, ctx);
        ctx.output.json = (opts as { json?: unknown }).json === true;
        const mod = await load();
        code =
          (await mod.run(ctx, positional, opts, {
            command: cmd,
            prepared: cmd instanceof TreeCommand ? cmd.prepared : undefined,
          })) ?? 0;
      } catch (e) {
        failed = true;
        failure = await stateProblem(envTokenProblem(e, ctx), deps.env);
      }
      // Connections and the embedded sandbox (--sandbox) end with the command.
      await ctx.close();
      // The outbox note follows what the command said: after its error too (a "queued" line).
      let note = '';
      await maybeMentionOutbox(cmd, deps.env, (t: string) => void (note += t));
      if (note && failure instanceof CliError)
        failure = failure.withHint(`${failure.hint ? `${failure.hint}\n` : ''}${note.trimEnd()}`);
      else if (note) ctx.io.err(note);
      ctx.debug(`peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
      if (failed) throw failure;
    };

  program
    .description('File and follow Infinite Campus support cases from a terminal, CI or cron.')
    .version(deps.versionText ?? deps.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .option('--no-color', 'never color output (NO_COLOR is honored too)')
    .option('--no-input', 'never prompt; fail with a message naming what is missing (implied by CI=true)')
    .option('--verbose', 'log each step to stderr, secrets redacted')
    .option(
      '--quiet',
      "no advice on a case's wording (when filing, and in the form's review); errors and results still print",
    )
    .addOption(new Option('--profile <name>', 'the configuration profile to use').env('IC_SUPPORT_PROFILE'))
    .option('--sandbox', 'run against a local sandbox portal started for this command, signed in as its demo contact')
    .option('--ca-file <file>', "a PEM file of extra CA certificates (a district's TLS-inspecting proxy)")
    .showSuggestionAfterError(true)
    .configureHelp({
      sortSubcommands: false,
      showGlobalOptions: true,
      // Only the root's options are global: a noun's own (the sandbox server's --port, --reset) are
      // not its verbs', and an option the verb declares itself is listed once, as the verb's.
      visibleGlobalOptions(cmd) {
        let root = cmd;
        while (root.parent) root = root.parent;
        if (root === cmd) return [];
        const own = new Set(cmd.options.map((o) => o.long ?? o.short));
        return root.options.filter((o) => !o.hidden && !own.has(o.long ?? o.short));
      },
    })
    .addHelpText(
      'after',
      `${examples('ic-support case types', 'ic-support case fields data-restore', 'ic-support case validate my-case.yaml')}
${exitCodesHelp()}More help: ic-support help environment, ic-support help exit-codes
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

  const runtime: TreeRuntime = { action, withContext };
  for (const n of NOUNS) {
    const c = new TreeCommand(n.name, n.load, runtime);
    c.copyInheritedSettings(program);
    program.addCommand(c, { hidden: n.hidden ?? false });
    if (!n.hidden) c.description(n.description);
  }
  // A noun is declared when commander dispatches to it (`args`: its name, then what it parses).
  program.hook('preSubcommand', async (root, sub) => {
    if (sub instanceof TreeCommand) await sub.prepare(root.args.slice(1));
  });
  // commander's own `help <command>` shows a command's help without dispatching to it, so it
  // would show an undeclared noun: this one declares it first, then prints its help.
  program.helpCommand(false);
  program
    .command('help')
    .description('display help for command')
    .argument('[command...]', `the command, e.g. case submit; or a topic: ${Object.keys(HELP_TOPICS).join(', ')}`)
    .action(async (words: string[]) => {
      const topic = words.length === 1 && Object.hasOwn(HELP_TOPICS, words[0]!) ? HELP_TOPICS[words[0]!] : undefined;
      if (topic) return void program.configureOutput().writeOut?.(topic());
      let cmd = program;
      for (const w of words) {
        const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
        if (!sub) return cmd.error(`error: unknown command '${w}'`, { code: 'commander.unknownCommand' });
        if (sub instanceof TreeCommand) await sub.prepare(['--help']);
        cmd = sub;
      }
      cmd.help();
    });

  return { program, exitCode: () => code };
}
