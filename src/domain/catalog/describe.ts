/**
 * How a field's list, limit and default are described to people (`case fields`, `case template`,
 * the flags' help), from the catalog view in use: a list is the portal's or only the bundled guess;
 * a limit is this portal's (or the bundled default), never the guide's. Pure.
 */
import type { Catalog, CaseTypeDef, FieldDef, RuleDef } from './types.js';
import { guideFixed, markedRequired, openList, requiredEnforced, type LimitInForce } from './merge.js';
import { advisoryNote, advisoryRule, applyRule, ruleText } from '../rules.js';
import { count } from '../text.js';
import { formatBytes } from '../limits.js';
import { ACCOUNT_RULE } from '../account.js';

type View = Pick<Catalog, 'listsFrom' | 'fieldsFrom' | 'source'> | undefined;

/** Which catalog a view is, in words (`case fields`, `case types`): this portal's (the practice portal's with --sandbox), or the bundled offline default. */
export function catalogWhose(view: Pick<Catalog, 'source' | 'catalogVersion'>, practice = false): string {
  // The practice portal of --sandbox stops with the command: its address would lead nowhere.
  const portal = practice ? 'the practice portal' : (view.source?.portalUrl ?? 'the portal');
  return view.source?.kind === 'portal'
    ? `the catalog of ${portal} (version ${view.catalogVersion})`
    : `the bundled catalog ${view.catalogVersion} (offline default)`;
}

/** Whose a limit is, in words: this portal's, or the bundled default (never the guide's: it states none). */
export function limitWhose(from: 'portal' | 'bundled'): string {
  return from === 'portal' ? "this portal's limit" : "the bundled default, not the guide's; the portal may set its own";
}

/**
 * A field's choices as this type allows them: a value a rule of the type forbids whatever else is
 * given (Critical on anything but Report an Outage) is not offered. Pure; the date is irrelevant.
 */
export function shownChoices(
  t: Pick<CaseTypeDef, 'id' | 'rules'> | undefined,
  f: Pick<FieldDef, 'key' | 'choices'>,
): string[] {
  const all = f.choices ?? [];
  if (!t) return all;
  const forbidding = t.rules.filter((r) => r.check === 'valueOnlyOnTypes' && r.params.field === f.key);
  return all.filter(
    (c) => !forbidding.some((r) => applyRule(r, { [f.key]: c }, { today: '1970-01-01', typeId: t.id }) !== undefined),
  );
}

/**
 * Whose a field's list is, in words: this portal's (its catalog or picklists state it), the guide's
 * fixed list (the bundled catalog's, offline), or the bundled guess.
 */
export function listWhose(f: Pick<FieldDef, 'choices' | 'picklist' | 'kind'>, view: View): string {
  if (!f.picklist) {
    // A fixed list the portal's catalog states is the portal's, whether or not the guide has it too.
    if (view?.source?.kind === 'portal') return "this portal's list";
    return guideFixed(f) ? "the guide's list" : "this catalog's list";
  }
  return openList(view ?? {}, f)
    ? 'bundled list; other values are sent and the portal checks them'
    : "this portal's list";
}

export function choicesNote(
  f: Pick<FieldDef, 'key' | 'choices' | 'picklist' | 'kind'>,
  view: View,
  t?: Pick<CaseTypeDef, 'id' | 'rules'>,
): string {
  // Every list says whose it is (issue 26 §7): the guide's fixed one, this portal's, or the bundled guess.
  return `choices (${listWhose(f, view)}): ${shownChoices(t, f).join(' | ')}`;
}

/**
 * A field's required marker in words: "required" when the catalog in use is the portal's (it
 * refuses a case without it), else the bundled default's (the guide lists no required fields):
 * only a warning, and the portal decides.
 */
export function requiredNote(
  f: Pick<FieldDef, 'required' | 'kind' | 'default' | 'defaultFrom'>,
  view: Pick<Catalog, 'fieldsFrom'> | undefined,
): string | undefined {
  if (!markedRequired(f)) return undefined;
  return requiredEnforced(view) ? 'required' : 'required: the bundled default, the portal decides';
}

/** Whose a rule is when shown: the portal's (its catalog states it), the guide's, or this tool's own check. */
export function ruleSource(
  r: Pick<RuleDef, 'origin' | 'approximate'>,
  view: Pick<Catalog, 'source'> | undefined,
): 'portal' | 'guide' | 'tool' {
  // The portal's rules carry no mark of ours (merge.ts); the bundled catalog's say whose they are.
  if (r.origin === 'tool' || r.origin === 'guide') return r.origin;
  return view?.source?.kind === 'portal' ? 'portal' : 'guide';
}

/**
 * A rule as `case fields` shows it: its message with the dates it names filled from today, and, for
 * a rule that only warns here, whose it is and that the portal decides.
 */
export function ruleLine(r: RuleDef, today: string): string {
  const text = ruleText(r, today);
  return advisoryRule(r) ? `${text} (${advisoryNote(r)})` : text;
}

export function limitNote(f: Pick<FieldDef, 'maxLength'>, view: View): string | undefined {
  if (!f.maxLength) return undefined;
  const from = view?.fieldsFrom ?? 'bundled';
  // Only a limit the portal states blocks (validation.ts, lengthsEnforced): say so where it does not.
  return `at most ${f.maxLength} characters (${limitWhose(from)})${from === 'portal' ? '' : ': longer is only a warning'}`;
}

/** The default as words: "Medium", "you", or the account rule. */
export function defaultNote(f: Pick<FieldDef, 'default' | 'defaultFrom'>): string | undefined {
  if (f.default) return f.default;
  if (f.defaultFrom === 'user') return 'you (the signed-in contact)';
  if (f.defaultFrom === 'user-district') return `your district: ${ACCOUNT_RULE}`;
  return undefined;
}

/**
 * The attachment limits in words, each with whose it is: "each at most 20.0 MiB (this portal's
 * limit), 10 attachments per submission (…)". Empty when the view has none.
 */
export function attachmentLimitsNote(l: { maxBytes?: LimitInForce; perCase?: LimitInForce }): string {
  const parts: string[] = [];
  if (l.maxBytes) parts.push(`each at most ${formatBytes(l.maxBytes.value)} (${limitWhose(l.maxBytes.from)})`);
  if (l.perCase) parts.push(`${count(l.perCase.value, 'attachment')} per submission (${limitWhose(l.perCase.from)})`);
  return parts.join(', ');
}
