/**
 * The sandbox portal's own catalog: the bundled one with the sandbox's lists, which differ from the
 * bundled defaults on purpose (Module offers the real Campus areas "Calendar" and "Ed-Fi", Request
 * Training offers "Calendar"), so the tests prove that the client reads the portal's lists instead
 * of its own; its attachment limit is smaller than the bundled default for the same reason. It serves GET /api/v1/catalog (the portal's field table: no acknowledgements, which
 * are the guide's prose rules) and GET /api/v1/picklists, and validates cases with the same view.
 */
import { createHash } from 'node:crypto';
import { catalog as bundled, type Catalog } from '../domain/catalog/index.js';
import { mergeCatalog, type PortalPicklists } from '../domain/catalog/merge.js';

/** Values the sandbox offers beyond the bundled lists (and that the bundled lists lack). */
export const SANDBOX_EXTRA = { module: ['Calendar', 'Ed-Fi'], requestTraining: ['Calendar'] } as const;

function bundledLists(): Required<PortalPicklists> {
  const out: Required<PortalPicklists> = { module: [], type: {}, requestType: {} };
  for (const t of bundled.types) {
    for (const f of t.fields) {
      if (f.picklist === 'module' && !out.module.length) out.module = [...(f.choices ?? [])];
      if (f.picklist === 'type') out.type[t.id] = [...(f.choices ?? [])];
      if (f.picklist === 'requestType') out.requestType[t.id] = [...(f.choices ?? [])];
    }
  }
  return out;
}

/** The sandbox's picklists: the bundled ones plus its extra values, Module kept alphabetical with Not Applicable last. */
export function sandboxPicklists(): Required<PortalPicklists> {
  const p = bundledLists();
  const rest = [...p.module.filter((m) => m !== 'Not Applicable'), ...SANDBOX_EXTRA.module].sort((a, b) =>
    a.localeCompare(b),
  );
  p.module = [...rest, 'Not Applicable'];
  const training = p.requestType['request-training'] ?? [];
  p.requestType['request-training'] = [
    ...training.filter((x) => x !== 'Other'),
    ...SANDBOX_EXTRA.requestTraining,
    ...(training.includes('Other') ? ['Other'] : []),
  ];
  return p;
}

export const SANDBOX_CATALOG_VERSION = `${bundled.catalogVersion}+sandbox.1`;

/**
 * The sandbox's own limits, published in its catalog and enforced by its routes. The attachment
 * limit is smaller than the bundled default on purpose: a file between the two is refused by the
 * client before sending only if it reads the portal's limit instead of its own.
 */
export const SANDBOX_LIMITS = {
  attachmentMaxBytes: 20 * 1024 * 1024,
  attachmentsPerCase: 10,
  passwordMinLength: 12,
} as const satisfies Required<NonNullable<Catalog['limits']>>;

/**
 * The view the sandbox validates with: its own catalog (the bundled fields with their lengths, its
 * limits) and lists are the truth, as on a real portal; it enforces exactly what it publishes.
 */
export const sandboxView: Catalog = mergeCatalog(bundled, {
  catalog: { catalogVersion: SANDBOX_CATALOG_VERSION, types: bundled.types, limits: { ...SANDBOX_LIMITS } },
  picklists: sandboxPicklists(),
  source: { kind: 'portal', version: SANDBOX_CATALOG_VERSION },
});

/** GET /api/v1/catalog's body: the compiled catalog's shape, acknowledgements left out. */
export function catalogAnswer(): { catalogVersion: string; limits: Catalog['limits']; types: Catalog['types'] } {
  return {
    catalogVersion: SANDBOX_CATALOG_VERSION,
    limits: { ...SANDBOX_LIMITS },
    types: sandboxView.types.map((t) => ({
      ...t,
      fields: t.fields.filter((f) => f.kind !== 'acknowledgement'),
      // The rules it publishes are its own: without the bundled catalog's marks of whose they are.
      rules: t.rules
        .filter(
          (r) => !t.fields.some((f) => f.kind === 'acknowledgement' && JSON.stringify(r.params).includes(`"${f.key}"`)),
        )
        .map(({ origin: _o, approximate: _a, ...r }) => r),
    })),
  };
}

export const CATALOG_ETAG = `"${createHash('sha256').update(JSON.stringify(catalogAnswer())).digest('hex').slice(0, 20)}"`;
