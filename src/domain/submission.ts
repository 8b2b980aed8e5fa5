/**
 * The decisions `case submit` makes before anything is sent, as pure rules: which case type, the
 * order in which values override each other (draft < case file < field flags < --field), which
 * idempotency key a submission carries, which account and contact a case is filed for, which
 * fields the form asks, and the body that is sent (with the notification a case is about).
 * The command gathers the inputs (files, the profile, the portal's `me`) and renders; the
 * choices are made here, so that the form, a script and `--dry-run` can never disagree.
 */
import type { Catalog, CaseTypeDef, FieldDef } from './catalog/types.js';
import { findCaseType } from './catalog/index.js';
import { findContact, findDistrict } from './account.js';
import { contentKey } from './idempotency.js';
import { ENVELOPE_KEYS, type ValidCase } from './validation.js';
import { UsageError, type FieldIssue } from '../errors.js';

export type Values = Record<string, unknown>;

/** Where values come from, in the order in which a later one overrides an earlier one. */
export interface ValueSources {
  draft?: Values | undefined;
  /** A case file's mapping, envelope (caseType, attachments) included. */
  file?: Values | undefined;
  /** Field flags (--subject …), already coerced by field kind. */
  flags?: Values | undefined;
  /** --field key=value, already coerced by field kind. */
  fields?: Values | undefined;
}

const ENVELOPE = new Set<string>(ENVELOPE_KEYS);

const withoutEnvelope = (v: Values | undefined): Values =>
  Object.fromEntries(Object.entries(v ?? {}).filter(([k]) => !ENVELOPE.has(k)));

/** draft < file < flags < --field, key by key; the envelope keys are not field values. */
export function mergeValues(s: ValueSources): Values {
  return {
    ...withoutEnvelope(s.draft),
    ...withoutEnvelope(s.file),
    ...withoutEnvelope(s.flags),
    ...withoutEnvelope(s.fields),
  };
}

/**
 * The case type: the argument, the file's caseType or the draft's, in that order; the argument and
 * the file must agree. Found in `catalog`, the view in use (the portal's types when it has a cached
 * catalog: a type only the portal offers is one). Undefined when none names one (a person is then asked).
 */
export function chooseCaseType(
  given: { arg?: string | undefined; file?: unknown; fileName?: string | undefined; draft?: string | undefined },
  catalog: Catalog,
): CaseTypeDef | undefined {
  const fileType = typeof given.file === 'string' ? given.file : undefined;
  if (given.arg && fileType && findCaseType(given.arg, catalog).id !== findCaseType(fileType, catalog).id) {
    throw new UsageError(
      `The case type ${given.arg} differs from caseType ${fileType} in ${given.fileName ?? 'the case file'}.`,
      'Give one of them, or make them agree.',
    );
  }
  const id = given.arg ?? fileType ?? given.draft;
  return id ? findCaseType(id, catalog) : undefined;
}

/**
 * The idempotency key chosen when a submission starts, before its body is known: the user's own,
 * else the draft's, else a new one, except for a case file, which gets none here: its final key
 * comes from its content (finalKey), so that running the same file again never files twice.
 */
export function chooseKey(k: {
  given?: string | undefined;
  draft?: string | undefined;
  fromFile: boolean;
  newKey: () => string;
}): string | undefined {
  return k.given ?? k.draft ?? (k.fromFile ? undefined : k.newKey());
}

/** The key the request carries: the one chosen at the start (chooseKey), else one from the body's content. */
export function finalKey(key: string | undefined, body: unknown): string {
  return key ?? contentKey(body);
}

