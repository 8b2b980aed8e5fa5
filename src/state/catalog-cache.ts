/**
 * The portal's catalog and picklists as last fetched, one file per portal in the state folder
 * (<state>/cache/catalog/<the portal URL as a file name>.json), with the portal's version and ETag. A
 * damaged or foreign file is treated as absent (and replaced by the next refresh): the bundled
 * catalog then applies, never a crash.
 */
import { join } from 'node:path';
import { readJson, removeFile, writeJsonAtomic } from './atomic.js';
import { readAnswer, type AnswerText } from '../portal/parse-answer.js';
import { normalizePortalCatalog, type PortalCatalogAnswer } from '../portal/catalog-answer.js';
import type { Picklists } from '../portal/schemas.js';

/** After this long a cached catalog is refreshed at the next command that talks to the portal. */
export const CATALOG_MAX_AGE_MS = 24 * 3_600_000;

export interface CatalogCacheEntry {
  portalUrl: string;
  fetchedAt: string;
  version: string;
  etag?: string | undefined;
  catalog?: PortalCatalogAnswer | undefined;
  picklists?: Picklists['picklists'] | undefined;
}

/**
 * An entry is checked against the contract's schemas whenever it is read (catalogCacheEntrySchema,
 * through the parser zod compiled from it: ~2 ms for a whole catalog the first time in a process,
 * 0.4 ms after, where zod's runtime took 13–30 ms and a digest of the file was kept to skip it). A file that is damaged, edited into
 * another shape, or written for another schema reads as nothing; the next refresh replaces it.
 */
function parseEntry(raw: unknown, text: AnswerText): CatalogCacheEntry | undefined {
  const e = readAnswer('catalogCacheEntrySchema', raw, text);
  if (!e) return undefined;
  const { catalog, etag, picklists, ...rest } = e;
  return {
    ...rest,
    ...(etag !== undefined ? { etag } : {}),
    ...(catalog ? { catalog: normalizePortalCatalog(catalog) } : {}),
    ...(picklists ? { picklists } : {}),
  };
}

/**
 * The file of a portal's entry: its URL made a file name. Not unique for every URL (two that differ
 * only in the characters replaced share a file), which costs a refetch and never a wrong catalog:
 * an entry is used only for the portal URL it records.
 */
export function cacheFileName(portalUrl: string): string {
  return `${portalUrl
    .replace(/\/+$/, '')
    .replace(/^https?:\/\//, '')
    .replace(/[^A-Za-z0-9.-]+/g, '_')
    .slice(0, 100)}.json`;
}

export class CatalogCache {
  /**
   * `text`: what is read is shown with its controls visible (the portal's text enters here too),
   * unless exact (an invocation that prints JSON). What is written is always the exact data.
   */
  constructor(
    private readonly dir: string,
    private readonly text: AnswerText = {},
  ) {}

  file(portalUrl: string): string {
    return join(this.dir, cacheFileName(portalUrl));
  }

  get(portalUrl: string): CatalogCacheEntry | undefined {
    let raw: unknown;
    try {
      raw = readJson(this.file(portalUrl));
    } catch {
      return undefined;
    }
    const entry = parseEntry(raw, this.text);
    return entry?.portalUrl === portalUrl.replace(/\/+$/, '') ? entry : undefined;
  }

  put(entry: CatalogCacheEntry): void {
    const checked = parseEntry({ ...entry, portalUrl: entry.portalUrl.replace(/\/+$/, '') }, { exact: true });
    if (!checked) throw new Error('a catalog cache entry that breaks the contract was not written');
    writeJsonAtomic(this.file(entry.portalUrl), checked);
  }

  /** An entry as get() would give it once written: its text shown as this cache was told. */
  shown(entry: CatalogCacheEntry): CatalogCacheEntry {
    return parseEntry(entry, this.text) ?? entry;
  }

  remove(portalUrl: string): void {
    removeFile(this.file(portalUrl));
  }
}

/** Whether an entry should be fetched again: too old, or the portal now says another version. */
export function isStale(
  entry: Pick<CatalogCacheEntry, 'fetchedAt' | 'version'>,
  now: Date,
  portalVersion?: string,
): boolean {
  if (portalVersion !== undefined && portalVersion !== entry.version) return true;
  const at = Date.parse(entry.fetchedAt);
  return Number.isNaN(at) || now.getTime() - at > CATALOG_MAX_AGE_MS || at > now.getTime() + 60_000;
}
