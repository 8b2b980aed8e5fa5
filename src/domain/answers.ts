/**
 * One answer checked as it is typed: by the field's own validator, then by every rule of the case
 * type that blames this field given the answers so far (a restore date outside the retention
 * window, a training date already chosen, a Replace without the contact replaced). Everything is
 * derived from the catalog's rules (src/domain/rules.ts): no field has code of its own here. Pure.
 */
import type { CaseTypeDef, FieldDef } from './catalog/types.js';
import { fieldSchema } from './validation.js';
import { advisoryRule, applyRule, ruleFieldKeys } from './rules.js';

type Values = Record<string, unknown>;

const rootOf = (path: string): string => path.split(/[.[]/)[0] ?? path;

/**
 * The field's own check, with "required" and defaults left to the caller and the rules; its length
 * only when the limit is the portal's (`enforceLength`, see lengthsEnforced).
 */
const looseSchema = (f: FieldDef, enforceLength = true) =>
  fieldSchema({ ...f, required: false, default: undefined }, false, enforceLength);

/** The answers as the rules read them: each parsed by its field (dates as YYYY-MM-DD); what fails its own check is left out. */
export function parsedValues(type: CaseTypeDef, values: Values): Values {
  const out: Values = {};
  for (const f of type.fields) {
    if ((Object.hasOwn(values, f.key) ? values[f.key] : undefined) === undefined) continue;
    // The rules read the values whatever their length: a long text is still given.
    const r = looseSchema(f, false).safeParse(values[f.key]);
    if (r.success && r.data !== undefined) out[f.key] = r.data;
  }
  return out;
}

/**
 * The message of the first rule of the type that blames `key` for these values. A rule that only
 * warns (advisoryRule) does not stop an answer: the review lists it as a warning.
 */
function ruleBlaming(type: CaseTypeDef, key: string, values: Values, today: string): string | undefined {
  for (const rule of type.rules) {
    if (!ruleFieldKeys(rule).includes(key) || advisoryRule(rule)) continue;
    const hit = applyRule(rule, values, { today, typeId: type.id });
    if (hit && rootOf(hit.field) === key) return hit.message;
  }
  return undefined;
}

/** The message of a rule that makes the field required given the other answers (a Replace needs the name replaced). */
export function requiredByRule(type: CaseTypeDef, f: FieldDef, values: Values, today: string): string | undefined {
  const others = parsedValues(type, values);
  delete others[f.key];
  return ruleBlaming(type, f.key, others, today);
}

/**
 * Whether the field must be answered now: by the catalog's marker when it is the portal's
 * (`enforceRequired`, see requiredEnforced), or by a rule given the other answers.
 */
export function isRequiredNow(
  type: CaseTypeDef,
  f: FieldDef,
  values: Values,
  today: string,
  enforceRequired = true,
): boolean {
  return (
    (enforceRequired && f.required && f.default === undefined && !f.defaultFrom) ||
    requiredByRule(type, f, values, today) !== undefined
  );
}

/**
 * An answer (already turned into the field's kind of value; undefined for "left empty") against the
 * field's validator and the rules, with the other answers given so far: true, or the message.
 * `enforceLength`: the field's maxLength is the portal's; otherwise a longer answer passes here
 * (the form warns: overLimitWarning). `enforceRequired`: the field's required marker is the
 * portal's; otherwise (the bundled default) an empty answer passes and the review warns.
 */
export function checkAnswer(
  type: CaseTypeDef,
  f: FieldDef,
  answer: unknown,
  values: Values,
  today: string,
  enforceLength = true,
  enforceRequired = true,
): true | string {
  if (answer === undefined) {
    if (enforceRequired && f.required && f.default === undefined && !f.defaultFrom) return `${f.label} is required`;
    return requiredByRule(type, f, values, today) ?? true;
  }
  const r = looseSchema(f, enforceLength).safeParse(answer);
  if (!r.success) return r.error.issues[0]?.message ?? `${f.label} is not valid`;
  return ruleBlaming(type, f.key, { ...parsedValues(type, values), [f.key]: r.data }, today) ?? true;
}

/** The choices of a field that no rule forbids given the other answers (Critical only on an outage). */
export function allowedChoices(type: CaseTypeDef, f: FieldDef, values: Values, today: string): string[] {
  const others = parsedValues(type, values);
  return (f.choices ?? []).filter((c) => ruleBlaming(type, f.key, { ...others, [f.key]: c }, today) === undefined);
}
