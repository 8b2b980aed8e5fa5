/**
 * gh-style JSON output, in one place: `--json` alone prints everything, `--json a,b,c` only those
 * fields, `--jq EXPR` filters with jq (jq 1.7.1 compiled to WebAssembly, in a worker thread under a
 * deadline, loaded only when --jq is given: src/cli/jq/); and a profile's `output: json` turns --json on for every command that has it.
 * `resolveJson` runs once, before any command, from the command's declared options; commands print
 * through `printJson`/`jsonItem`.
 */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { UsageError } from '../errors.js';
import { closest, listing } from '../domain/text.js';
import { escapeForJson, showControls } from '../text/show-controls.js';

/** The options of a command with --json, once resolveJson has run. */
export interface JsonRequest {
  json?: boolean | string;
  /** Only these top-level fields, in this order (from --json a,b,c). */
  jsonFields?: string[];
  jq?: string;
  /** The fields the command declared it outputs (set by resolveJson). */
  jsonAvailable?: readonly string[];
}

const hasOption = (cmd: Command, long: string): boolean => cmd.options.some((o) => o.long === long);

/**
 * Before any command runs: `--json a,b` becomes `json: true` with `jsonFields`, `--jq` implies
 * --json, and a profile whose `output` is json turns --json on for every command that has it
 * (read without the credential store when the config file is plain).
 */
export async function resolveJson(
  cmd: Command,
  opts: JsonRequest,
  ctx: Pick<Context, 'env' | 'profileName' | 'config' | 'debug'>,
): Promise<void> {
  if (!hasOption(cmd, '--json')) return;
  if (typeof opts.json === 'string') {
    const fields = opts.json
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    if (!fields.length)
      throw new UsageError(
        '--json needs field names separated by commas, or nothing.',
        'For example: --json number,subject,status',
      );
    // --json takes an optional value, so an argument written after it lands here: say so.
    const odd = fields.find((f) => !/^[A-Za-z_]\w*$/.test(f));
    if (odd !== undefined)
      throw new UsageError(
        `--json takes field names; "${odd}" looks like an argument of the command.`,
        `Put --json after the arguments (e.g. ic-support case lint ${odd} --json), or give field names: --json number,status`,
      );
    const { declaredFields } = await import('./json-flags.js');
    const available = declaredFields(cmd);
    // Before the command does anything: a wrong field must not come after a case was closed.
    if (available) {
      checkFields(fields, available);
      opts.jsonAvailable = available;
    }
    opts.jsonFields = fields;
    opts.json = true;
  }
  if (typeof opts.jq === 'string') {
    if (opts.jq.trim() === '') throw new UsageError('--jq needs an expression.', 'For example: --jq ".[].number"');
    // Its deadline too, before the command does anything: a bad IC_SUPPORT_JQ_TIMEOUT must not be
    // found only after a case was closed or filed.
    (await import('./jq/run-jq.js')).jqDeadlineMs(ctx.env);
    opts.json = true;
  }
  if (opts.json === undefined && (await profileWantsJson(ctx))) opts.json = true;
}

async function profileWantsJson(ctx: Pick<Context, 'env' | 'profileName' | 'config' | 'debug'>): Promise<boolean> {
  const profile = ctx.profileName();
  const { readProfileSettings } = await import('../config/profile-file.js');
  const light = readProfileSettings(ctx.env, profile);
  if (light) return light.output === 'json';
  try {
    return (await ctx.config()).profile(profile).output === 'json';
  } catch (e) {
    // A broken config file is reported by the commands that need it, not by this look-up.
    ctx.debug(`output setting not read: ${(e as Error).message}`);
    return false;
  }
}

/**
 * A sub-command whose parent declares --json too (notifications show, the sandbox's admin verbs):
 * commander gives `--json a,b` and `--jq` to the parent; they are the sub-command's all the same.
 */
