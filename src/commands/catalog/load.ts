/**
 * Loads the one catalog view of this invocation (src/domain/catalog/merge.ts): the portal's
 * catalog and picklists from the per-portal cache, refreshed from the portal when asked to, when
 * stale, or when the portal reports another version; the bundled catalog when no portal is set or
 * nothing was ever fetched. Every command that shows or checks fields reads its view from here.
 */
import type { Context } from '../../cli/context.js';
import { catalog as bundled, type Catalog } from '../../domain/catalog/index.js';
import { mergeCatalog, unknownRules, type PortalCatalog } from '../../domain/catalog/merge.js';
import { existsSync } from 'node:fs';
import { paths } from '../../config/paths.js';
import type * as CacheModule from '../../state/catalog-cache.js';
import type { CatalogCache, CatalogCacheEntry } from '../../state/catalog-cache.js';
import type { PortalClient } from '../../portal/client.js';
import { CliError } from '../../errors.js';

export type Refresh = 'never' | 'if-stale' | 'always';

export interface LoadOptions {
  /** never: cache or bundled, no network (help, completion, templates). Default: never. */
  refresh?: Refresh;
  /** The version the portal reported (GET /me): a cached copy of another version is refetched. */
  portalVersion?: string | undefined;
  /** The portal's URL when the caller already has its client (client.portalUrl): not looked up again. */
  portalUrl?: string | undefined;
  /**
   * What this invocation already loaded (refresh never; `case submit` reads it to parse its flags):
   * its portal and cached copy are used instead of being looked up and read again.
   */
  read?: LoadedCatalog | undefined;
}

export interface LoadedCatalog {
  catalog: Catalog;
  portalUrl: string | undefined;
  entry: CatalogCacheEntry | undefined;
  /** Set when a refresh was wanted and failed: the view is the cached or bundled one. */
  refreshError?: string;
}

// The cache module (and the catalog's compiled parser with it) is loaded only by a command with a
// portal (`case fields` offline reads the bundled catalog alone).
const cacheModule = (): Promise<typeof CacheModule> => import('../../state/catalog-cache.js');
const cacheFor = async (ctx: Context): Promise<CatalogCache> =>
  new (await cacheModule()).CatalogCache(`${paths(ctx.env).cache}/catalog`, { exact: ctx.output.json });

/**
 * The portal this invocation talks to, found as cheaply as possible: the environment, the profile
 * file read directly, or the full settings. Undefined when none is set (the bundled catalog applies).
 */
export async function portalIdentity(ctx: Context): Promise<string | undefined> {
  const { checkPortalUrl } = await import('../../portal/url.js');
  const norm = (v: string | undefined): string | undefined => {
    if (!v) return undefined;
    const r = checkPortalUrl(v);
    return r.ok ? r.url : undefined;
  };
  if (!ctx.globals.sandbox) {
    if (ctx.env.IC_SUPPORT_PORTAL_URL) return norm(ctx.env.IC_SUPPORT_PORTAL_URL);
    try {
      const { readProfileSettings } = await import('../../config/profile-file.js');
      const light = readProfileSettings(ctx.env, ctx.profileName());
      if (light) return norm(light.portalUrl);
    } catch {
      // fall through to the full settings
    }
  }
  try {
    return (await ctx.settings()).portalUrl?.value;
  } catch {
    return undefined;
  }
}

function viewOf(entry: CatalogCacheEntry | undefined): Catalog {
  if (!entry) return mergeCatalog(bundled);
  return mergeCatalog(bundled, {
    catalog: entry.catalog as PortalCatalog | undefined,
    picklists: entry.picklists,
    source: { kind: 'portal', portalUrl: entry.portalUrl, version: entry.version, fetchedAt: entry.fetchedAt },
  });
}