export interface District {
  id: string;
  name: string;
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

/** What decides the account: the value given, the profile's setting, the portal's view of the user. */
export interface AccountInputs {
  given?: unknown;
  /** The profile's `account` setting (ic-support config set account …). */
  profile?: string | undefined;
  /** The user's districts, when the portal was asked. */
  districts?: District[] | undefined;
  /** The district the portal names as the user's own, when it names one. */
  own?: District | undefined;
}

export type AccountChoice =
  | { account: string; source: 'given' | 'profile' | 'own' | 'only' }
  /** Several districts and nothing says which: ask, or report that it must be chosen. */
  | { account: undefined; source: 'choose'; districts: District[] }
  /** The portal was not asked: it applies its own default when the case arrives. */
  | { account: undefined; source: 'portal' };

/**
 * The account a case is filed for: the value given, else the profile's, else the district the
 * portal names as the user's own, else the user's only district. Never the first of several.
 */
export function chooseAccount(a: AccountInputs): AccountChoice {
  if (typeof a.given === 'string' && a.given.trim() !== '') return { account: a.given, source: 'given' };
  if (a.profile) return { account: a.profile, source: 'profile' };
  if (a.own) return { account: a.own.name, source: 'own' };
  if (!a.districts) return { account: undefined, source: 'portal' };
  if (a.districts.length === 1) return { account: a.districts[0]!.name, source: 'only' };
  return { account: undefined, source: 'choose', districts: a.districts };
}

export interface Parties {
  account?: District | undefined;
  contact?: Person | undefined;
  problems: FieldIssue[];
}

/**
 * The account and contact a case is filed for, as the portal will resolve them: the account by
 * chooseAccount, the contact given (one of the district's contacts) or else the user.
 */
export function resolveParties(
  values: Values,
  p: {
    me: Person;
    districts: District[];
    own?: District | undefined;
    profile?: string | undefined;
    contacts?: readonly Person[] | undefined;
  },
): Parties {
  const problems: FieldIssue[] = [];
  const choice = chooseAccount({ given: values.account, profile: p.profile, districts: p.districts, own: p.own });
  let account: District | undefined;
  if (choice.source === 'choose') {
    problems.push({
      field: 'account',
      message: `you are a contact of several districts; choose the account (--account): ${choice.districts.map((d) => d.name).join(', ')}`,
    });
  } else if (choice.account !== undefined) {
    account = findDistrict(p.districts, choice.account);
    if (!account)
      problems.push({
        field: 'account',
        message: `"${choice.account}" is not one of your districts: ${p.districts.map((d) => d.name).join(', ')}`,
      });
  }
  let contact: Person | undefined;
  const given = values.contact;
  if (typeof given === 'string' && given.trim() !== '') {
    contact = findContact(p.contacts ?? [p.me], given);
    if (!contact)
      problems.push({ field: 'contact', message: `"${given}" is not a contact of ${account?.name ?? 'the district'}` });
  } else contact = p.me;
  return { account, contact, problems };
}

/** "Zack Morris (TESTING)", or the name and email of another contact. */
export function contactLabel(c: Person, me?: Person): string {
  return me && c.id === me.id ? c.name : `${c.name} <${c.email}>`;
}

/**
 * The fields the form asks: every field for a fresh case (nothing given); otherwise only the
 * required ones still missing, so that flags, a file or a draft are not asked again.
 */
export function fieldsToAsk(type: CaseTypeDef, values: Values, fresh: boolean): FieldDef[] {
  return type.fields.filter(
    (f) =>
      (Object.hasOwn(values, f.key) ? values[f.key] : undefined) === undefined &&
      (fresh || (f.required && f.default === undefined && !f.defaultFrom)),
  );
}

/** A notification (an incident, a maintenance) the case is about, chosen in the form. */
export interface RelatedNotification {
  id: string;
  title: string;
}

export const relatedLine = (n: RelatedNotification): string => `Related notification: ${n.title} (${n.id})`;

/**
 * The notification a case's fields say it is about: the description's last paragraph as relatedLine
 * writes it (the contract has no field for it, so a queued or batch case carries it only there).
 */
export function relatedIn(fields: Record<string, unknown>): RelatedNotification | undefined {
  const d = fields.description;
  if (typeof d !== 'string') return undefined;
  const m = /(?:^|\n)Related notification: (.+) \(([^()\s]+)\)\s*$/.exec(d);
  return m ? { title: m[1]!, id: m[2]! } : undefined;
}

/**
 * The fields with the related notification as the last paragraph of the description (the contract
 * has no field of its own for it), whatever the user typed there; once, however often applied.
 */
export function withRelated<V extends Record<string, unknown>>(fields: V, related?: RelatedNotification): V {
  if (!related) return fields;
  const line = relatedLine(related);
  const d = fields.description;
  const description = typeof d === 'string' && d.trim() !== '' ? (d.includes(line) ? d : `${d}\n\n${line}`) : line;
  return { ...fields, description };
}

/**
 * A validated case's type and fields (its attachments are sent apart), with the related
 * notification in the description; requestBody (acknowledgements.ts) makes the request's body of it.
 */
export function caseTypeAndFields(
  valid: Pick<ValidCase, 'caseType' | 'fields'>,
  related?: RelatedNotification,
): { caseType: string; fields: ValidCase['fields'] } {
  return { caseType: valid.caseType, fields: withRelated(valid.fields, related) };
}
