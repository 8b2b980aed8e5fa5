/** What `catalog status` and `catalog refresh` say about the catalog in use (text and --json). */
import type { Context } from '../../cli/context.js';
import type { Catalog } from '../../domain/catalog/index.js';
import { catalog as bundled } from '../../domain/catalog/index.js';
import { attachmentLimits, limitOf } from '../../domain/catalog/merge.js';
import { attachmentLimitsNote, limitWhose } from '../../domain/catalog/describe.js';
import { isStale } from '../../state/catalog-cache.js';
import type { LoadedCatalog } from './load.js';
import { formatPortalTime, userTimeZone } from '../../domain/time-zone.js';

/** The lists a view holds for the fields the guide leaves to the portal, by list name. */
function viewLists(view: Catalog): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const t of view.types) {
    for (const f of t.fields) {
      if (!f.picklist || !f.choices) continue;
      (out[f.picklist] ??= {})[t.id] = f.choices;
    }
  }
  return out;
}

/** Values of the view's lists that the bundled catalog does not have (what this portal adds). */
function added(view: Catalog): string[] {
  const ours = viewLists(bundled);
  const theirs = viewLists(view);
  const out = new Set<string>();
  for (const [list, byType] of Object.entries(theirs)) {
    for (const [type, values] of Object.entries(byType))
      for (const v of values) if (!(ours[list]?.[type] ?? []).includes(v)) out.add(`${list}: ${v}`);
  }
  return [...out];
}

/** The limits the guide never states, each labeled as this portal's or the bundled default. */
function limitsLine(view: Catalog): string | undefined {
  const files = attachmentLimitsNote(attachmentLimits(view));
  const pw = limitOf(view, 'passwordMinLength');
  const parts = [
    files ? `attachments ${files}` : '',
    pw ? `passwords at least ${pw.value} characters (${limitWhose(pw.from)})` : '',
  ].filter(Boolean);
  return parts.length ? `Limits (the guide states none): ${parts.join('; ')}.` : undefined;
}

export function describe(ctx: Context, loaded: LoadedCatalog): { json: unknown; text: string } {
  const { catalog: view, entry, portalUrl } = loaded;
  const stale = entry ? isStale(entry, ctx.clock.now()) : undefined;
  const json = {
    source: entry ? 'portal' : 'bundled',
    portalUrl: portalUrl ?? null,
    version: view.catalogVersion,
    fetchedAt: entry?.fetchedAt ?? null,
    etag: entry?.etag ?? null,
    stale: stale ?? null,
    fromPortal: { catalog: Boolean(entry?.catalog), picklists: Boolean(entry?.picklists) },
    types: view.types.length,
    lists: viewLists(view),
    limits: view.limits ?? {},
    limitsFrom: view.limitsFrom ?? {},
    notInBundled: added(view),
  };
  const lines: string[] = [];
  if (!entry) {
    lines.push(`Catalog: bundled ${bundled.catalogVersion} (offline default).`);
    lines.push(
      portalUrl
        ? `Nothing cached yet for ${portalUrl}: run ic-support catalog refresh (or any command that files a case).`
        : 'No portal is set for this profile.',
    );
    lines.push(
      'Module, Type and Request Type values outside the bundled lists are warnings only: the portal checks them.',
    );
  } else {
    lines.push(`Catalog: ${portalUrl}, version ${entry.version}${entry.etag ? ` (ETag ${entry.etag})` : ''}.`);
    lines.push(
      `Fetched ${formatPortalTime(entry.fetchedAt, userTimeZone(ctx.env))}${stale ? '; stale: it is refreshed at the next command that talks to the portal' : ''}.`,
    );
    lines.push(
      `From the portal: ${[entry.catalog ? 'case types and fields' : '', entry.picklists ? 'choice lists' : ''].filter(Boolean).join(' and ')}${entry.catalog ? '' : ' (case types and fields: bundled)'}.`,
    );
    const extra = added(view);
    if (extra.length) lines.push(`Values this portal offers that the bundled lists lack: ${extra.join('; ')}.`);
  }
  lines.push(`${view.types.length} case types.`);
  const limits = limitsLine(view);
  if (limits) lines.push(limits);
  return { json, text: `${lines.join('\n')}\n` };
}
