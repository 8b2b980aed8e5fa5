/** `ic-support case list`: the user's cases, newest change first; a table, TSV lines or JSON. */
import type { CommandRun } from '../../../cli/context.js';
import { UsageError } from '../../../errors.js';
import { findCaseType, type Catalog } from '../../../domain/catalog/index.js';
import { caseRow, caseTsvLine, PENDING_MARK } from '../../../domain/case-view.js';
import { isPending, PENDING_MESSAGE } from '../../../domain/case-life.js';
import { answerFields } from '../../../portal/parse-answer.js';
import type { CaseList, CaseSummary } from '../../../portal/schemas.js';
import { fitTable, type Column } from '../../../render/table.js';
import { styler } from '../../../io/style.js';
import { checkFields, jsonTimes, pick, printJson, type JsonRequest } from '../../../cli/json-output.js';
import { remember } from '../../../state/seen.js';
import { findAccount, signedInMe } from '../../accounts/shared.js';
import { OutputSink } from '../../../io/output-sink.js';
import { openWebPage } from '../../../io/open-url.js';
import { userTimeZone } from '../../../domain/time-zone.js';
import { parseInstant } from '../../../domain/dates.js';
import { setV8Flags } from '../../../io/v8-flags.js';
import { CursorGuard } from '../../../portal/paging.js';
import { showControlsIn } from '../../../text/show-controls.js';
import { sinceOption } from '../../../cli/since-option.js';
import type { ListOptions } from './options.js';

/** The flags as declared, with what resolveJson adds (--json's field list). */
type ListRunOptions = ListOptions & JsonRequest;

/** What --json accepts: a case summary's fields, as the contract names them. */
export const CASE_FIELDS = answerFields('caseSummarySchema');

const STATUSES = ['open', 'closed', 'all'] as const;
type Status = (typeof STATUSES)[number];
export const DEFAULT_LIMIT = 25;
const PAGE_MAX = 100;

// "CASE TYPE", as the guide's Case Details names it ("Type" is a field of an Application Issue).
// The subject gets the room, as gh gives an issue's title: the others narrow, then drop (rank 1
// first), before it is cut below its share (src/render/table.ts).
const COLUMNS: Column[] = [
  { header: 'NUMBER' },
  { header: 'CASE TYPE', min: 12, drop: 2 },
  { header: 'PRIORITY', drop: 1 },
  { header: 'STATUS', min: 9 },
  // Cases may be filed for another contact, and everyone in the district sees all of them.
  { header: 'CONTACT', min: 12, drop: 3 },
  { header: 'SUBJECT', flex: true, min: 12 },
  { header: 'LAST MODIFIED', drop: 4 },
];
// Shown when the listing spans several districts: which one a case belongs to matters then.
const ACCOUNT: Column = { header: 'ACCOUNT', min: 12, drop: 5 };

/**
 * `catalog`: the catalog in use (the portal's cached catalog, else the bundled one), needed only to
 * resolve --case-type by id or by the portal's label; a command without --case-type loads none.
 */
export function parseListOptions(
  opts: Partial<ListOptions>,
  catalog?: Catalog,
): {
  status: Status;
  caseStatus: string | undefined;
  caseType: string | undefined;
  account: string | undefined;
  q: string | undefined;
  limit: number;
} {
  const given = (opts.status ?? 'open').trim();
  if (!given)
    throw new UsageError(
      '--status needs a value: open, closed, all, or a status such as pending.',
      'For example: ic-support case list --status pending',
    );
  // Anything but open/closed/all names a status; the portal owns the set, so none is refused here.
  const named = !(STATUSES as readonly string[]).includes(given.toLowerCase());
  const status: Status = named ? 'all' : (given.toLowerCase() as Status);
  const caseStatus = named ? given : undefined;
  // commander's .conflicts() (options.ts) has refused --limit with --all.
  let limit = DEFAULT_LIMIT;
  if (opts.all) limit = Infinity;
  else if (opts.limit !== undefined) {
    if (!/^\d+$/.test(opts.limit.trim()) || Number(opts.limit) < 1)
      throw new UsageError(
        `--limit must be a whole number of cases, 1 or more (not "${opts.limit}").`,
        'For example: --limit 50, or --all for every case.',
      );
    limit = Number(opts.limit);
  }
  let caseType: string | undefined;
  if (opts.caseType !== undefined) {
    if (!catalog) throw new Error('parseListOptions: --case-type needs the catalog');
    try {
      caseType = findCaseType(opts.caseType, catalog).id;
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError(`--case-type: ${e.message}`, e.hint);
      throw e;
    }
  }
  const account = opts.account?.trim() || undefined;
  const q = opts.search?.trim() || undefined;
  if (opts.search !== undefined && !q)
    throw new UsageError('--search needs some text to look for.', 'For example: --search "grade book"');
  return { status, caseStatus, caseType, account, q, limit };
}

