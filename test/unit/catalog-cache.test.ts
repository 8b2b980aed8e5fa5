/**
 * The per-portal catalog cache (src/state/catalog-cache.ts): an entry it wrote is read back as it
 * was; every read is checked against the contract's schemas, so a file changed since (damaged,
 * edited, or from another version) that breaks the contract reads as nothing.
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
    types: [
      {
        id: 'ask-a-question',
        label: 'Ask a Question',
        description: 'Questions.',
        examples: [],
        guidance: [],
        rules: [],
        fields: [{ key: 'subject', label: 'Subject', kind: 'text', help: 'One line.', required: true }],
      },
    ],
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
  });

  it('checks a file changed since it was written in full: a wrong shape reads as nothing, a right one is used', () => {
    cache().put(entry);
    edit((d) => ((d.catalog as { types: unknown }).types = 'not a list'));
    expect(cache().get(PORTAL)).toBeUndefined();
    cache().put(entry);
    edit((d) => ((d.picklists as { module: string[] }).module = ['Calendar']));
    expect(cache().get(PORTAL)?.picklists?.module).toEqual(['Calendar']);
  });

  it('reads a file of an older version (with the digest it kept) and one from another version in its shape; not one with a wrong field', () => {
    cache().put(entry);
    edit((d) => (d.checked = 'a digest of an older version'));
    expect(cache().get(PORTAL)).toEqual(entry);
    edit((d) => (d.version = 7));
    expect(cache().get(PORTAL)).toBeUndefined();
  });

  it("reads the catalog with this client's leniency: an unknown kind as text, unknown names dropped, absent lists empty", () => {
    cache().put(entry);
    edit((d) => {
      const t = (d.catalog as { types: Record<string, unknown>[] }).types[0]!;
      delete t.examples;
      delete t.rules;
      t.guidance = ['notifications', 'a-newer-kind-of-guidance'];
      (t.fields as Record<string, unknown>[])[0]!.kind = 'hologram';
      (t.fields as Record<string, unknown>[])[0]!.origin = 'elsewhere';
    });
    const t = cache().get(PORTAL)?.catalog?.types[0];
    expect(t).toMatchObject({ examples: [], rules: [], guidance: ['notifications'] });
    expect(t?.fields[0]?.kind).toBe('text');
    expect(t?.fields[0]).not.toHaveProperty('origin');
  });

  it('keeps each portal in its own file, named after its URL; an entry is used only for the URL it records', () => {
    const other = 'https://support.example.test:8443/district';
    cache().put({ ...entry, portalUrl: other, version: '8' });
    expect(cache().file(other)).not.toBe(cache().file(PORTAL));
    expect(cache().get(other)?.version).toBe('8');
    // Two URLs that make the same file name share it: the one not recorded there reads as nothing.
    const twin = 'https://support.example.test:8443/district/';
    const lookalike = 'http://support.example.test:8443/district';
    expect(cache().file(lookalike)).toBe(cache().file(other));
    expect(cache().get(twin)?.version).toBe('8');
    expect(cache().get(lookalike)).toBeUndefined();
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

describe('loadCatalog given what this invocation already read (case submit reads it to parse its flags)', () => {
  it('neither reads the cache again nor remakes the view when nothing is refetched', async () => {
    const { createContext } = await import('../../src/cli/context.js');
    const { systemIO } = await import('../../src/io/iostreams.js');
    const { loadCatalog } = await import('../../src/commands/catalog/load.js');
    const { paths } = await import('../../src/config/paths.js');
    const { PassThrough } = await import('node:stream');
    const env = { IC_SUPPORT_CONFIG_DIR: join(dir, 'state'), IC_SUPPORT_PORTAL_URL: PORTAL };
    const io = systemIO({
      env: {},
      streams: { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() },
    });
    const ctx = createContext({
      io,
      env,
      version: '0',
      globals: {},
      clock: { now: () => new Date('2026-11-30T13:00:00.000Z') },
    });
    const folder = join(paths(env).cache, 'catalog');
    new CatalogCache(folder).put(entry);
    const first = await loadCatalog(ctx);
    expect(first.entry?.version).toBe('7');
    expect(first.catalog.types.map((t) => t.id)).toEqual(['ask-a-question']);
    // The cache is gone: what comes back is what was read before, the same view.
    rmSync(folder, { recursive: true });
    const again = await loadCatalog(ctx, { read: first, refresh: 'if-stale', portalVersion: '7' });
    expect(again).toBe(first);
    expect(await loadCatalog(ctx, { read: first })).toBe(first);
    // Without it, the cache would be read (and is now empty).
    expect((await loadCatalog(ctx)).entry).toBeUndefined();
  });
});
