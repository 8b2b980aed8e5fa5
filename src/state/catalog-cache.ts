/**
 * The portal's catalog and picklists as last fetched, one file per portal in the state folder
 * (<state>/cache/catalog/<hash of the portal URL>.json), with the portal's version and ETag. A
 * damaged or foreign file is treated as absent (and replaced by the next refresh): the bundled
 * catalog then applies, never a crash.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { listJsonFiles, readJson, removeFile, writeJsonAtomic } from './atomic.js';
import { picklistsSchema, portalCatalogSchema } from '../portal/schemas.js';

/** After this long a cached catalog is refreshed at the next command that talks to the portal. */
export const CATALOG_MAX_AGE_MS = 24 * 3_600_000;

/** Built on first use, as the contract's schemas are. */
let builtEntrySchema: ReturnType<typeof buildEntrySchema> | undefined;
const buildEntrySchema = () =>
  z.object({
    portalUrl: z.string(),
    fetchedAt: z.string(),
    version: z.string(),
    etag: z.string().optional(),
    catalog: z.optional(portalCatalogSchema()),
    picklists: z.optional(picklistsSchema().shape.picklists),
  });
const entrySchema = (): ReturnType<typeof buildEntrySchema> => (builtEntrySchema ??= buildEntrySchema());
export type CatalogCacheEntry = z.infer<ReturnType<typeof buildEntrySchema>>;

/**
 * An entry is checked against the contract's schemas when it is written, and the file records a
 * digest of what was checked (`checked`). A file whose content still matches its digest is used
 * as it is: checking a whole catalog again took ~30 ms of every command that reads it (case fields,
 * case validate, case submit). Any other file (damaged, edited, or written by another version of
 * ic-support) is checked in full. FORMAT changes with the entry's schema, so that a file written
 * for another schema is checked in full too.
 */
const FORMAT = 'catalog-cache/1';
const digest = (entry: object): string => createHash('sha256').update(FORMAT).update(JSON.stringify(entry)).digest('hex');

function parseEntry(raw: unknown): CatalogCacheEntry | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const { checked, ...entry } = raw as Record<string, unknown>;
  if (typeof checked === 'string' && checked === digest(entry)) return entry as CatalogCacheEntry;
  const parsed = entrySchema().safeParse(entry);
  return parsed.success ? parsed.data : undefined;
}

export class CatalogCache {
  constructor(private readonly dir: string) {}

  static key(portalUrl: string): string {
    return createHash('sha256').update(portalUrl.replace(/\/+$/, '')).digest('hex').slice(0, 16);
  }

  file(portalUrl: string): string {
    return join(this.dir, `${CatalogCache.key(portalUrl)}.json`);
  }

  get(portalUrl: string): CatalogCacheEntry | undefined {
    let raw: unknown;
    try {
      raw = readJson(this.file(portalUrl));
    } catch {
      return undefined;
    }
    const entry = parseEntry(raw);
    return entry?.portalUrl === portalUrl.replace(/\/+$/, '') ? entry : undefined;
  }

  put(entry: CatalogCacheEntry): void {
    const checked = entrySchema().parse({ ...entry, portalUrl: entry.portalUrl.replace(/\/+$/, '') });
    writeJsonAtomic(this.file(entry.portalUrl), { ...checked, checked: digest(checked) });
  }

  remove(portalUrl: string): void {
    removeFile(this.file(portalUrl));
  }

  /** Every readable entry (for `catalog status --all`). */
  all(): CatalogCacheEntry[] {
    const out: CatalogCacheEntry[] = [];
    for (const f of listJsonFiles(this.dir)) {
      try {
        const entry = parseEntry(readJson(f));
        if (entry) out.push(entry);
      } catch {
        // A damaged file is skipped here; the next refresh of its portal replaces it.
      }
    }
    return out;
  }
}

/** Whether an entry should be fetched again: too old, or the portal now says another version. */
export function isStale(entry: Pick<CatalogCacheEntry, 'fetchedAt' | 'version'>, now: Date, portalVersion?: string): boolean {
  if (portalVersion !== undefined && portalVersion !== entry.version) return true;
  const at = Date.parse(entry.fetchedAt);
  return Number.isNaN(at) || now.getTime() - at > CATALOG_MAX_AGE_MS || at > now.getTime() + 60_000;
}
