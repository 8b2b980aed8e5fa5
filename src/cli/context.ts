/**
 * The one context every command receives: I/O streams, environment, clock and the global flags.
 * Built once per invocation by src/cli/program.ts and injected; no module-level singletons.
 * Heavier services (config, portal client, prompter, the embedded sandbox) are lazy getters that
 * load their modules with a dynamic import on first use, so a command that does not use them
 * never loads them (conf alone costs ~110-170 ms, undici ~100 ms, @inquirer/prompts ~80 ms).
 */
import type { Command } from 'commander';
import type { Dispatcher } from 'undici';
import type { IOStreams } from '../io/iostreams.js';
import type { ConfigStore } from '../config/store.js';
import { GUIDE_PORTAL_URL } from '../config/keys.js';
import type { PortalClient } from '../portal/client.js';
import type { SandboxHandle } from '../sandbox/embedded.js';
import type { Prompter } from './prompter.js';
import type { Settings } from './settings.js';
import { resolveSettings } from './settings.js';
import { localToday } from '../domain/dates.js';
import { userTimeZone } from '../domain/time-zone.js';
import { AuthError, UsageError } from '../errors.js';

export type { Prompter } from './prompter.js';

export interface Clock {
  now(): Date;
}

/** What a --sandbox run says before the practice portal starts. */
export const PRACTICE_PORTAL_NOTE =
  'Practice portal (--sandbox): a sandbox on this machine, started for this command and stopped when it ends; nothing reaches Infinite Campus.';

export interface GlobalOptions {
  color?: boolean;
  input?: boolean;
  verbose?: boolean;
  /** No advice lines (the heuristic checks of a case's wording): for scripts that file cases. */
  quiet?: boolean;
  profile?: string;
  /** Run against an in-process sandbox portal, signed in as its demo contact. */
  sandbox?: boolean;
  /** A PEM file of extra CA certificates (overrides the profile's caFile). */
  caFile?: string;
}

export type { Settings, TokenSource } from './settings.js';

/** Replacements for the real services, for tests. */
export interface Services {
  dispatcher?: Dispatcher;
  configStore?: ConfigStore;
  prompter?: Prompter;
  startSandbox?: (dataDir: string) => Promise<SandboxHandle>;
  /**
   * Every wait of a command: between polls (`notifications --watch`) and before a retry (the portal
   * client's backoff, Retry-After). Ends early, without error, when the signal aborts.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Calls the handler on Ctrl-C or SIGTERM until the returned function removes it. */
  onInterrupt?: (handler: (signal: NodeJS.Signals) => void) => () => void;
}

/** A wait the user is told of on stderr even without --verbose: past it, silence looks like a hang. */
const LONG_PAUSE_MS = 5_000;

/** The process's own: a timer, cleared when the signal aborts, that keeps no process alive after. */
function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Now by the portal's clock, when a portal client of this invocation has seen its Date header and
 * it differs from ours by more than a few minutes (the header counts whole seconds; a small drift
 * is noise); else ours.
 */
function portalNow(now: Date, clients: readonly PortalClient[]): Date {
  const skew = clients.map((c) => c.clockSkewMs).find((x) => x !== undefined);
  return skew !== undefined && Math.abs(skew) > 5 * 60_000 ? new Date(now.getTime() + skew) : now;
}

/** The signals that interrupt a command: on Windows Ctrl-Break too (SIGBREAK), which would otherwise end it at once. */
export const interruptSignals = (platform: NodeJS.Platform = process.platform): NodeJS.Signals[] =>
  platform === 'win32' ? ['SIGINT', 'SIGTERM', 'SIGBREAK'] : ['SIGINT', 'SIGTERM'];

/** The process's signals; the handlers are removed when the command ends, so none outlives it. */
function processInterrupts(handler: (signal: NodeJS.Signals) => void): () => void {
  const signals = interruptSignals();
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}

