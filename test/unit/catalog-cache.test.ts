/**
 * The per-portal catalog cache (src/state/catalog-cache.ts): an entry it wrote is read back as it
 * was; a file changed since (damaged, edited, or from another version) is checked in full, and one
 * that breaks the contract reads as nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_MAX_AGE_MS, CatalogCache, isStale, type CatalogCacheEntry } from '../../src/state/catalog-cache.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ic-catalog-cache-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PORTAL = 'https://support.example.test';
const entry: CatalogCacheEntry = {
  portalUrl: PORTAL,
  fetchedAt: '2026-11-30T12:00:00.000Z',
  version: '7',
  etag: '"v7"',
  catalog: {
    catalogVersion: '7',
    types: [{ id: 'ask-a-question', label: 'Ask a Question', description: 'Questions.', examples: [], guidance: [], rules: [], fields: [{ key: 'subject', label: 'Subject', kind: 'text', help: 'One line.', required: true }] }],
  },
  picklists: { module: ['Scheduling', 'Calendar'], type: {}, requestType: {} },
};

describe('the catalog cache', () => {
  const cache = (): CatalogCache => new CatalogCache(join(dir, 'catalog'));
  const edit = (change: (data: Record<string, unknown>) => void): void => {
    const file = cache().file(PORTAL);
    const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    change(data);
    writeFileSync(file, JSON.stringify(data));
  };

  it('reads back what it wrote', () => {
    cache().put(entry);
    expect(cache().get(PORTAL)).toEqual(entry);
    expect(cache().all()).toEqual([entry]);
  });

  it('checks a file changed since it was written in full: a wrong shape reads as nothing, a right one is used', () => {
    cache().put(entry);
    edit((d) => ((d.catalog as { types: unknown }).types = 'not a list'));
    expect(cache().get(PORTAL)).toBeUndefined();
    expect(cache().all()).toEqual([]);
    cache().put(entry);
    edit((d) => ((d.picklists as { module: string[] }).module = ['Calendar']));
    expect(cache().get(PORTAL)?.picklists?.module).toEqual(['Calendar']);
  });

  it('checks in full a file that records no digest (written by an older version)', () => {
    cache().put(entry);
    edit((d) => delete d.checked);
    expect(cache().get(PORTAL)).toEqual(entry);
    edit((d) => (d.version = 7));
    expect(cache().get(PORTAL)).toBeUndefined();
  });
});

describe('when a cached catalog is refetched (isStale)', () => {
  const at = Date.parse(entry.fetchedAt);
  const after = (ms: number): Date => new Date(at + ms);

  it('fresh within its age, for the same version or when the portal names none', () => {
    expect(isStale(entry, after(60_000))).toBe(false);
    expect(isStale(entry, after(60_000), '7')).toBe(false);
  });

  it('stale when the portal reports another version (GET /me), however fresh', () => {
    expect(isStale(entry, after(1_000), '8')).toBe(true);
  });

  it('stale past its age', () => {
    expect(isStale(entry, after(CATALOG_MAX_AGE_MS))).toBe(false);
    expect(isStale(entry, after(CATALOG_MAX_AGE_MS + 1))).toBe(true);
  });

  it('stale when its time cannot be believed: unreadable, or from the future (a clock set back)', () => {
    expect(isStale({ ...entry, fetchedAt: 'yesterday' }, after(0))).toBe(true);
    expect(isStale(entry, after(-2 * 60_000))).toBe(true);
  });
});
