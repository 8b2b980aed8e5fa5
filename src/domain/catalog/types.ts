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
}

export interface RuleDef {
  id: string;
  check: RuleCheck;
  params: Record<string, unknown>;
  message: string;
  /** Case types the rule applies to; absent means every type that has the rule's field. */
  types?: string[] | undefined;
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

export interface Catalog {
  catalogVersion: string;
  types: CaseTypeDef[];
}