export interface Context {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  /** The folder relative paths of arguments are read from (the process's, unless run in-process). */
  cwd: string;
  version: string;
  globals: GlobalOptions;
  /**
   * What this invocation prints, decided once before the command runs (--json, --jq, the
   * profile's `output: json`): a JSON printer keeps the portal's text exact; otherwise every answer's
   * text has its controls made visible as it enters (src/portal/parse-answer.ts).
   */
  output: { json: boolean };
  /** Waits ms, or less when the signal aborts (injectable: tests do not wait for seconds). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Ctrl-C and SIGTERM go to the handler until the returned function is called. */
  onInterrupt(handler: (signal: NodeJS.Signals) => void): () => void;
  /** Today's date where the user is (YYYY-MM-DD). */
  today(): string;
  /** A line on stderr, only with --verbose. */
  debug(line: string): void;
  /**
   * A text that suggests commands, as this run would run them (npx, --profile, --sandbox:
   * src/cli/invocation.ts). stderr gets it anyway; a command applies it to the hints it prints on
   * stdout (never to data).
   */
  suggest(text: string): string;
  /** The profile in use: --profile, IC_SUPPORT_PROFILE, else "default" ("sandbox" with --sandbox). */
  profileName(): string;
  /** The config and credential store (conf), opened on first use. */
  config(): Promise<ConfigStore>;
  /** The profile's settings with the environment and flags applied, and the token to use. */
  settings(): Promise<Settings>;
  /** The portal client for this invocation (one dispatcher, one connection pool). */
  portal(): Promise<PortalClient>;
  /**
   * A client of another base URL (the Notifications page, the sandbox's admin API): the same stack
   * (dispatcher, retries, limits, errors, redaction), never the profile's token.
   */
  clientFor(url: string, settings?: Pick<Settings, 'caFile' | 'httpTimeoutMs'>): Promise<PortalClient>;
  /** Prompts on the terminal; only when ctx.io.canPrompt(). */
  prompter(): Promise<Prompter>;
  /** The embedded sandbox when --sandbox was given (started on first use). */
  sandbox(): Promise<SandboxHandle | undefined>;
  /** Releases what the getters opened (connections, the embedded sandbox). */
  close(): Promise<void>;
}

