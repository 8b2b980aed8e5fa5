/**
 * The portal's catalog as this client reads it (GET /api/v1/catalog, and the copy cached of it):
 * its schema (./schemas.ts) checks the shape and the bounds; this lays the client's leniency on the
 * parsed value. A field kind this client does not know is read as text; an unknown `defaultFrom`,
 * `origin` or guidance name is dropped; absent lists are empty. Pure, without zod, and idempotent
 * (the cache holds what it returned, and reads it through it again).
 */
import { FIELD_KINDS, GUIDANCE, type Guidance } from '../domain/catalog/types.js';
import type { PortalCatalogParsed } from './schemas.js';

type ParsedType = PortalCatalogParsed['types'][number];
type ParsedField = ParsedType['fields'][number];

const known = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  (list as readonly unknown[]).includes(v) ? (v as T) : undefined;

function normalizeField(f: ParsedField) {
  const { defaultFrom, origin, ...rest } = f;
  const from = known(['user-district', 'user'] as const, defaultFrom);
  const said = known(['guide', 'rule'] as const, origin);
  return {
    ...rest,
    kind: known(FIELD_KINDS, f.kind) ?? 'text',
    ...(from ? { defaultFrom: from } : {}),
    ...(said ? { origin: said } : {}),
  };
}

export function normalizePortalCatalog(c: PortalCatalogParsed) {
  return {
    ...c,
    catalogVersion: String(c.catalogVersion),
    types: c.types.map((t) => ({
      ...t,
      examples: t.examples ?? [],
      guidance: (t.guidance ?? []).filter((g): g is Guidance => (GUIDANCE as readonly string[]).includes(g)),
      fields: t.fields.map(normalizeField),
      rules: t.rules ?? [],
    })),
  };
}
export type PortalCatalogAnswer = ReturnType<typeof normalizePortalCatalog>;