export function adoptParentJson(opts: JsonRequest, parent: JsonRequest | undefined): JsonRequest {
  if (!parent) return opts;
  if (typeof parent.json === 'string' && !opts.jsonFields)
    opts.jsonFields = parent.json
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
  if (parent.json !== undefined && opts.json === undefined) opts.json = true;
  if (parent.jq && !opts.jq) opts.jq = parent.jq;
  if (opts.jq) opts.json = true;
  return opts;
}

/** The fields a value offers: its keys, or the union of its items' keys. */
function offered(data: unknown): string[] | undefined {
  const objs = Array.isArray(data) ? data : [data];
  if (!objs.length || !objs.every((o) => typeof o === 'object' && o !== null && !Array.isArray(o))) return undefined;
  return [...new Set(objs.flatMap((o) => Object.keys(o as object)))];
}

export function checkFields(fields: string[], available: readonly string[]): void {
  for (const f of fields) {
    if (available.includes(f)) continue;
    const near = closest(f, available);
    throw new UsageError(
      `--json: no field "${f}"${near ? ` (did you mean "${near}"?)` : ''}.`,
      `The fields are: ${listing([...available], 'and')}.`,
    );
  }
}

/** One object cut down to the requested fields. */
export function pick(obj: unknown, fields: string[] | undefined): unknown {
  if (!fields || typeof obj !== 'object' || obj === null || Array.isArray(obj)) return obj;
  const o = obj as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, o[f] ?? null]));
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * JSON.stringify's replacer for every --json output: a time (a key ending in "At": createdAt,
 * startsAt, fetchedAt, …; and `at` and `since`) is written as RFC 3339 in UTC to the second, 2026-12-06T19:11:33Z, the
 * form jq's `fromdate` reads (it refuses fractional seconds and offsets). Anything else as given.
 */
export function jsonTimes(key: string, value: unknown): unknown {
  if (typeof value !== 'string' || !(key.endsWith('At') || key === 'at' || key === 'since') || !INSTANT.test(value))
    return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Prints a value as --json/--jq asked; `fields` are what the command documents (else the value's own keys). */
export async function printJson(
  ctx: Pick<Context, 'io' | 'env'>,
  data: unknown,
  req: JsonRequest,
  fields?: readonly string[],
): Promise<void> {
  let value = data;
  if (req.jsonFields) {
    const available = fields ?? req.jsonAvailable ?? offered(data);
    if (available) checkFields(req.jsonFields, available);
    value = Array.isArray(data) ? data.map((d) => pick(d, req.jsonFields)) : pick(data, req.jsonFields);
  }
  if (req.jq) return filterJson(ctx, value, req.jq, false);
  ctx.io.out(`${escapeForJson(JSON.stringify(value, jsonTimes, 2))}\n`);
}

/**
 * One value of a stream (NDJSON: one JSON value per line, as case watch and outbox send print),
 * cut to the fields asked (an event without one gives null) and filtered by --jq, one line each.
 */
export async function printJsonLine(ctx: Pick<Context, 'io' | 'env'>, data: unknown, req: JsonRequest): Promise<void> {
  const value = req.jsonFields ? pick(data, req.jsonFields) : data;
  if (req.jq) return filterJson(ctx, value, req.jq, true);
  ctx.io.out(`${escapeForJson(JSON.stringify(value, jsonTimes))}\n`);
}

/**
 * jq's output as jq prints it with -r (strings raw, everything else as JSON; -c: one line each),
 * written as jq produces it, under IC_SUPPORT_JQ_TIMEOUT (src/cli/jq/run-jq.ts).
 */
async function filterJson(
  ctx: Pick<Context, 'io' | 'env'>,
  value: unknown,
  expression: string,
  compact: boolean,
): Promise<void> {
  const { runJq } = await import('./jq/run-jq.js');
  // jq prints strings raw: portal text has its controls shown before a terminal sees it.
  const shown = (text: string): string => (ctx.io.stdoutIsTTY ? showControls(text) : text);
  await runJq({
    input: JSON.stringify(value, jsonTimes),
    expression,
    compact,
    env: ctx.env,
    write: (text) => ctx.io.out(shown(text)),
    warn: (text) => ctx.io.err(showControls(text)),
  });
}
