/**
 * The shape of the compiled case-type catalog (schemas/catalog.json, generated from
 * schemas/catalog.yaml by `npm run gen`). Types only: importing this costs nothing at start-up.
 */

export const FIELD_KINDS = [
  'text',
  'longtext',
  'choice',
  'multichoice',
  'date',
  'dates',
  'email',
  'phone',
  'account',
  'contact',
  'acknowledgement',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

export const RULE_CHECKS = [
  'valueOnlyOnTypes',
  'acknowledged',
  'acknowledgedWhen',
  'requiredWhen',
  'dateWithinPastDays',
  'dateNotInFuture',
  'datesFutureAndDistinct',
] as const;
export type RuleCheck = (typeof RULE_CHECKS)[number];

export const GUIDANCE = ['notifications', 'steps-and-expected-results', 'retention-window'] as const;
export type Guidance = (typeof GUIDANCE)[number];

export interface FieldDef {
  key: string;
  label: string;
  kind: FieldKind;
  /** The guide's definition of the field: the portal's tooltip. */
  help: string;
  required: boolean;
  default?: string | undefined;
  /** A default the portal fills from the signed-in user (their district, themselves). */
  defaultFrom?: 'user-district' | 'user' | undefined;
  choices?: string[] | undefined;
  /** The portal picklist that may replace `choices` (GET /picklists). */
  picklist?: string | undefined;
  maxLength?: number | undefined;
  maxItems?: number | undefined;
  /** 'rule' marks a field the guide asks for in prose (an acknowledgement), not in its field table. */
  origin?: 'guide' | 'rule' | undefined;
  /**
   * An acknowledgement's sentence, recorded in the case text when it is confirmed: the guide's
   * field table has no such field, so a portal without one still receives it.
   */
  statement?: string | undefined;
}

export interface RuleDef {
  id: string;
  /** A RuleCheck; a portal's catalog may name one this client does not know (it is skipped). */
  check: RuleCheck | (string & {});
  params: Record<string, unknown>;
  message: string;
  /** Case types the rule applies to; absent means every type that has the rule's field. */
  types?: string[] | undefined;
  /**
   * Whose rule it is when the bundled catalog holds it: the guide's, or this tool's own check
   * ('tool': the guide never states it). A rule of the portal's catalog carries no mark: it is the portal's.
   */
  origin?: 'guide' | 'tool' | undefined;
  /**
   * The guide's rule on a date the guide calls approximate (the 30-day retention window on the
   * Approximate Date of Loss): from the bundled catalog only a warning; the portal decides.
   */
  approximate?: boolean | undefined;
}

export interface CaseTypeDef {
  id: string;
  label: string;
  description: string;
  examples: string[];
  guidance: Guidance[];
  /** The type's fields in form order, with the type's own choice lists already applied. */
  fields: FieldDef[];
  /** The rules that apply to this type. */
  rules: RuleDef[];
}

/**
 * Limits the guide never states: the portal's own (its catalog may give them), else the bundled
 * defaults, which are the sandbox's. Shown as "this portal's limit", never as the guide's.
 */
export interface CatalogLimits {
  attachmentMaxBytes?: number | undefined;
  attachmentsPerCase?: number | undefined;
  passwordMinLength?: number | undefined;
}

/** Where a catalog view came from: the bundled file, or a portal (and when it was fetched). */
export interface CatalogSource {
  kind: 'bundled' | 'portal';
  portalUrl?: string | undefined;
  /** The portal's catalog version (or the bundled one). */
  version: string;
  fetchedAt?: string | undefined;
}

export interface Catalog {
  catalogVersion: string;
  types: CaseTypeDef[];
  limits?: CatalogLimits | undefined;
  /**
   * Whose lists the picklist fields (Module, Type, Request Type) hold. With 'bundled' they are our
   * guesses: a value outside them is a warning ("the portal will check"), never a block. Absent
   * means 'bundled'.
   */
  listsFrom?: 'bundled' | 'portal' | undefined;
  /** Whose field table (and so whose field lengths) the view holds. Absent means 'bundled'. */
  fieldsFrom?: 'bundled' | 'portal' | undefined;
  /** Whose each limit is: the portal's catalog stated it, or it is the bundled default. */
  limitsFrom?: { [K in keyof CatalogLimits]?: 'bundled' | 'portal' } | undefined;
  source?: CatalogSource | undefined;
}
