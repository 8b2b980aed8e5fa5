/**
 * The rule functions that schemas/catalog.yaml names under `rules:`. Each receives the case as
 * parsed so far (fields that failed their own validation are already reported and are skipped
 * here), the rule's params from the catalog, and the clock; it returns the field to blame and
 * values for the message's {placeholders}, or nothing when the case satisfies the rule.
 * Pure: the date of "today" is given, never read.
 */
import type { RuleCheck, RuleDef } from './catalog/types.js';
import { addDays, isIsoDate } from './dates.js';

export interface RuleContext {
  /** Today's date where the user is, YYYY-MM-DD. */
  today: string;
  typeId: string;
}

export interface RuleViolation {
  field: string;
  vars?: Record<string, string>;
}

type Values = Record<string, unknown>;
type RuleFn = (values: Values, params: Record<string, unknown>, ctx: RuleContext) => RuleViolation | undefined;

interface When {
  field: string;
  equals: unknown;
}

const str = (v: unknown): string => String(v);
const whenHolds = (values: Values, when: When): boolean => values[when.field] === when.equals;
const isEmpty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

export const ruleFunctions: Record<RuleCheck, RuleFn> = {
  valueOnlyOnTypes(values, p, ctx) {
    const field = str(p.field);
    const allowed = p.types as string[];
    return values[field] === p.value && !allowed.includes(ctx.typeId) ? { field } : undefined;
  },

  acknowledged(values, p) {
    const field = str(p.field);
    return values[field] === true ? undefined : { field };
  },

  acknowledgedWhen(values, p) {
    const field = str(p.field);
    return whenHolds(values, p.when as When) && values[field] !== true ? { field } : undefined;
  },

  requiredWhen(values, p) {
    const field = str(p.field);
    return whenHolds(values, p.when as When) && isEmpty(values[field]) ? { field } : undefined;
  },

  dateWithinPastDays(values, p, ctx) {
    const field = str(p.field);
    const v = values[field];
    if (!isIsoDate(v)) return undefined;
    const from = addDays(ctx.today, -Number(p.days));
    return v < from || v > ctx.today ? { field, vars: { from, to: ctx.today } } : undefined;
  },

  dateNotInFuture(values, p, ctx) {
    const field = str(p.field);
    const v = values[field];
    return isIsoDate(v) && v > ctx.today ? { field } : undefined;
  },

  datesFutureAndDistinct(values, p, ctx) {
    const fields = p.fields as string[];
    const seen = new Set<string>();
    for (const field of fields) {
      const v = values[field];
      const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
      for (let i = 0; i < list.length; i++) {
        const d = list[i];
        if (!isIsoDate(d)) continue;
        const path = Array.isArray(v) ? `${field}[${i}]` : field;
        if (d <= ctx.today || seen.has(d)) return { field: path };
        seen.add(d);
      }
    }
    return undefined;
  },
};

/** Runs a rule; one this client does not know (a newer portal's) is skipped: the portal enforces it. */
export function applyRule(
  rule: RuleDef,
  values: Values,
  ctx: RuleContext,
): { field: string; message: string } | undefined {
  const fn = Object.hasOwn(ruleFunctions, rule.check) ? ruleFunctions[rule.check as RuleCheck] : undefined;
  const v = fn?.(values, rule.params, ctx);
  if (!v) return undefined;
  const message = rule.message.replace(/\{(\w+)\}/g, (m, k: string) => v.vars?.[k] ?? m);
  return { field: v.field, message };
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
