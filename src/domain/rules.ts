/**
 * The rule functions that schemas/catalog.yaml names under `rules:`. Each receives the case as
 * parsed so far (fields that failed their own validation are already reported and are skipped
 * here), the rule's params from the catalog, and the clock; it returns the field to blame and
 * values for the message's {placeholders}, or nothing when the case satisfies the rule.
 * Pure: the date of "today" is given, never read.
 */
import type { RuleCheck, RuleDef } from './catalog/types.js';
import { addDays, formatUsDate, isIsoDate } from './dates.js';

export interface RuleContext {
  /** Today's date where the user is, YYYY-MM-DD. */
  today: string;
  typeId: string;
}

export interface RuleViolation {
  field: string;
  vars?: Record<string, string>;
  /** The date the rule refused, named in the message (MM/DD/YYYY) so the user sees which one. */
  date?: string;
}

type Values = Record<string, unknown>;
type RuleFn = (values: Values, params: Record<string, unknown>, ctx: RuleContext) => RuleViolation | undefined;

interface When {
  field: string;
  equals: unknown;
}

const str = (v: unknown): string => String(v);
/** A case's value by its key, own properties only: a field named `constructor` is not Object's. */
const own = (values: Values, key: string): unknown => (Object.hasOwn(values, key) ? values[key] : undefined);
const whenHolds = (values: Values, when: When): boolean => own(values, when.field) === when.equals;
const isEmpty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export const ruleFunctions: Record<RuleCheck, RuleFn> = {
  valueOnlyOnTypes(values, p, ctx) {
    const field = str(p.field);
    const allowed = p.types as string[];
    return own(values, field) === p.value && !allowed.includes(ctx.typeId) ? { field } : undefined;
  },

  acknowledged(values, p) {
    const field = str(p.field);
    return own(values, field) === true ? undefined : { field };
  },

  acknowledgedWhen(values, p) {
    const field = str(p.field);
    return whenHolds(values, p.when as When) && own(values, field) !== true ? { field } : undefined;
  },

  requiredWhen(values, p) {
    const field = str(p.field);
    return whenHolds(values, p.when as When) && isEmpty(own(values, field)) ? { field } : undefined;
  },

  dateWithinPastDays(values, p, ctx) {
    const field = str(p.field);
    const v = own(values, field);
    if (!isIsoDate(v)) return undefined;
    const from = addDays(ctx.today, -Number(p.days));
    return v < from || v > ctx.today
      ? { field, vars: { from: formatUsDate(from), to: formatUsDate(ctx.today) }, date: v }
      : undefined;
  },

  dateNotInFuture(values, p, ctx) {
    const field = str(p.field);
    const v = own(values, field);
    return isIsoDate(v) && v > ctx.today ? { field, date: v } : undefined;
  },

  datesFutureAndDistinct(values, p, ctx) {
    const fields = p.fields as string[];
    const seen = new Set<string>();
    for (const field of fields) {
      const v = own(values, field);
      const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
      for (let i = 0; i < list.length; i++) {
        const d = list[i];
        if (!isIsoDate(d)) continue;
        const path = Array.isArray(v) ? `${field}[${i}]` : field;
        if (d <= ctx.today || seen.has(d)) return { field: path, date: d };
        seen.add(d);
      }
    }
    return undefined;
  },
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
const strList = (v: unknown): boolean => Array.isArray(v) && v.every(isStr);
const goodWhen = (v: unknown): boolean => isObj(v) && isStr(v.field) && Object.hasOwn(v, 'equals');

/**
 * Whether a rule's params have what its check reads (a portal's catalog may send a rule without
 * its `when`, or `days` as text): one that does not is skipped like an unknown rule — the portal
 * enforces it — and never ends in an internal error.
 */
export function ruleParamsFit(rule: Pick<RuleDef, 'check' | 'params'>): boolean {
  const p = rule.params;
  if (!isObj(p)) return false;
  switch (rule.check) {
    case 'valueOnlyOnTypes':
      return isStr(p.field) && strList(p.types) && Object.hasOwn(p, 'value');
    case 'acknowledged':
    case 'dateNotInFuture':
      return isStr(p.field);
    case 'acknowledgedWhen':
    case 'requiredWhen':
      return isStr(p.field) && goodWhen(p.when);
    case 'dateWithinPastDays':
      return (
        isStr(p.field) && typeof p.days === 'number' && Number.isInteger(p.days) && p.days >= 0 && p.days < 100_000
      );
    case 'datesFutureAndDistinct':
      return strList(p.fields);
    default:
      return false;
  }
}

/** Runs a rule; one this client does not know (a newer portal's) is skipped: the portal enforces it. */
export function applyRule(
  rule: RuleDef,
  values: Values,
  ctx: RuleContext,
): { field: string; message: string } | undefined {
  const fn =
    Object.hasOwn(ruleFunctions, rule.check) && ruleParamsFit(rule)
      ? ruleFunctions[rule.check as RuleCheck]
      : undefined;
  const v = fn?.(values, rule.params, ctx);
  if (!v) return undefined;
  const text = rule.message.replace(/\{(\w+)\}/g, (m, k: string) => v.vars?.[k] ?? m);
  const message = v.date ? `${text.trimEnd().replace(/\.$/, '')} (you gave ${formatUsDate(v.date)}).` : text;
  return { field: v.field, message };
}

/**
 * Whether a rule only warns here: this tool's own check, or the guide's rule on a date it calls
 * approximate, as the bundled catalog holds them (a portal's catalog states its rules without these
 * marks: they are the portal's, and block). `asPortal`: the sandbox, which is the portal and
 * enforces every rule it publishes.
 */
export function advisoryRule(rule: Pick<RuleDef, 'origin' | 'approximate'>, asPortal = false): boolean {
  return !asPortal && (rule.origin === 'tool' || rule.approximate === true);
}

/** Whose an advisory rule is, in words, after its message: the warning says who decides. */
export function advisoryNote(rule: Pick<RuleDef, 'origin' | 'approximate'>): string {
  return rule.origin === 'tool'
    ? "ic-support's own check, not the guide's: the case is sent as it is and the portal decides"
    : 'the guide calls this date approximate: the case is sent as it is and the portal decides';
}

/**
 * A rule's message as shown without a case (`case fields`): the placeholders a rule fills from the
 * date (the retention window's {from} and {to}) filled from `today`; any other removed.
 */
export function ruleText(rule: Pick<RuleDef, 'check' | 'params' | 'message'>, today: string): string {
  const vars: Record<string, string> =
    rule.check === 'dateWithinPastDays' && ruleParamsFit(rule)
      ? { from: formatUsDate(addDays(today, -Number(rule.params.days))), to: formatUsDate(today) }
      : {};
  return rule.message
    .replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '')
    .replace(/ {2,}/g, ' ')
    .replace(/ ([.,;:])/g, '$1');
}

/** The fields a rule reads, from its params (field, fields, when.field). */
export function ruleFieldKeys(rule: Pick<RuleDef, 'params'>): string[] {
  const p = rule.params;
  const out: string[] = [];
  if (typeof p.field === 'string') out.push(p.field);
  if (Array.isArray(p.fields)) out.push(...p.fields.filter((f): f is string => typeof f === 'string'));
  const when = p.when as { field?: unknown } | undefined;
  if (when && typeof when.field === 'string') out.push(when.field);
  return out;
}
