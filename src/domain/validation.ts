/**
 * Validators derived from the catalog: one zod schema per case type (a discriminated union on
 * `type`), carrying each field's own checks and the type's rules. The CLI (flags, prompts, case
 * files, batches), the JSON Schema generator and the sandbox's server all validate through here.
 * Messages name the field's label and how to fix it; every problem is reported, not just the first.
 */
import './zod.js';
import * as z from 'zod/mini';
import type { $ZodIssue } from 'zod/v4/core';
import type { Catalog, CaseTypeDef, FieldDef } from './catalog/types.js';
import { catalog as defaultCatalog, flagName } from './catalog/index.js';
import { markedRequired, openList, requiredEnforced } from './catalog/merge.js';
import { limitWhose } from './catalog/describe.js';
import { DATE_INPUT_PATTERN, normalizeDate } from './dates.js';
import { advisoryNote, advisoryRule, applyRule, ruleFieldKeys } from './rules.js';
import { closest, listing } from './text.js';
import type { FieldIssue } from '../errors.js';
import { EMAIL } from './email.js';

export interface ValidationOptions {
  /** Today's date where the user is, YYYY-MM-DD (rules about the past and the future use it). */
  today: string;
  catalog?: Catalog;
  /**
   * The sandbox validating as the portal it is: every rule it publishes blocks (advisoryRule), and
   * what its catalog marks required is required.
   */
  asPortal?: boolean;
}

/** A case that passed validation: the case type, its fields with defaults applied, attachments. */
export interface ValidCase {
  caseType: string;
  fields: Record<string, string | string[] | boolean>;
  attachments: string[];
}

/**
 * A warning never blocks: a value outside a list the guide leaves to the portal while the list is
 * only the bundled guess ("not in the bundled list; the portal will check"), a text longer than a
 * limit only the bundled default gives (the guide states none; the portal checks its own), a field
 * only the bundled catalog marks required (the guide lists none), a rule that is this tool's own
 * check, or the guide's window on a date it calls approximate. `source` says whose the rule is:
 * the bundled default, this tool's own check, or the guide's (approximate).
 */
export interface CaseWarning extends FieldIssue {
  code: 'not-in-list' | 'over-bundled-limit' | 'missing-bundled-required' | 'own-check' | 'approximate-date';
  source: 'bundled' | 'tool' | 'guide';
}

export type ValidationResult =
  | { ok: true; value: ValidCase; warnings: CaseWarning[] }
  | { ok: false; issues: FieldIssue[]; warnings: CaseWarning[] };

/**
 * Keys a case file may hold besides the catalog fields. The case type is `caseType` because `type`
 * is a field of its own (the guide's "Type" on Application Issue and Technical Services).
 */
export const ENVELOPE_KEYS = ['caseType', 'attachments'] as const;