/** Fetches the portal's catalog (revalidated by ETag) and picklists, and caches them. */
export async function fetchCatalog(
  ctx: Context,
  client: PortalClient,
  portalUrl: string,
  previous: CatalogCacheEntry | undefined,
): Promise<CatalogCacheEntry> {
  // What is kept is the exact catalog (the copy read for a text output shows its controls): a
  // 304 keeps the cached copy as it is on disk.
  const kept =
    previous &&
    new (await cacheModule()).CatalogCache(`${paths(ctx.env).cache}/catalog`, { exact: true }).get(portalUrl);
  let catalog = kept?.catalog;
  let etag = kept?.etag;
  let version: string | undefined;
  try {
    const got = await client.catalog(kept?.catalog ? kept.etag : undefined);
    if (got) {
      catalog = got.catalog;
      etag = got.etag;
    }
    version = catalog?.catalogVersion;
  } catch (e) {
    // A portal without the catalog endpoint still has picklists (the older contract).
    if (!(e instanceof CliError) || e.portal?.status !== 404) throw e;
    ctx.debug('the portal has no GET /api/v1/catalog; using its picklists with the bundled case types');
    catalog = undefined;
    etag = undefined;
  }
  const p = await client.picklists();
  const entry: CatalogCacheEntry = {
    portalUrl,
    fetchedAt: ctx.clock.now().toISOString(),
    version: version ?? String(p.catalogVersion),
    ...(etag ? { etag } : {}),
    ...(catalog ? { catalog } : {}),
    picklists: p.picklists,
  };
  const cache = await cacheFor(ctx);
  cache.put(entry);
  return cache.shown(entry);
}

/** The invocations already told that the portal's lists could not be loaded: told once each. */
const told = new WeakSet<Context>();

/**
 * Says, once per command and on stderr (never in --json's stdout), that the portal's catalog and
 * lists could not be loaded, why, and what the command checks against instead: otherwise the
 * bundled lists would stand in for the portal's unseen (the form offering what the portal refuses).
 */
function tellNotLoaded(ctx: Context, portalUrl: string, why: string, entry: CatalogCacheEntry | undefined): void {
  if (told.has(ctx)) return;
  told.add(ctx);
  const instead = entry
    ? `the copy fetched ${entry.fetchedAt} is used`
    : 'the bundled catalog (the offline default) is used: its lists are guesses and its required fields only warnings';
  ctx.io.err(`warning: the case types and lists of ${portalUrl} could not be loaded (${why}); ${instead}\n`);
}

export async function loadCatalog(ctx: Context, opts: LoadOptions = {}): Promise<LoadedCatalog> {
  // With --sandbox the practice portal is started on this machine for this command (finding the
  // portal starts it): its catalog is one local request away, so what is shown is its catalog, never
  // the bundled one labeled "offline default" beside a portal that is running.
  const refresh =
    opts.refresh === 'never' || opts.refresh === undefined
      ? ctx.globals.sandbox
        ? 'if-stale'
        : 'never'
      : opts.refresh;
  const read =
    opts.read && (opts.portalUrl === undefined || opts.portalUrl === opts.read.portalUrl) ? opts.read : undefined;
  const portalUrl = opts.portalUrl ?? (read ? read.portalUrl : await portalIdentity(ctx));
  if (!portalUrl) return { catalog: viewOf(undefined), portalUrl, entry: undefined };
  if (read && refresh === 'never') return read;
  // No catalog was ever cached and none is to be fetched: the bundled view, without the cache module.
  if (!read && refresh === 'never' && !existsSync(`${paths(ctx.env).cache}/catalog`))
    return { catalog: viewOf(undefined), portalUrl, entry: undefined };
  const { isStale } = await cacheModule();
  let entry = read ? read.entry : (await cacheFor(ctx)).get(portalUrl);
  let refreshError: string | undefined;
  const wanted =
    refresh === 'always' || (refresh === 'if-stale' && (!entry || isStale(entry, ctx.clock.now(), opts.portalVersion)));
  if (wanted) {
    try {
      const previous = entry;
      entry = await ctx.io.wait("Fetching the portal's catalog", async () =>
        fetchCatalog(ctx, await ctx.portal(), portalUrl, previous),
      );
      ctx.debug(`catalog ${entry.version} fetched from ${portalUrl}`);
    } catch (e) {
      if (refresh === 'always') throw e;
      refreshError = (e as Error).message;
      tellNotLoaded(ctx, portalUrl, refreshError.replace(/\.$/, ''), entry);
    }
  }
  // The copy read before, unchanged: its view as it was made (and its rules already noted).
  if (read && entry === read.entry) return refreshError ? { ...read, refreshError } : read;
  const view = viewOf(entry);
  for (const u of unknownRules(view))
    ctx.debug(
      `rule ${u.rule.id} of ${u.type} (check "${u.rule.check}") is not known to this version of ic-support: skipped here, the portal still enforces it`,
    );
  return { catalog: view, portalUrl, entry, ...(refreshError ? { refreshError } : {}) };
}
