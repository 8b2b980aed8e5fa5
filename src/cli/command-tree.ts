/**
 * The command-tree machinery: how a command is declared as data, declared to commander only when
 * it is used, and handed what it read before parsing. Nouns and verbs import this module, never
 * src/cli/program.ts (which builds the root from it).
 *
 * A command is a `CommandSpec`: its name, aliases and one line (set at once, so a noun's help and
 * commander's suggestions know every verb), its arguments, options and help (`declare`, run when
 * the command is used), what it reads before commander parses it (`beforeParse`, whose result
 * reaches `run` as `call.prepared`), its action (`load`, a dynamic import of its run module) and
 * its verbs. `case list` declares `list`, not the fourteen other case verbs.
 *
 * A verb lives in `src/commands/<noun>/<verb>/`: `options.ts` declares its arguments, options and
 * help and exports their TypeScript type (`OptionsOf`), `run.ts` runs it, `index.ts` is its spec
 * (`defineCommand`). A noun's `index.ts` only lists its verbs (`defineNoun`).
 */
import { Command, Help } from 'commander';
import type { Command as TypedCommand } from '@commander-js/extra-typings';
import type { CommandRun, Context } from './context.js';

/**
 * The parsed options of a declaration made with commander's typed builder
 * (`@commander-js/extra-typings`): `type ListOptions = OptionsOf<typeof declareList>`. The type is
 * inferred from the flags declared, so it cannot drift from them.
 */
export type OptionsOf<D extends (cmd: TypedCommand) => { opts(): object }> = ReturnType<ReturnType<D>['opts']>;

/** The parsed positional arguments of a declaration (only the arguments' type is read: `any` for the rest). */
export type ArgumentsOf<D extends (cmd: TypedCommand) => unknown> =
  ReturnType<D> extends TypedCommand<infer A, any, any> ? A : never; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The context a command gets, for a `beforeParse` that must read something (closed after). */
export type WithContext = <T>(cmd: Command, use: (ctx: Context) => Promise<T>) => Promise<T>;

/** A run module, loaded when the command runs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each run has its own option type
export type RunModule<P = unknown> = { run: CommandRun<any, any, P> };

export interface CommandSpec<P = unknown> {
  name: string;
  aliases?: readonly string[];
  /** The one line its noun's help lists (a noun's own is in the root's table, src/cli/program.ts). */
  summary?: string;
  /** Not listed in help (a shortcut, an internal command). */
  hidden?: boolean;
  /** Its arguments, options and help, declared when it is used. */
  declare?: (cmd: TypedCommand) => unknown;
  /**
   * What it must read before commander parses its arguments (`case submit`: the flags of fields
   * only the portal's catalog has), given those arguments; what it returns reaches `run` as
   * `call.prepared`. Run on dispatch and for `help <noun> <verb>` (as with --help).
   */
  beforeParse?: (cmd: TreeCommand, args: readonly string[], withContext: WithContext) => Promise<P | undefined>;
  /** Its action: the run module, imported when it runs. */
  load?: () => Promise<RunModule<P>>;
  /** Its sub-commands, each declared only when used (each with its own `prepared` type). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a verb's run takes its own prepared type
  verbs?: readonly CommandSpec<any>[];
}

/** A verb's spec (typed `prepared`). */
export const defineCommand = <P = undefined>(spec: CommandSpec<P>): CommandSpec<P> => spec;

/** A noun: its help and options (if any) and the list of its verbs. */
export const defineNoun = (spec: Omit<CommandSpec, 'name'>): Omit<CommandSpec, 'name'> => spec;

/** What the tree needs from the program that runs it (src/cli/program.ts). */
export interface TreeRuntime {
  /** Turns a run module's loader into commander's action, run with the one context. */
  action(load: () => Promise<RunModule>): (...args: unknown[]) => Promise<void>;
  withContext: WithContext;
}

/**
 * A command of the tree: commander's Command, with its spec and the state of its late declaration
 * as fields (no side tables). `prepared` is what `beforeParse` read; it reaches `run` explicitly.
 */
export class TreeCommand extends Command {
  private source: CommandSpec | (() => Promise<Omit<CommandSpec, 'name'>>);
  private declared = false;
  private prepareDone = false;
  prepared: unknown;

  constructor(
    name: string,
    source: CommandSpec | (() => Promise<Omit<CommandSpec, 'name'>>),
    private readonly runtime: TreeRuntime,
  ) {
    super(name);
    this.source = source;
    if (typeof source !== 'function') {
      for (const a of source.aliases ?? []) this.alias(a);
      if (source.summary) this.description(source.summary);
    }
  }

  /** Adds a sub-command of `spec`, its name, aliases and one line only. */
  addVerb(spec: CommandSpec): TreeCommand {
    const verb = new TreeCommand(spec.name, spec, this.runtime);
    verb.copyInheritedSettings(this);
    this.addCommand(verb, { hidden: spec.hidden ?? false });
    return verb;
  }

  /** Declares its arguments, options, help, action and verbs, once. */
  async declareWhole(): Promise<void> {
    if (this.declared) return;
    this.declared = true;
    const loaded = typeof this.source === 'function';
    const spec = typeof this.source === 'function' ? { name: this.name(), ...(await this.source()) } : this.source;
    this.source = spec;
    // A verb's spec loaded as a root command (the shortcuts login, logout, whoami): its one line
    // is its help's description, as under its noun.
    if (loaded && spec.summary && !this.description()) this.description(spec.summary);
    this.declareSpec(spec);
  }

  /** The synchronous half, for a spec already loaded (every verb's). */
  private declareSpec(spec: CommandSpec): void {
    spec.declare?.(this as unknown as TypedCommand);
    if (spec.load) this.action(this.runtime.action(spec.load));
    if (!spec.verbs?.length) return;
    for (const v of spec.verbs) this.addVerb(v);
    // A verb is declared when commander dispatches to it (with the arguments it is about to parse)...
    this.hook('preSubcommand', async (noun, verb) => {
      if (verb instanceof TreeCommand) await verb.prepare(noun.args.slice(1));
    });
    // ... and before the noun's help lists its verbs (their arguments are part of the listing).
    this.configureHelp({
      ...this.configureHelp(),
      visibleCommands(this: Help, c: Command) {
        for (const verb of c.commands) if (verb instanceof TreeCommand) verb.declareNow();
        return Help.prototype.visibleCommands.call(this, c);
      },
    });
  }

  /** For a verb whose spec is at hand (the noun was declared): declares it without waiting. */
  declareNow(): void {
    const spec = this.source;
    if (this.declared || typeof spec === 'function') return;
    this.declared = true;
    this.declareSpec(spec);
  }

  /** Declares it and runs its `beforeParse` once, with the arguments commander is about to parse. */
  async prepare(args: readonly string[]): Promise<void> {
    await this.declareWhole();
    if (this.prepareDone) return;
    this.prepareDone = true;
    const spec = this.source as CommandSpec;
    if (spec.beforeParse) this.prepared = await spec.beforeParse(this, args, this.runtime.withContext);
  }

  /** Hands it what was read elsewhere (completion reads the catalog itself). */
  givePrepared(value: unknown): void {
    this.prepareDone = true;
    this.prepared = value;
  }
}

/** Declares the whole tree below `cmd` (completion and the help tests walk all of it). */
export async function declareAll(cmd: Command): Promise<void> {
  if (cmd instanceof TreeCommand) await cmd.declareWhole();
  for (const sub of cmd.commands) await declareAll(sub);
}
