/**
 * The one catalog view every command reads (flags, the form, `case fields`, `case template`,
 * completion, validation): the bundled catalog, or a portal's catalog and picklists laid over it.
 *
 * What the portal decides: the case types it offers, their fields, the Module / Type / Request Type
 * lists, its limits and rules. What stays ours because the guide fixes it: the Priority, Contact Type
 * and Area of Responsibility lists, the guide's rules (Critical only for outages, the 30-day window…)
 * and the acknowledgements its prose requires, which a portal's field table never holds.
 * Pure: the caller fetches and caches.
 */
import type { Catalog, CaseTypeDef, CatalogLimits, CatalogSource, FieldDef, RuleDef } from './types.js';
import { RULE_CHECKS } from './types.js';
import { ruleFieldKeys, ruleParamsFit } from '../rules.js';

/** GET /api/v1/picklists: the lists the guide leaves to the portal. */
export interface PortalPicklists {
  module?: string[] | undefined;
  /** By case type id. */
  type?: Record<string, string[]> | undefined;
  requestType?: Record<string, string[]> | undefined;
}

/** GET /api/v1/catalog: the compiled catalog's shape (schemas/catalog.json), from the portal. */
export interface PortalCatalog {
  catalogVersion: string;
  types: CaseTypeDef[];
  limits?: CatalogLimits | undefined;
}

export interface PortalCatalogParts {
  catalog?: PortalCatalog | undefined;
  picklists?: PortalPicklists | undefined;
  source: CatalogSource;
}

/** A fixed list the guide states: the bundled choices are kept whatever a portal sends. */
export function guideFixed(f: Pick<FieldDef, 'choices' | 'picklist' | 'kind'>): boolean {
  return (f.kind === 'choice' || f.kind === 'multichoice') && f.picklist === undefined && f.choices !== undefined;
}

/**
 * The rules this client can run: a check it knows, with the params that check reads; others (a
 * newer portal's, or a malformed one) are skipped, the portal enforces them.
 */
export function knownRule(r: Pick<RuleDef, 'check' | 'params'>): boolean {
  return (RULE_CHECKS as readonly string[]).includes(r.check) && ruleParamsFit(r);
}

/** Rules of a view that this client cannot run, for a --verbose note. */
export function unknownRules(cat: Catalog): { type: string; rule: RuleDef }[] {
  return cat.types.flatMap((t) => t.rules.filter((r) => !knownRule(r)).map((rule) => ({ type: t.id, rule })));
}

function picklistFor(p: PortalPicklists | undefined, f: FieldDef, typeId: string): string[] | undefined {
  if (!p || !f.picklist) return undefined;
  const list =
    f.picklist === 'module'
      ? p.module
      : f.picklist === 'type'
        ? p.type?.[typeId]
        : f.picklist === 'requestType'
          ? p.requestType?.[typeId]
          : undefined;
  return list && list.length > 0 ? [...list] : undefined;
}

/**
 * Keys a case file gives their own meaning (the type, the files to attach): a portal field by
 * such a name could not be told apart from them, so it is left out of the view (the portal, which
 * asked for it, then names what is missing when the case is filed).
 */
export const RESERVED_FIELD_KEYS: readonly string[] = ['caseType', 'attachments'];

function mergeType(
  t: CaseTypeDef,
  bundled: CaseTypeDef | undefined,
  picklists: PortalPicklists | undefined,
): CaseTypeDef {
  const fields: FieldDef[] = t.fields
    .filter((f) => f.kind !== 'acknowledgement' && !RESERVED_FIELD_KEYS.includes(f.key))
    .map((f) => {
      const ours = bundled?.fields.find((b) => b.key === f.key);
      if (ours && guideFixed(ours)) return { ...f, choices: ours.choices, picklist: undefined };
      // A portal field that names a picklist, or that we know as one, takes the portal's list.
      const withPick = f.picklist === undefined && ours?.picklist ? { ...f, picklist: ours.picklist } : f;
      const list = picklistFor(picklists, withPick, t.id);
      return list ? { ...withPick, choices: list } : withPick;
    });
  // The guide's acknowledgements, after the portal's fields (before Subject would reorder the
  // portal's form; after everything is where a portal without them would put a note).
  const acks = bundled?.fields.filter((f) => f.kind === 'acknowledgement') ?? [];
  // The rules the portal states are its own (they block), whatever marks of ours they carry; ours
  // it does not state are added with theirs: the guide's block, this tool's own checks warn.
  const rules: RuleDef[] = t.rules.map(({ origin: _o, approximate: _a, ...r }) => r);
  for (const r of bundled?.rules ?? []) if (!rules.some((x) => x.id === r.id)) rules.push(r);
  const keys = new Set([...fields, ...acks].map((f) => f.key));
  // A guide rule about a field this portal does not have cannot apply.
  const applicable = rules.filter((r) => !knownRule(r) || ruleFieldKeys(r).every((k) => keys.has(k)));
  return { ...t, fields: [...fields, ...acks], rules: applicable };
}

