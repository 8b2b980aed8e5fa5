/**
 * What `case submit` asks the portal before anything else: who the user is to it (GET /me) and
 * its catalog. A contact who may file in none of their districts is told so before any question
 * (the portal's GET /me decides; without its word, a Read Only contact only reads), with the
 * district's activated contacts who can.
 * Anything else that goes wrong here is left to the submission itself (the outbox, sign-in
 * messages), and the catalog falls back to the cached or bundled one.
 */
import type { Context } from '../../../cli/context.js';
import type { Catalog } from '../../../domain/catalog/index.js';
import { contactsWhoFile, ownDistrict, submitDistricts, submitRefusal } from '../../../domain/account.js';
import { PermissionError } from '../../../errors.js';
import type { Me } from '../../../portal/schemas.js';
import { loadCatalog, type LoadedCatalog } from '../../catalog/load.js';

/** Who files (as the portal knows them) and the catalog the case is checked against. */
export interface FilerAndCatalog {
  /** Undefined when no portal or token is set, or the portal could not be asked. */
  me: Me | undefined;
  /** The portal's catalog (refreshed when stale or of another version), else the cached or bundled one. */
  catalogInUse: Catalog;
}

async function whoAmI(ctx: Pick<Context, 'io' | 'settings' | 'portal' | 'debug'>): Promise<Me | undefined> {
  const settings = await ctx.settings();
  if (!settings.portalUrl || !settings.token) return undefined;
  try {
    return await ctx.io.wait('Checking with the portal who you are', async () => (await ctx.portal()).me());
  } catch (e) {
    ctx.debug(`who you are to the portal could not be checked before the form: ${(e as Error).message}`);
    return undefined;
  }
}

/** `read`: the catalog this invocation already read from the cache (to parse the flags), not read again. */
export async function checkMayFile(ctx: Context, read?: LoadedCatalog): Promise<FilerAndCatalog> {
  const me = await whoAmI(ctx);
  if (me && submitDistricts(me).length === 0) {
    const district = ownDistrict(me) ?? (me.districts.length === 1 ? me.districts[0] : undefined);
    let canFile: { name: string; email: string; role: string }[] = [];
    if (district) {
      try {
        canFile = contactsWhoFile(
          await ctx.io.wait(`Listing the contacts of ${district.name}`, async () =>
            (await ctx.portal()).districtContacts(district.id),
          ),
        ).filter((c) => c.email !== me.contact.email);
      } catch (e) {
        ctx.debug(`the district's contacts could not be listed: ${(e as Error).message}`);
      }
    }
    const r = submitRefusal(me, district, canFile);
    throw new PermissionError(r.message, r.hint);
  }
  const { catalog: catalogInUse } = await loadCatalog(ctx, {
    ...(me ? { refresh: 'if-stale', portalVersion: me.catalogVersion } : {}),
    ...(read ? { read } : {}),
  });
  return { me, catalogInUse };
}