// Control characters other than tab and newlines mean binary data pasted by mistake.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const PHONE = /^\+?[0-9()\-.\s]{7,25}(\s*(x|ext\.?)\s*\d{1,6})?$/i;

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? `"${v.slice(0, 37)}..."` : `"${v}"`;
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${String(v)}`;
}

const where = (f: FieldDef): string => `(flag ${flagName(f)}, case-file key ${f.key})`;

function typed(f: FieldDef, expected: string) {
  return (iss: { input?: unknown }) =>
    iss.input === undefined
      ? `${f.label} is required ${where(f)}`
      : `${f.label} must be ${expected}, not ${describeValue(iss.input)}`;
}

/**
 * Whether the view's field lengths (maxLength) are the portal's, stated in its catalog: only those
 * are enforced. The guide states none; the bundled ones (offline, or a portal whose catalog gives
 * no fields) are only warned about (overLimitWarnings), and the portal checks its own.
 */
export function lengthsEnforced(cat: Pick<Catalog, 'fieldsFrom'> | undefined): boolean {
  return cat?.fieldsFrom === 'portal';
}

// zod/mini, not zod's classic API: the same engine (zod/v4/core) without the ~70 methods classic
// gives every schema it makes, so a command that validates one case loads a third of the code and
// builds its schemas faster. Each field's checks are given together (.check(a, b, c), in order),
// and descriptions are registered on the schema itself.
function textSchema(f: FieldDef, enforce: boolean) {
  const max = f.maxLength && enforce ? f.maxLength : undefined;
  return z.string({ error: typed(f, 'text') }).check(
    z.trim(),
    z.minLength(1, { error: `${f.label} is empty; write a value or leave the field out` }),
    ...(max
      ? [
          z.maxLength(max, {
            error: (iss: { input?: unknown }) =>
              `${f.label} is ${String((iss.input as string).length)} characters; shorten it to ${max} or fewer (${limitWhose('portal')})`,
          }),
        ]
      : []),
    z.refine((v: string) => !CONTROL.test(v), {
      error: `${f.label} contains control characters (binary data?); use plain text`,
    }),
  );
}

function dateSchema(f: FieldDef, label = f.label) {
  return z.pipe(
    z.string({ error: typed(f, 'a date (MM/DD/YYYY)') }).check(
      z.regex(new RegExp(DATE_INPUT_PATTERN), {
        abort: true,
        error: (iss) => `${label} must be a date as MM/DD/YYYY (or YYYY-MM-DD), not ${describeValue(iss.input)}`,
      }),
      z.refine((v: string) => normalizeDate(v) !== undefined, {
        error: (iss) => `${label}: ${describeValue(iss.input)} is not a real calendar date`,
      }),
    ),
    z.transform((v: string) => normalizeDate(v) as string),
  );
}

function choiceSchema(f: FieldDef, open = false) {
  const choices = f.choices ?? [];
  // Offline, the list is our guess: any plain text passes here and is warned about afterwards (an
  // open list is never the portal's, so its length is not ours to enforce either).
  if (open) return textSchema(f, false).register(z.globalRegistry, { examples: choices });
  return z.enum(choices as [string, ...string[]], {
    error: (iss) => {
      if (iss.input === undefined) return `${f.label} is required ${where(f)}`;
      const near = typeof iss.input === 'string' ? closest(iss.input, choices) : undefined;
      return `${f.label} must be one of: ${choices.join(', ')} (not ${describeValue(iss.input)}${near ? `; did you mean "${near}"?` : ''})`;
    },
  });
}

/**
 * The zod schema of one field, from its kind and attributes. `open`: the field's list is only the
 * bundled guess (see openList), so values outside it are accepted here. `enforceLength`: its
 * maxLength is the portal's (see lengthsEnforced); otherwise a longer text passes here and is
 * warned about afterwards.
 */
export function fieldSchema(f: FieldDef, open = false, enforceLength = true, enforceRequired = true): z.ZodMiniType {
  let s: z.ZodMiniType;
  switch (f.kind) {
    case 'text':
    case 'longtext':
    case 'account':
    case 'contact':
      s = textSchema(f, enforceLength);
      break;
    case 'choice':
      s = choiceSchema(f, open);
      break;
    case 'multichoice':
      s = z.array(choiceSchema(f), { error: typed(f, 'a list of choices') }).check(
        z.minLength(1, { error: `${f.label} needs at least one of: ${(f.choices ?? []).join(', ')}` }),
        z.refine((v: unknown[]) => new Set(v).size === v.length, {
          error: `${f.label} lists a choice twice; list each once`,
        }),
      );
      break;
    case 'date':
      s = dateSchema(f);
      break;
    case 'dates': {
      const max = f.maxItems ?? 3;
      s = z
        .array(dateSchema(f, `Each ${f.label}`), { error: typed(f, `a list of up to ${max} dates`) })
        .check(
          z.minLength(1, { error: `${f.label} needs at least one date` }),
          z.maxLength(max, { error: `${f.label} takes at most ${max} dates (first, second and third choice)` }),
        );
      break;
    }
    case 'email':
      s = z
        .string({ error: typed(f, 'an email address') })
        .check(
          z.trim(),
          z.maxLength(254, { abort: true, error: `${f.label} is longer than an email address can be` }),
          z.regex(EMAIL, {
            error: (iss) =>
              `${f.label} must be an email address like name@district.org, not ${describeValue(iss.input)}`,
          }),
        )
        .register(z.globalRegistry, { format: 'email' });
      break;
    case 'phone':
      s = z.string({ error: typed(f, 'a phone number') }).check(
        z.trim(),
        z.regex(PHONE, {
          abort: true,
          error: (iss) =>
            `${f.label} must be a phone number like 555-123-4567 or +1 (555) 123-4567 x12, not ${describeValue(iss.input)}`,
        }),
        z.refine((v: string) => (v.replace(/(x|ext\.?)\s*\d+$/i, '').match(/\d/g) ?? []).length >= 7, {
          error: `${f.label} needs at least 7 digits`,
        }),
      );
      break;
    case 'acknowledgement':
      s = z.boolean({ error: typed(f, 'true or false') });
      break;
  }
  // Merged with what the field's schema has registered already (an open list's examples).
  s = s.register(z.globalRegistry, { ...z.globalRegistry.get(s), title: f.label, description: f.help });
  if (f.default !== undefined) return z._default(s, f.default as never);
  return f.required && f.kind !== 'acknowledgement' && !f.defaultFrom && enforceRequired ? s : z.optional(s);
}

export function caseTypeSchema(t: CaseTypeDef, opts: ValidationOptions) {
  const cat = opts.catalog ?? defaultCatalog;
  const shape: Record<string, z.ZodMiniType> = {
    caseType: z.literal(t.id).register(z.globalRegistry, { description: t.label }),
    attachments: z
      .optional(
        z.array(z.string({ error: 'each attachment must be a file path' }).check(z.minLength(1)), {
          error: 'attachments must be a list of file paths',
        }),
      )
      .register(z.globalRegistry, {
        description: 'Files to attach after the case is created (paths relative to the case file).',
      }),
  };
  const asPortal = opts.asPortal === true;
  for (const f of t.fields)
    shape[f.key] = fieldSchema(f, openList(cat, f), lengthsEnforced(cat), asPortal || requiredEnforced(cat));
  let failed = new Set<string>();
  return z
    .strictObject(shape)
    .register(z.globalRegistry, { title: t.label, description: t.description })
    .check(
      z.superRefine(
        (value, ctx) => {
          for (const rule of t.rules) {
            // What only warns here is checked after the parse (ruleWarnings).
            if (advisoryRule(rule, asPortal)) continue;
            // A field that failed its own check is reported already; its rules would only repeat it.
            if (ruleFieldKeys(rule).some((k) => failed.has(k))) continue;
            const hit = applyRule(rule, value as Record<string, unknown>, { today: opts.today, typeId: t.id });
            if (hit)
              ctx.addIssue({
                code: 'custom',
                path: hit.field
                  .split(/[[\]]/)
                  .filter(Boolean)
                  .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
                message: hit.message,
              });
          }
        },
        // Rules run even when some fields failed: every problem is reported at once.
        {
          when: (payload) => {
            failed = new Set(payload.issues.map((i) => String(i.path?.[0] ?? '')));
            return true;
          },
        },
      ),
    );
}

const cache = new WeakMap<Catalog, Map<string, z.ZodMiniType>>();

/** A schema built once per catalog view, day and `what`; the day's others are dropped at a new day. */
function cached(opts: ValidationOptions, what: string, build: (cat: Catalog) => z.ZodMiniType): z.ZodMiniType {
  const cat = opts.catalog ?? defaultCatalog;
  let built = cache.get(cat);
  if (!built) cache.set(cat, (built = new Map()));
  const key = `${opts.today}\u0000${opts.asPortal === true ? 'portal\u0000' : ''}${what}`;
  let s = built.get(key);
  if (!s) {
    for (const k of built.keys()) if (!k.startsWith(`${opts.today}\u0000`)) built.delete(k);
    s = build(cat);
    built.set(key, s);
  }
  return s;
}

/** All case types as one discriminated union on `type` (built once per catalog view and day). */
export function caseSchema(opts: ValidationOptions): z.ZodMiniType {
  return cached(opts, '', (cat) =>
    z.discriminatedUnion('caseType', cat.types.map((t) => caseTypeSchema(t, { ...opts, catalog: cat })) as never),
  );
}

/**
 * The schema that checks this case: its own type's when it names a known one (the union would pick
 * that one and report the same issues, but building every type's schema costs several times more),
 * else the union, whose error lists the case types.
 */
function schemaFor(given: Record<string, unknown>, opts: ValidationOptions): z.ZodMiniType {
  const t =
    typeof given.caseType === 'string'
      ? (opts.catalog ?? defaultCatalog).types.find((x) => x.id === given.caseType)
      : undefined;
  return t ? cached(opts, t.id, (cat) => caseTypeSchema(t, { ...opts, catalog: cat })) : caseSchema(opts);
}

/** Values outside a list that is only the bundled guess: warnings, in the guide's spirit. */
export function listWarnings(input: Record<string, unknown>, cat: Catalog): CaseWarning[] {
  const t = cat.types.find((x) => x.id === input.caseType);
  if (!t) return [];
  const out: CaseWarning[] = [];
  for (const f of t.fields) {
    const v = input[f.key];
    if (f.kind !== 'choice' || !openList(cat, f) || typeof v !== 'string' || v.trim() === '') continue;
    if (!(f.choices ?? []).includes(v.trim()))
      out.push({
        field: f.key,
        code: 'not-in-list',
        source: 'bundled',
        message: `${f.label} "${v.trim()}" is not in the bundled list; the portal will check (bundled: ${(f.choices ?? []).join(', ')})`,
      });
  }
  return out;
}

/**
 * A text longer than a limit that is not the portal's (see lengthsEnforced): the field, the number
 * and that the portal will check. Undefined when within it, or when the portal's limit applies
 * (then the field's validator refuses it).
 */
export function overLimitWarning(
  f: Pick<FieldDef, 'key' | 'label' | 'maxLength' | 'kind'>,
  v: unknown,
  cat: Pick<Catalog, 'fieldsFrom' | 'listsFrom'> | undefined,
): CaseWarning | undefined {
  if (!f.maxLength || typeof v !== 'string' || f.kind === 'email' || f.kind === 'phone' || f.kind === 'date')
    return undefined;
  const open = f.kind === 'choice' && openList(cat ?? {}, f as Pick<FieldDef, 'picklist'>);
  if (lengthsEnforced(cat) && !open) return undefined;
  const n = v.trim().length;
  if (n <= f.maxLength) return undefined;
  return {
    field: f.key,
    code: 'over-bundled-limit',
    source: 'bundled',
    message: `${f.label} is ${n} characters, over ${f.maxLength} (${limitWhose('bundled')}): it is sent as it is and the portal will check`,
  };
}

function overLimitWarnings(input: Record<string, unknown>, cat: Catalog): CaseWarning[] {
  const t = cat.types.find((x) => x.id === input.caseType);
  return (t?.fields ?? []).flatMap((f) => overLimitWarning(f, input[f.key], cat) ?? []);
}

/**
 * Fields the bundled catalog marks required that the case lacks, while the markers are only the
 * bundled default (requiredEnforced): each a warning naming it; the case is sent and the portal decides.
 */
export function requiredWarnings(input: Record<string, unknown>, cat: Catalog): CaseWarning[] {
  if (requiredEnforced(cat)) return [];
  const t = cat.types.find((x) => x.id === input.caseType);
  return (t?.fields ?? [])
    .filter((f) => markedRequired(f) && (Object.hasOwn(input, f.key) ? input[f.key] : undefined) === undefined)
    .map((f) => ({
      field: f.key,
      code: 'missing-bundled-required' as const,
      source: 'bundled' as const,
      message: `${f.label} is not given ${where(f)}; the bundled catalog marks it required (the bundled default: the guide lists no required fields; the portal decides): it is sent without it`,
    }));
}

/**
 * The rules that only warn here (advisoryRule: this tool's own checks, the guide's window on an
 * approximate date), run on the case's values: each broken one a warning with its message and who
 * decides. `values`: the parsed case when it passed (dates as YYYY-MM-DD), else what was given.
 */
export function ruleWarnings(values: Record<string, unknown>, opts: ValidationOptions): CaseWarning[] {
  const cat = opts.catalog ?? defaultCatalog;
  const t = cat.types.find((x) => x.id === values.caseType);
  if (!t) return [];
  const out: CaseWarning[] = [];
  for (const rule of t.rules) {
    if (!advisoryRule(rule, opts.asPortal === true)) continue;
    const hit = applyRule(rule, values, { today: opts.today, typeId: t.id });
    if (hit)
      out.push({
        field: hit.field,
        code: rule.origin === 'tool' ? 'own-check' : 'approximate-date',
        source: rule.origin === 'tool' ? 'tool' : 'guide',
        message: `${hit.message} (${advisoryNote(rule)})`,
      });
  }
  return out;
}

function pathString(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
}

/** Turns zod's issues into one `field: message` each, in the catalog's words. */
function toFieldIssues(issues: readonly $ZodIssue[], input: Record<string, unknown>, cat: Catalog): FieldIssue[] {
  const out: FieldIssue[] = [];
  const t = cat.types.find((x) => x.id === input.caseType);
  for (const iss of issues) {
    if (iss.code === 'unrecognized_keys') {
      const known = [...ENVELOPE_KEYS, ...(t?.fields.map((f) => f.key) ?? [])];
      for (const k of iss.keys) {
        const guess = closest(k, known);
        out.push({
          field: pathString([...iss.path, k]),
          message: `not a field of ${t?.label ?? 'this case type'}${guess ? `; did you mean ${guess}?` : ''} (see: ic-support case fields ${t?.id ?? '<type>'})`,
        });
      }
    } else if (iss.code === 'invalid_union' && pathString(iss.path) === 'caseType') {
      const ids = cat.types.map((x) => x.id);
      const given = input.caseType;
      const guess = typeof given === 'string' ? closest(given, ids) : undefined;
      out.push({
        field: 'caseType',
        message:
          given === undefined
            ? `the case type is required: one of ${listing(ids)}`
            : `unknown case type ${describeValue(given)}${guess ? `; did you mean ${guess}?` : ''} (one of ${ids.join(', ')})`,
      });
    } else {
      out.push({ field: pathString(iss.path) || '(case)', message: iss.message });
    }
  }
  return out;
}

/** Validates a draft case (from flags, prompts, a case file or a request body). */
export function validateCase(input: unknown, opts: ValidationOptions): ValidationResult {
  const cat = opts.catalog ?? defaultCatalog;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      issues: [{ field: '(case)', message: `a case must be a mapping of field: value, not ${describeValue(input)}` }],
      warnings: [],
    };
  }
  // An empty value (a YAML key left blank, an empty flag) means "not given": required fields then
  // say "is required", optional ones are simply absent.
  // Without a prototype: a field the portal names `constructor` or `toString` is absent until given.
  const given: Record<string, unknown> = Object.assign(
    Object.create(null) as Record<string, unknown>,
    Object.fromEntries(
      Object.entries(input).filter(([, v]) => v !== null && !(typeof v === 'string' && v.trim() === '')),
    ),
  );
  const parsed = schemaFor(given, opts).safeParse(given);
  const warnings = [
    ...listWarnings(given, cat),
    ...overLimitWarnings(given, cat),
    ...(opts.asPortal ? [] : requiredWarnings(given, cat)),
    ...ruleWarnings(parsed.success ? (parsed.data as Record<string, unknown>) : given, opts),
  ];
  if (!parsed.success) return { ok: false, issues: toFieldIssues(parsed.error.issues, given, cat), warnings };
  const { caseType, attachments, ...fields } = parsed.data as Record<string, unknown>;
  return {
    ok: true,
    value: {
      caseType: caseType as string,
      fields: fields as ValidCase['fields'],
      attachments: (attachments as string[] | undefined) ?? [],
    },
    warnings,
  };
}
