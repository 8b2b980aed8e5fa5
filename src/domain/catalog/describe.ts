/**
 * How a field's list, limit and default are described to people (`case fields`, `case template`,
 * the flags' help), from the catalog view in use: a list is the portal's or only the bundled guess;
 * a limit is this portal's (or the bundled default), never the guide's. Pure.
 */
import type { Catalog, FieldDef } from './types.js';
import { openList, type LimitInForce } from './merge.js';
import { count } from '../text.js';
import { formatBytes } from '../limits.js';
import { ACCOUNT_RULE } from '../account.js';

type View = Pick<Catalog, 'listsFrom' | 'fieldsFrom' | 'source'> | undefined;

/** Which catalog a view is, in words (`case fields`, `case types`): this portal's, or the bundled offline default. */
export function catalogWhose(view: Pick<Catalog, 'source' | 'catalogVersion'>): string {
  return view.source?.kind === 'portal'
    ? `the catalog of ${view.source.portalUrl ?? 'the portal'} (version ${view.catalogVersion})`
    : `the bundled catalog ${view.catalogVersion} (offline default)`;
}

/** Whose a limit is, in words: this portal's, or the bundled default (never the guide's: it states none). */
export function limitWhose(from: 'portal' | 'bundled'): string {
  return from === 'portal' ? "this portal's limit" : "the bundled default, not the guide's; the portal may set its own";
}

export function choicesNote(f: Pick<FieldDef, 'choices' | 'picklist'>, view: View): string {
  const list = (f.choices ?? []).join(' | ');
  if (!f.picklist) return `choices: ${list}`;
  return openList(view ?? {}, f)
    ? `choices (bundled list; other values are sent and the portal checks them): ${list}`
    : `choices (this portal's list): ${list}`;
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
