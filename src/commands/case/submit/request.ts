/**
 * `case submit`'s command line, read into what to do before anything is read or sent: one case (its
 * field flags and --field entries by field key, @path and - not yet read) or a batch. Pure.
 */
import type { FieldDef } from '../../../domain/catalog/index.js';
import type { RawValue } from '../../../domain/input.js';
import { camelCase } from '../../../domain/text.js';
import { UsageError } from '../../../errors.js';
import type { JsonRequest } from '../../../cli/json-output.js';
import { allFields, fieldFlagValues } from './field-flags.js';
import type { SubmitOptions } from './options.js';

/** One submission as the command line asks for it, before anything is read or sent. */
export interface SubmitRequest {
  typeArg: string | undefined;
  fromFile: string | undefined;
  draftId: string | undefined;
  idempotencyKey: string | undefined;
  attach: string[];
  dryRun: boolean;
  /** --json (with its fields and --jq), when asked. */
  json: JsonRequest | undefined;
  /** --web: open the filed case's page. */
  web: boolean;
  /** Field flags and --field entries, by field key, as typed (@path and - not yet read). */
  given: Record<string, RawValue>;
}

export type ParsedSubmit =
  | { batch: { file: string; concurrency: number; dryRun: boolean; json: JsonRequest | undefined } }
  | { one: SubmitRequest };

/** A field of the bundled catalog, by key (the chosen type's own field decides first: run.ts). */
export const fieldDef = (key: string): FieldDef | undefined => allFields().find((f) => f.key === key);

/** `--field key=value`: the key as in a case file (stepsToReproduce) or as a flag (steps-to-reproduce). */
function parseFieldArgs(entries: string[], typeArg: string | undefined): Record<string, RawValue> {
  const out: Record<string, RawValue> = {};
  for (const e of entries) {
    const eq = e.indexOf('=');
    if (eq <= 0)
      throw new UsageError(
        `--field "${e}" is not key=value`,
        `For example: --field module="Grade Book" (keys: ic-support case fields ${typeArg ?? '<case-type>'})`,
      );
    const rawKey = e.slice(0, eq).trim().replace(/^--/, '');
    const key = rawKey.includes('-') ? camelCase(rawKey) : rawKey;
    if (key === 'caseType')
      throw new UsageError(
        '--field caseType: the case type is not a field.',
        `Give it as the first argument: ic-support case submit ${typeArg ?? '<case-type>'} …`,
      );
    if (key === 'attachments')
      throw new UsageError(
        '--field attachments: attachments are files, not a field.',
        'Attach files with --attach FILE (repeatable).',
      );
    const value = e.slice(eq + 1);
    const def = fieldDef(key);
    const prev = out[key];
    if (def && (def.kind === 'multichoice' || def.kind === 'dates')) {
      out[key] = [...(Array.isArray(prev) ? prev : []), value];
    } else if (!def && prev !== undefined) {
      // A field the bundled catalog lacks (the portal's own), repeated: every value kept, and the
      // chosen type's field decides (a list takes them all; a single value, the last: coerceValue).
      out[key] = [...(Array.isArray(prev) ? prev : [String(prev)]), value];
    } else out[key] = value;
  }
  return out;
}

function parseConcurrency(v: string | undefined): number {
  const n = v === undefined ? 8 : Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 32)
    throw new UsageError(`--concurrency "${v}" is not a whole number from 1 to 32`);
  return n;
}

/**
 * argv → what to do; pure (commander's .conflicts() already refused --batch with the one-case options).
 * `portalFields`: the fields only the portal's catalog has that got a flag before parsing (field-flags.ts).
 */
export function parseSubmitOptions(
  typeArg: string | undefined,
  opts: SubmitOptions,
  portalFields: readonly FieldDef[] = [],
): ParsedSubmit {
  const concurrency = parseConcurrency(opts.concurrency);
  if (opts.batch) {
    if (typeArg)
      throw new UsageError(
        '--batch takes its cases from the batch file alone.',
        "Put each case's type, fields and attachments in the file; drop the case type argument.",
      );
    return {
      batch: { file: opts.batch, concurrency, dryRun: opts.dryRun === true, json: opts.json ? opts : undefined },
    };
  }
  return {
    one: {
      typeArg,
      fromFile: opts.fromFile,
      draftId: opts.draft,
      idempotencyKey: opts.idempotencyKey,
      attach: opts.attach ?? [],
      dryRun: opts.dryRun === true,
      json: opts.json ? opts : undefined,
      web: opts.web === true,
      given: {
        ...fieldFlagValues(opts, [...allFields(), ...portalFields]),
        ...parseFieldArgs(opts.field ?? [], typeArg),
      },
    },
  };
}
