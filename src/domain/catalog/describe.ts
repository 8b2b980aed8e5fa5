/**
 * How a field's list, limit and default are described to people (`case fields`, `case template`,
 * the flags' help), from the catalog view in use: a list is the portal's or only the bundled guess;
 * a limit is this portal's (or the bundled default), never the guide's. Pure.
 */
import type { Catalog, FieldDef } from './types.js';
import { openList } from './merge.js';
import { ACCOUNT_RULE } from '../account.js';

type View = Pick<Catalog, 'listsFrom' | 'source'> | undefined;

export function choicesNote(f: Pick<FieldDef, 'choices' | 'picklist'>, view: View): string {
  const list = (f.choices ?? []).join(' | ');
  if (!f.picklist) return `choices: ${list}`;
  return openList(view ?? {}, f) ? `choices (bundled list; other values are sent and the portal checks them): ${list}` : `choices (this portal's list): ${list}`;
}

export function limitNote(f: Pick<FieldDef, 'maxLength'>, view: View): string | undefined {
  if (!f.maxLength) return undefined;
  const whose = view?.source?.kind === 'portal' ? "this portal's limit" : "the bundled default limit, not the guide's; a portal may set its own";
  return `at most ${f.maxLength} characters (${whose})`;
}

/** The default as words: "Medium", "you", or the account rule. */
export function defaultNote(f: Pick<FieldDef, 'default' | 'defaultFrom'>): string | undefined {
  if (f.default) return f.default;
  if (f.defaultFrom === 'user') return 'you (the signed-in contact)';
  if (f.defaultFrom === 'user-district') return `your district: ${ACCOUNT_RULE}`;
  return undefined;
}
