/**
 * Checks the catalog's source (schemas/catalog.yaml, already parsed) against a meta-schema and
 * compiles it into the form the CLI uses: each type with its fields resolved in order. A typo in
 * the catalog fails here with its path (`types[3].fields[2]: unknown field "modul"`).
 * Used by `npm run gen` and by the tests; never at run time.
 */
import * as z from 'zod';
import { ruleFieldKeys } from '../rules.js';
import {
  FIELD_KINDS,
  GUIDANCE,
  RULE_CHECKS,
  type Catalog,
  type CaseTypeDef,
  type FieldDef,
  type RuleDef,
} from './types.js';

const id = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be kebab-case, like application-issue');
const key = z.string().regex(/^[a-z][a-zA-Z0-9]*$/, 'must be camelCase, like stepsToReproduce');

const fieldSource = z.strictObject({
  label: z.string().min(1),
  kind: z.enum(FIELD_KINDS),
  help: z.string().min(1),
  required: z.boolean(),
  default: z.string().optional(),
  defaultFrom: z.enum(['user-district', 'user']).optional(),
  choices: z.array(z.string().min(1)).min(1).optional(),
  picklist: z.string().optional(),
  maxLength: z.number().int().positive().optional(),
  maxItems: z.number().int().positive().optional(),
  origin: z.enum(['guide', 'rule']).optional(),
  statement: z.string().min(1).optional(),
});

const typeSource = z.strictObject({
  id,
  label: z.string().min(1),
  description: z.string().min(1),
  examples: z.array(z.string().min(1)).min(1),
  guidance: z.array(z.enum(GUIDANCE)).optional(),
  fields: z.array(key).min(1),
  choices: z.record(key, z.array(z.string().min(1)).min(1)).optional(),
});

const ruleSource = z.strictObject({
  id,
  check: z.enum(RULE_CHECKS),
  params: z.record(z.string(), z.unknown()),
  message: z.string().min(1),
  types: z.array(id).optional(),
  origin: z.enum(['guide', 'tool']).optional(),
  approximate: z.boolean().optional(),
});

const limitsSource = z.strictObject({
  attachmentMaxBytes: z.number().int().positive().optional(),
  attachmentsPerCase: z.number().int().positive().optional(),
  passwordMinLength: z.number().int().positive().optional(),
});

export const catalogSource = z.strictObject({
  catalogVersion: z.string().min(1),
  limits: limitsSource.optional(),
  fields: z.record(key, fieldSource),
  types: z.array(typeSource).min(1),
  rules: z.array(ruleSource),
});

export class CatalogError extends Error {
  constructor(readonly problems: string[]) {
    super(`The case-type catalog is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const ALWAYS = ['account', 'contact', 'priority', 'subject', 'description'];

export function compileCatalog(source: unknown): Catalog {
  const parsed = catalogSource.safeParse(source);
  if (!parsed.success) {
    throw new CatalogError(
      parsed.error.issues.map(
        (i) =>
          `${i.path.reduce<string>((a, p) => (typeof p === 'number' ? `${a}[${p}]` : a ? `${a}.${String(p)}` : String(p)), '') || '(root)'}: ${i.message}`,
      ),
    );
  }
  const src = parsed.data;
  const problems: string[] = [];
  const seenTypes = new Set<string>();

  const types: CaseTypeDef[] = src.types.map((t, ti) => {
    if (seenTypes.has(t.id)) problems.push(`types[${ti}].id: duplicate type id "${t.id}"`);
    seenTypes.add(t.id);
    for (const k of ALWAYS) {
      if (!t.fields.includes(k)) problems.push(`types[${ti}].fields: every type has ${k}; "${t.id}" lacks it`);
    }
    const seen = new Set<string>();
    const fields: FieldDef[] = [];
    t.fields.forEach((k, fi) => {
      const def = src.fields[k];
      if (!def) {
        problems.push(`types[${ti}].fields[${fi}]: unknown field "${k}"`);
        return;
      }
      if (seen.has(k)) problems.push(`types[${ti}].fields[${fi}]: "${k}" is listed twice`);
      seen.add(k);
      const choices = t.choices?.[k] ?? def.choices;
      if ((def.kind === 'choice' || def.kind === 'multichoice') && !choices) {
        problems.push(`types[${ti}].choices.${k}: "${k}" is a choice field with no choices for "${t.id}"`);
      }
      if (def.default !== undefined && choices && !choices.includes(def.default)) {
        problems.push(`fields.${k}.default: "${def.default}" is not one of its choices`);
      }
      fields.push({ key: k, ...def, ...(choices ? { choices } : {}) });
    });
    for (const k of Object.keys(t.choices ?? {})) {
      if (!t.fields.includes(k)) problems.push(`types[${ti}].choices.${k}: "${k}" is not a field of "${t.id}"`);
    }
    return {
      id: t.id,
      label: t.label,
      description: t.description,
      examples: t.examples,
      guidance: t.guidance ?? [],
      fields,
      rules: [] as RuleDef[],
    };
  });

  const seenRules = new Set<string>();
  src.rules.forEach((r, ri) => {
    if (seenRules.has(r.id)) problems.push(`rules[${ri}].id: duplicate rule id "${r.id}"`);
    seenRules.add(r.id);
    for (const t of r.types ?? []) {
      if (!seenTypes.has(t)) problems.push(`rules[${ri}].types: unknown case type "${t}"`);
    }
    const keys = ruleFieldKeys(r);
    if (keys.length === 0) problems.push(`rules[${ri}].params: names no field`);
    for (const k of keys) {
      if (!src.fields[k]) problems.push(`rules[${ri}].params: unknown field "${k}"`);
    }
    const applies = types.filter((t) =>
      r.types ? r.types.includes(t.id) : keys.every((k) => t.fields.some((f) => f.key === k)),
    );
    for (const t of applies) {
      for (const k of keys) {
        if (!t.fields.some((f) => f.key === k))
          problems.push(`rules[${ri}]: applies to "${t.id}", which has no field "${k}"`);
      }
      t.rules.push({
        id: r.id,
        check: r.check,
        params: r.params,
        message: r.message,
        ...(r.types ? { types: r.types } : {}),
        ...(r.origin ? { origin: r.origin } : {}),
        ...(r.approximate ? { approximate: r.approximate } : {}),
      });
    }
  });

  for (const [k, def] of Object.entries(src.fields)) {
    if (def.kind === 'acknowledgement' && (def.origin !== 'rule' || !def.statement))
      problems.push(
        `fields.${k}: an acknowledgement is the guide's rule, not a portal field: give it origin: rule and a statement`,
      );
  }
  if (problems.length > 0) throw new CatalogError([...new Set(problems)]);
  return { catalogVersion: src.catalogVersion, ...(src.limits ? { limits: src.limits } : {}), types };
}
