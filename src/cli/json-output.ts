/**
 * gh-style JSON output, in one place: `--json` alone prints everything, `--json a,b,c` only those
 * fields, `--jq EXPR` filters with jq (jq-wasm: jq itself compiled to WebAssembly, loaded only when
 * --jq is given); and a profile's `output: json` turns --json on for every command that has it.
 * `resolveJson` runs once, before any command, from the command's declared options; commands print
 * through `printJson`/`jsonItem`.
 */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { UsageError } from '../errors.js';
import { closest, listing } from '../domain/text.js';
import { inert } from '../render/inert.js';

/** The options of a command with --json, once resolveJson has run. */
export interface JsonRequest {
  json?: boolean | string;
  /** Only these top-level fields, in this order (from --json a,b,c). */
  jsonFields?: string[];
  jq?: string;
}

const hasOption = (cmd: Command, long: string): boolean => cmd.options.some((o) => o.long === long);

/**
 * Before any command runs: `--json a,b` becomes `json: true` with `jsonFields`, `--jq` implies
 * --json, and a profile whose `output` is json turns --json on for every command that has it
 * (read without the credential store when the config file is plain).
 */
export async function resolveJson(cmd: Command, opts: JsonRequest, ctx: Pick<Context, 'env' | 'profileName' | 'config' | 'debug'>): Promise<void> {
  if (!hasOption(cmd, '--json')) return;
  if (typeof opts.json === 'string') {
    const fields = opts.json.split(',').map((f) => f.trim()).filter(Boolean);
    if (!fields.length) throw new UsageError('--json needs field names separated by commas, or nothing.', 'For example: --json number,subject,status');
    opts.jsonFields = fields;
    opts.json = true;
  }
  if (typeof opts.jq === 'string') {
    if (opts.jq.trim() === '') throw new UsageError('--jq needs an expression.', 'For example: --jq ".[].number"');
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
    throw new UsageError(`--json: no field "${f}"${near ? ` (did you mean "${near}"?)` : ''}.`, `The fields are: ${listing([...available], 'and')}.`);
  }
}

/** One object cut down to the requested fields. */
export function pick(obj: unknown, fields: string[] | undefined): unknown {
  if (!fields || typeof obj !== 'object' || obj === null || Array.isArray(obj)) return obj;
  const o = obj as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, o[f] ?? null]));
}

/** Prints a value as --json/--jq asked; `fields` are what the command documents (else the value's own keys). */
export async function printJson(ctx: Pick<Context, 'io'>, data: unknown, req: JsonRequest, fields?: readonly string[]): Promise<void> {
  let value = data;
  if (req.jsonFields) {
    const available = fields ?? offered(data);
    if (available) checkFields(req.jsonFields, available);
    value = Array.isArray(data) ? data.map((d) => pick(d, req.jsonFields)) : pick(data, req.jsonFields);
  }
  if (req.jq) {
    // jq prints strings raw: portal text is made inert before a terminal sees it.
    const out = await runJq(value, req.jq);
    ctx.io.out(ctx.io.stdoutIsTTY ? inert(out) : out);
    return;
  }
  ctx.io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** jq's output as jq prints it to a terminal with -r: strings raw, everything else as JSON. */
export async function runJq(value: unknown, expression: string): Promise<string> {
  const jq = await import('jq-wasm');
  try {
    const out = await jq.raw(JSON.stringify(value), expression, ['-r']);
    return out === '' || out.endsWith('\n') ? out : `${out}\n`;
  } catch (e) {
    const msg = String((e as Error).message ?? e).replace(/^Failed to execute JSON query:\s*/, '').trim();
    throw new UsageError(`--jq: ${msg}`, 'Check the expression (jq syntax: https://jqlang.org/manual/).');
  }
}