/** The portal's query parameters and the flags the user typed them as. */
const FILTER_FLAGS: Record<string, string> = { caseStatus: '--status', caseType: '--case-type', account: '--account' };

/**
 * The portal's 400 for a filter value it does not know names its query parameter (`caseStatus
 * "pendng" is not a status…`): said with the flag the user typed, and the exit code kept (2).
 */
function asFlagProblem(e: unknown): unknown {
  if (!(e instanceof UsageError) || e.portal?.status !== 400) return e;
  const m = /^The portal rejected the request: (caseStatus|caseType|account)\b(.*)$/s.exec(e.message);
  if (!m) return e;
  const flag = FILTER_FLAGS[m[1]!]!;
  return new UsageError(
    `${flag}: the portal says${m[2]}`,
    `See the values it takes: ic-support case list --help`,
  ).withPortal(e.portal);
}

export const run: CommandRun<ListRunOptions> = async (ctx, _args, opts) => {
  // The case types by the portal's own ids and labels, from its cached catalog (no request; the
  // bundled catalog when none is cached): loaded once, and only for --case-type or a table.
  let catalogInUse: Promise<Catalog> | undefined;
  const catalog = (portalUrl?: string): Promise<Catalog> =>
    (catalogInUse ??= import('../../catalog/load.js').then(
      async ({ loadCatalog }) => (await loadCatalog(ctx, portalUrl ? { portalUrl } : {})).catalog,
    ));
  const o = parseListOptions(opts, opts.caseType !== undefined ? await catalog() : undefined);
  if (opts.jsonFields) checkFields(opts.jsonFields, CASE_FIELDS);
  // The forms notifications --since takes; sent as the portal's RFC 3339 (updatedSince).
  const sinceDate = sinceOption(ctx.clock.now(), opts.since, userTimeZone(ctx.env));
  const since = sinceDate?.toISOString();
  const sinceMs = sinceDate?.getTime();
  const client = await ctx.portal();
  // An unknown district is the user's mistake: said here, with theirs listed, not by the portal.
  if (o.account) o.account = findAccount(await signedInMe(ctx), o.account).id;
  if (opts.web) {
    await openWebPage(ctx, { url: await listPageUrl(ctx, client), portalUrl: client.portalUrl, what: 'your cases' });
    return;
  }
  // jq needs the whole array; --json alone (or with fields) streams it page by page.
  const collectJson = Boolean(opts.json && opts.jq);
  const streamJson = Boolean(opts.json && !opts.jq);
  const sink = new OutputSink(ctx.io.stdout);
  const table = !opts.json && ctx.io.stdoutIsTTY;
  // Only the table shows dates in the user's zone; a wrong IC_SUPPORT_TZ is refused either way.
  const tz = userTimeZone(ctx.env);
  const seen: CaseSummary[] = [];
  const rows: CaseSummary[] = [];
  let count = 0;
  let more = false;

  const fetchPage = (cursor: string | undefined, remaining: number): Promise<CaseList> => {
    const p = client.listCases({
      status: o.status,
      caseStatus: o.caseStatus,
      caseType: o.caseType,
      account: o.account,
      q: o.q,
      updatedSince: since,
      limit: Math.min(PAGE_MAX, remaining),
      ...(cursor ? { cursor } : {}),
    });
    // Awaited later; until then a failure must not count as unhandled.
    p.catch(() => undefined);
    return p;
  };

  // Every page is garbage once written: V8's young generation need not grow to hold many of them
  // (it grew to ~16 MB; held small, the peak RSS of 50,000 cases went from ~87 to ~75 MB).
  if (o.limit === Infinity) {
    await setV8Flags('--semi-space-growth-factor=1 --max-semi-space-size=4');
  }
  const guard = new CursorGuard('listing cases', o.limit);
  let next: Promise<CaseList> | undefined = fetchPage(undefined, o.limit);
  let first = true;
  while (next && !sink.closed) {
    const page: CaseList = await ctx.io
      .wait(count ? 'Listing more cases' : 'Listing your cases', next)
      .catch((e: unknown) => {
        throw asFlagProblem(e);
      });
    // Opened once the portal has answered: a refused filter leaves stdout empty, not "[".
    if (streamJson && first) await sink.write('[');
    first = false;
    // A portal that ignores updatedSince sends every case: newest change first, so the rest are older.
    const older = sinceMs === undefined ? -1 : page.cases.findIndex((c) => parseInstant(c.lastModifiedAt) < sinceMs);
    const items = page.cases.slice(0, Math.min(o.limit - count, older < 0 ? Infinity : older));
    count += items.length;
    // Fetch the next page while this one is written: the network and the output overlap.
    next =
      page.nextCursor && count < o.limit && older < 0
        ? fetchPage(guard.next(page.nextCursor, page.cases.length), o.limit - count)
        : undefined;
    more = (older < 0 ? Boolean(page.nextCursor) : older > items.length) && count >= o.limit;
    // undici writes that request on the event loop's next turn (it lets a kept-alive connection
    // be checked first): this page is written after it, while the portal prepares the next one,
    // not in between.
    if (next) await new Promise((resolve) => setImmediate(resolve));
    seen.push(...items.slice(0, Math.max(0, 200 - seen.length)));
    if (collectJson) {
      rows.push(...items);
    } else if (streamJson) {
      const start = count - items.length;
      let chunk = '';
      items.forEach(
        (c, i) =>
          (chunk += `${start + i === 0 ? '\n' : ',\n'}  ${JSON.stringify(pick(c, opts.jsonFields), jsonTimes)}`),
      );
      if (chunk) await sink.write(chunk);
    } else if (table) {
      rows.push(...showControlsIn(items));
    } else if (items.length) {
      await sink.write(`${showControlsIn(items).map(caseTsvLine).join('\n')}\n`);
    }
  }
  if (streamJson) await sink.write(count ? '\n]\n' : ']\n');
  if (collectJson) await printJson(ctx, rows, opts, CASE_FIELDS);
  if (table && rows.length) {
    // Only a table shows labels: the portal's (a type only it offers reads by its label, not its id).
    const labels = await catalog(client.portalUrl);
    const s = styler(ctx.io.colorOut, ctx.io.colorLevel);
    const accounts = new Set(rows.map((r) => r.account.name)).size > 1;
    // A portal whose list does not name the contact gets no empty column.
    const contacts = rows.some((r) => r.contact);
    const columns = COLUMNS.filter((c) => contacts || c.header !== 'CONTACT');
    if (accounts)
      columns.splice(
        columns.findIndex((c) => c.header === 'SUBJECT'),
        0,
        ACCOUNT,
      );
    const cells = rows.map((r) => {
      const row = caseRow(r, { timeZone: tz, catalog: labels, dateOnly: ctx.io.columns < 120, markPending: true });
      return [
        row.number,
        row.type,
        row.priority,
        row.status,
        ...(contacts ? [row.contact] : []),
        ...(accounts ? [r.account.name] : []),
        row.subject,
        row.lastModified,
      ];
    });
    const lines = fitTable(columns, cells, ctx.io.columns, { header: s.bold });
    await sink.write(`${lines.join('\n')}\n`);
  }
  remember(
    ctx.env,
    ctx.profileName(),
    'cases',
    seen.map((c) => ({ id: c.number, label: c.subject })),
    ctx.debug,
  );
  if (ctx.io.stderrIsTTY && !opts.json) {
    const waiting = rows.filter((r) => isPending(r.status));
    if (waiting.length)
      ctx.io.err(
        `${PENDING_MARK} ${waiting.length === 1 ? `Case ${waiting[0]!.number}` : `${waiting.length} cases`}: ${PENDING_MESSAGE} (ic-support case close N, or ic-support case comment N).\n`,
      );
    const what = o.caseStatus
      ? `cases in status "${o.caseStatus}"`
      : o.status === 'all'
        ? 'cases'
        : `${o.status} cases`;
    if (!count)
      ctx.io.err(
        `No ${what}${o.caseType || o.account || o.q ? ' match' : ''}${since ? ` updated since ${since}` : ''}.${o.status === 'open' ? ' Closed ones: ic-support case list --status closed' : ''}\n`,
      );
    else if (more) ctx.io.err(`Showing the ${count} most recently changed ${what}; more with --limit N or --all.\n`);
  }
};

/** The portal's page of cases: where a case's own page lives, without its number. */
async function listPageUrl(
  ctx: Parameters<CommandRun>[0],
  client: Awaited<ReturnType<Parameters<CommandRun>[0]['portal']>>,
): Promise<string> {
  const url = await ctx.io.wait('Finding the portal page of your cases', async () => {
    // The contract gives a case's page, not the list's: the list is that page without its number.
    const first = (await client.listCases({ status: 'all', limit: 1 })).cases[0];
    return first ? (await client.getCase(first.number)).url : undefined;
  });
  return url && /\/\d+$/.test(url) ? url.replace(/\/\d+$/, '') : client.portalUrl;
}