export function createContext(parts: {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  clock?: Clock;
  cwd?: string;
  version: string;
  globals: GlobalOptions;
  services?: Services;
  /** Context.suggest; the text as written when not given. */
  suggest?: (text: string) => string;
}): Context {
  const clock = parts.clock ?? { now: () => new Date() };
  const cwd = parts.cwd ?? process.cwd();
  const { env, globals, io } = parts;
  const services = parts.services ?? {};
  const debug = (line: string): void => {
    if (globals.verbose) io.err(`[verbose] ${line}\n`);
  };
  const closers: (() => Promise<void>)[] = [];
  const output = { json: false };
  const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= f());
  };

  const profileName = (): string => {
    if (globals.sandbox) return 'sandbox';
    const name = globals.profile ?? (env.IC_SUPPORT_PROFILE || undefined) ?? 'default';
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name))
      throw new UsageError(
        `--profile "${name}" is not a valid profile name`,
        'Use letters, digits, "-" and "_" (at most 64), starting with a letter or digit.',
      );
    return name;
  };

  const sandbox = once(async (): Promise<SandboxHandle | undefined> => {
    if (!globals.sandbox) return undefined;
    const { paths } = await import('../config/paths.js');
    const dir = paths(env).sandbox;
    const start = services.startSandbox ?? (await import('../sandbox/embedded.js')).startEmbeddedSandbox;
    // Said before it starts, on a terminal or not: what follows is practice, not the vendor's portal.
    io.err(`${PRACTICE_PORTAL_NOTE}\n`);
    const t0 = Date.now();
    const sb = await io.wait('Starting the practice portal (--sandbox)', start(dir));
    debug(`sandbox started at ${sb.url} (data in ${sb.dataDir}) in ${Date.now() - t0} ms`);
    closers.push(() => sb.close());
    return sb;
  });

  const config = once(async (): Promise<ConfigStore> => {
    const base = services.configStore ?? (await import('../config/store.js')).openConfigStore(env);
    if (!globals.sandbox) return base;
    // The sandbox's tokens stay in memory: they never replace the tokens of real profiles.
    const { withMemoryCredentials } = await import('../config/store.js');
    return withMemoryCredentials(base);
  });

  const clients: PortalClient[] = [];
  const makeClient = async (s: {
    portalUrl: string;
    statusUrl?: string | undefined;
    token?: string | undefined;
    caFile?: Settings['caFile'];
    timeoutMs?: number | undefined;
    missing?: () => AuthError;
  }): Promise<PortalClient> => {
    const { createPortalClient } = await import('../portal/index.js');
    const { describePause, describeRetry } = await import('../portal/client.js');
    const client = createPortalClient({
      env,
      portalUrl: s.portalUrl,
      statusUrl: s.statusUrl,
      token: s.token,
      caFile: s.caFile,
      timeoutMs: s.timeoutMs,
      // Without --verbose the client need not build (and redact) its log lines.
      ...(globals.verbose ? { debug } : {}),
      exactText: output.json,
      version: parts.version,
      dispatcher: services.dispatcher,
      sleep: (ms: number) => (services.sleep ?? sleepFor)(ms),
      onRetry: (r) => io.waitNote(describeRetry(r)),
      // A pause the portal's rate limit asks for: on the spinner, and said on stderr when it is
      // long enough to look like a hang (--verbose says every one).
      onPause: (p) => {
        io.waitNote(describePause(p));
        if (p.delayMs >= LONG_PAUSE_MS) io.err(`ic-support: ${describePause(p)}.\n`);
      },
      ...(s.missing ? { missingToken: s.missing } : {}),
    });
    // An injected dispatcher belongs to the test; ours is closed with the context.
    if (!services.dispatcher) closers.push(() => client.close());
    clients.push(client);
    return client;
  };

  const settings = once(async (): Promise<Settings> =>
    resolveSettings({
      env,
      globals,
      cwd,
      profile: profileName(),
      debug,
      store: config,
      storeInjected: services.configStore !== undefined,
      sandbox,
      signInToSandbox: async (sb) => {
        const client = await makeClient({ portalUrl: sb.url.replace(/\/+$/, '') });
        const session = await io.wait(
          'Signing in to the practice portal',
          client.createSession(sb.demo.email, sb.demo.password),
        );
        debug(`signed in to the sandbox as ${session.contact.name} <${session.contact.email}>`);
        return { token: session.token, expiresAt: session.expiresAt, email: session.contact.email };
      },
    }),
  );

  const portal = once(async (): Promise<PortalClient> => {
    const s = await settings();
    if (!s.portalUrl) {
      throw new UsageError(
        `No portal URL for profile "${s.profile}".`,
        `Set one with: ic-support config set portalUrl https://… ${s.profile === 'default' ? '' : `--profile ${s.profile} `}(or IC_SUPPORT_PORTAL_URL), the API address of the Support Portal your district signs in to (the guide's is ${GUIDE_PORTAL_URL}); to rehearse without one: ic-support --sandbox <command>`,
      );
    }
    const loginHint = `Sign in with: ic-support login${s.profile === 'default' ? '' : ` --profile ${s.profile}`}`;
    const missing = (): AuthError =>
      s.tokenForOtherPortal
        ? new AuthError(
            `Profile "${s.profile}" is signed in to ${s.tokenForOtherPortal}, not to ${s.portalUrl!.value}.`,
            loginHint,
          )
        : new AuthError(`Not signed in to ${s.portalUrl!.value} (profile "${s.profile}").`, loginHint);
    return makeClient({
      portalUrl: s.portalUrl.value,
      statusUrl: s.notificationsUrl?.value,
      token: s.token?.value,
      caFile: s.caFile,
      timeoutMs: s.httpTimeoutMs,
      missing,
    });
  });

  const clientFor = (url: string, from?: Pick<Settings, 'caFile' | 'httpTimeoutMs'>): Promise<PortalClient> =>
    makeClient({ portalUrl: url, statusUrl: url, caFile: from?.caFile, timeoutMs: from?.httpTimeoutMs });

  const prompter = once(
    async (): Promise<Prompter> => services.prompter ?? (await import('./prompter.js')).inquirerPrompter(io),
  );

  return {
    io,
    env,
    version: parts.version,
    globals,
    output,
    clock,
    cwd,
    sleep: services.sleep ?? sleepFor,
    onInterrupt: services.onInterrupt ?? processInterrupts,
    // The portal's date once it has answered (its Date header): a date the portal's clock accepts
    // passes the local checks too, whatever this machine's clock says (issue 26 §11).
    today: () => localToday(portalNow(clock.now(), clients), userTimeZone(env)),
    debug,
    suggest: parts.suggest ?? ((text: string) => text),
    profileName,
    config,
    settings,
    portal,
    clientFor,
    prompter,
    sandbox,
    async close() {
      for (const c of closers.splice(0).reverse()) {
        try {
          await c();
        } catch (e) {
          debug(`while closing: ${(e as Error).message}`);
        }
      }
    },
  };
}

/** What a command's run receives beside its arguments and options. */
export interface Invocation<P = unknown> {
  /** The command commander parsed (its parent, its declared options). */
  command: Command;
  /** What the command's `beforeParse` read before commander parsed it (src/cli/command-tree.ts). */
  prepared: P | undefined;
}

/** What a command module exports: run with the context, the positional arguments, its options and the invocation. */
export type CommandRun<O = Record<string, unknown>, A extends unknown[] = string[], P = unknown> = (
  ctx: Context,
  args: A,
  opts: O,
  call: Invocation<P>,
) => Promise<number | void>;
