/**
 * The catalog commands that people and shell scripts run most — `case types`, `case fields <id>`,
 * `case template <id>`, with or without `--json` — answered by their own run functions without
 * commander and the command tree, so they start about as fast as Node itself. Only these exact
 * shapes: anything else (another flag, --help, a global option, a label instead of an id) returns
 * false and the full CLI handles it. test/e2e/fast-path.test.ts keeps the outputs identical.
 */
import type { Command } from 'commander';
import { systemIO } from '../io/iostreams.js';
import type { CommandRun, Context } from './context.js';
import { localToday } from '../domain/dates.js';
import { catalog } from '../domain/catalog/index.js';
import { mentionOutbox, quietOnEpipe } from './process.js';

// Static imports: one module graph linked at once, not a chain of dynamic imports.
import * as types from '../commands/case/types.js';
import * as fields from '../commands/case/fields.js';
import * as template from '../commands/case/template.js';

type Loader = () => Promise<{ run: CommandRun<{ json?: boolean }> }>;

export function route(args: string[]): { load: Loader; positional: string[]; json: boolean } | undefined {
  const [noun, verb, ...rest] = args;
  if (noun !== 'case') return undefined;
  const json = rest[rest.length - 1] === '--json';
  const positional = json ? rest.slice(0, -1) : rest;
  if (positional.some((a) => a.startsWith('-'))) return undefined;
  const known = (id: string | undefined): boolean => id !== undefined && catalog.types.some((t) => t.id === id);
  if (verb === 'types' && positional.length === 0) return { load: async () => types, positional, json };
  if (verb === 'fields' && positional.length === 1 && known(positional[0])) return { load: async () => fields, positional, json };
  if (verb === 'template' && positional.length === 1 && known(positional[0]) && !json) return { load: async () => template, positional, json };
  return undefined;
}

/**
 * The context the catalog commands need: I/O, clock, environment. Not the full one of
 * src/cli/context.ts on purpose: its lazy getters would pull the config store, the portal client
 * and the prompter into this file, which is built as one self-contained module.
 */
function catalogContext(io: Context['io'], env: NodeJS.ProcessEnv, version: string): Context {
  const unavailable = (what: string) => (): never => {
    throw new Error(`${what} is not available to the catalog commands' fast path`);
  };
  const clock = { now: () => new Date() };
  return {
    io,
    env,
    clock,
    version,
    globals: {},
    today: () => localToday(clock.now()),
    debug: () => undefined,
    profileName: () => 'default',
    config: unavailable('config'),
    settings: unavailable('settings'),
    portal: unavailable('the portal client'),
    clientFor: unavailable('a portal client'),
    prompter: unavailable('the prompter'),
    sandbox: unavailable('the sandbox'),
    close: async () => undefined,
  };
}

/** Runs the command when it is one of the fast shapes; false otherwise (nothing was written). */
export async function fast(args: string[], version: string): Promise<boolean> {
  const r = route(args);
  if (!r) return false;
  quietOnEpipe();
  const env = process.env;
  const io = systemIO({ env });
  const ctx = catalogContext(io, env, version);
  const { run } = await r.load();
  process.exitCode = (await run(ctx, r.positional, r.json ? { json: true } : {}, undefined as unknown as Command)) ?? 0;
  await mentionOutbox(env, io);
  return true;
}