/**
 * The merged view. Without portal parts: the bundled catalog, its picklist fields open (offline
 * guesses). With a portal's catalog: its types and fields, guide-fixed lists and rules kept. With
 * picklists: they replace the lists they name. Lists count as the portal's once it sent either.
 */
export function mergeCatalog(bundled: Catalog, parts?: PortalCatalogParts): Catalog {
  if (!parts || (!parts.catalog && !parts.picklists)) {
    return {
      ...bundled,
      listsFrom: 'bundled',
      fieldsFrom: 'bundled',
      limitsFrom: limitOrigins(bundled.limits, undefined),
      source: { kind: 'bundled', version: bundled.catalogVersion },
    };
  }
  const base = parts.catalog ?? bundled;
  const types = base.types.map((t) =>
    mergeType(
      t,
      bundled.types.find((b) => b.id === t.id),
      parts.picklists,
    ),
  );
  return {
    catalogVersion: base.catalogVersion,
    types,
    limits: { ...(bundled.limits ?? {}), ...(parts.catalog?.limits ?? {}) },
    listsFrom: 'portal',
    fieldsFrom: parts.catalog ? 'portal' : 'bundled',
    limitsFrom: limitOrigins(bundled.limits, parts.catalog?.limits),
    source: parts.source,
  };
}

function limitOrigins(
  bundled: CatalogLimits | undefined,
  portal: CatalogLimits | undefined,
): NonNullable<Catalog['limitsFrom']> {
  const out: NonNullable<Catalog['limitsFrom']> = {};
  for (const k of LIMIT_KEYS) {
    if (portal?.[k] !== undefined) out[k] = 'portal';
    else if (bundled?.[k] !== undefined) out[k] = 'bundled';
  }
  return out;
}

export const LIMIT_KEYS = [
  'attachmentMaxBytes',
  'attachmentsPerCase',
  'passwordMinLength',
] as const satisfies readonly (keyof CatalogLimits)[];
export type LimitKey = (typeof LIMIT_KEYS)[number];

/**
 * A limit the guide never states, with whose it is: the portal's (its catalog gave it: enforced)
 * or the bundled default (shown and warned about, never a block: the portal decides).
 */
export interface LimitInForce {
  value: number;
  from: 'portal' | 'bundled';
}

export function limitOf(cat: Pick<Catalog, 'limits' | 'limitsFrom'>, key: LimitKey): LimitInForce | undefined {
  const value = cat.limits?.[key];
  if (value === undefined) return undefined;
  return { value, from: cat.limitsFrom?.[key] ?? 'bundled' };
}

/** A limit only when the portal states it: what may stop the user (the bundled default never does). */
export function enforcedLimit(cat: Pick<Catalog, 'limits' | 'limitsFrom'>, key: LimitKey): number | undefined {
  const l = limitOf(cat, key);
  return l?.from === 'portal' ? l.value : undefined;
}

/** The attachment limits of a view, for the one check of a file to attach (src/input/attachment-files.ts). */
export function attachmentLimits(cat: Pick<Catalog, 'limits' | 'limitsFrom'>): {
  maxBytes?: LimitInForce;
  perCase?: LimitInForce;
} {
  const maxBytes = limitOf(cat, 'attachmentMaxBytes');
  const perCase = limitOf(cat, 'attachmentsPerCase');
  return { ...(maxBytes ? { maxBytes } : {}), ...(perCase ? { perCase } : {}) };
}

/** Whether a choice field's list is only our guess (offline): outside it is a warning, not an error. */
export function openList(cat: Pick<Catalog, 'listsFrom'>, f: Pick<FieldDef, 'picklist'>): boolean {
  return f.picklist !== undefined && cat.listsFrom !== 'portal';
}

/**
 * Whether the view's required markers are the portal's (its catalog's field table): only those
 * refuse a case that lacks the field. The guide says required fields carry a red asterisk but lists
 * none, so the bundled markers (a view made offline, or from a portal that sent only picklists) are
 * the bundled default: a missing field is a warning (validation.ts, requiredWarnings) and the portal
 * decides. The compiled catalog itself (no view: the JSON Schema for editors, the catalog's own
 * tests) keeps them.
 */
export function requiredEnforced(cat: Pick<Catalog, 'fieldsFrom'> | undefined): boolean {
  return cat?.fieldsFrom !== 'bundled';
}

/** Whether a field must be given by the catalog's marker (a default or the user's own fill it otherwise). */
export const markedRequired = (f: Pick<FieldDef, 'required' | 'kind' | 'default' | 'defaultFrom'>): boolean =>
  f.required && f.kind !== 'acknowledgement' && f.default === undefined && !f.defaultFrom;
