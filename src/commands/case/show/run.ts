/** `ic-support case show <number>`: the guide's Case Details, the thread and the attachments. */
import type { CommandRun } from '../../../cli/context.js';
import { openWebPage } from '../../../io/open-url.js';
import { caseDetails, normalizeCaseNumber, threadView } from '../../../domain/case-view.js';
import { renderCaseDetails } from '../../../render/case-details.js';
import { styler } from '../../../io/style.js';
import { userTimeZone } from '../../../domain/time-zone.js';
import { showControls, showControlsIn } from '../../../text/show-controls.js';
import { loadCatalog } from '../../catalog/load.js';
import { answerFields } from '../../../portal/parse-answer.js';
import { checkFields, printJson, type JsonRequest } from '../../../cli/json-output.js';
import type { ShowArguments, ShowOptions } from './options.js';

/** What --json accepts: the case's own fields, and its thread. */
const SHOW_FIELDS = [...answerFields('caseSchema'), 'comments', 'attachments'];

export const run: CommandRun<ShowOptions & JsonRequest, ShowArguments> = async (ctx, [numberArg], opts) => {
  const number = normalizeCaseNumber(numberArg);
  if (opts.jsonFields) checkFields(opts.jsonFields, SHOW_FIELDS);
  const client = await ctx.portal();
  if (opts.web) {
    const c = await ctx.io.wait(`Fetching case ${number}`, client.getCase(number));
    await openWebPage(ctx, { url: c.url, portalUrl: client.portalUrl, what: `case ${showControls(c.number)}` });
    return;
  }
  const got = await ctx.io.wait(
    `Fetching case ${number}`,
    Promise.all([client.getCase(number), client.listComments(number), client.listAttachments(number)]),
  );
  if (opts.json) {
    const [c, comments, attachments] = got;
    await printJson(ctx, { ...c, comments, attachments }, opts, SHOW_FIELDS);
    return;
  }
  const [c, comments, attachments] = showControlsIn(got);
  const tz = userTimeZone(ctx.env);
  const width = ctx.io.stdoutIsTTY ? Math.min(ctx.io.columns, 100) : Infinity;
  const catalog = (await loadCatalog(ctx, { portalUrl: client.portalUrl })).catalog;
  ctx.io.out(
    renderCaseDetails(
      caseDetails(c, { timeZone: tz, catalog, today: ctx.today() }),
      threadView(comments, attachments, { timeZone: tz }),
      styler(ctx.io.colorOut, ctx.io.colorLevel),
      width,
      // The practice portal of --sandbox stops with this command: its page is no address to keep.
      ctx.globals.sandbox ? undefined : c.url,
    ),
  );
};
