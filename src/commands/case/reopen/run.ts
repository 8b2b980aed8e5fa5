/**
 * `ic-support case reopen <number>`: reopens a closed case with additional details. The portal
 * enforces its reopen window by its own clock; the client never refuses on its own clock and
 * passes on the portal's answer (with the date) when it refuses. Reopening an open case changes
 * nothing and exits 13.
 */
import type { CommandRun } from '../../../cli/context.js';
import { showControlsIn } from '../../../text/show-controls.js';
import { CliError, ExitCode } from '../../../errors.js';
import { normalizeCaseNumber } from '../../../domain/case-view.js';
import { readCommentBody } from '../shared/comment-body.js';
import { printJson } from '../../../cli/json-output.js';
import { checkCaseChange } from '../shared/change-access.js';
import type { ReopenArguments, ReopenOptions } from './options.js';

export const run: CommandRun<ReopenOptions, ReopenArguments> = async (ctx, [numberArg], opts) => {
  const number = normalizeCaseNumber(numberArg);
  await checkCaseChange(ctx, number, 'reopen');
  const details = (await readCommentBody(ctx, opts, {
    what: 'additional details',
    required: true,
    editorLines: async () => {
      const c = await ctx.io.wait(`Fetching case ${number}`, async () => (await ctx.portal()).getCase(number));
      return [
        `Reopening case ${c.number}: ${c.subject} (${c.status})`,
        'Say what still goes wrong, with the details Support needs to look again.',
        'Write it above this line; everything from the line above down is ignored. Empty text sends nothing.',
      ];
    },
  }))!;
  const client = await ctx.portal();
  let change;
  try {
    change = await ctx.io.wait(`Reopening case ${number}`, client.reopenCase(number, details));
  } catch (e) {
    if (e instanceof CliError && e.portal?.code === 'reopen_window_closed') {
      throw new CliError(
        e.message,
        ExitCode.conflict,
        `File a new case instead and mention case ${number} in it (ic-support case submit).`,
      ).withPortal(e.portal);
    }
    throw e;
  }
  const { case: c, changed } = opts.json ? change : showControlsIn(change);
  if (opts.json) await printJson(ctx, { number: c.number, status: c.status, changed, url: c.url }, opts);
  else if (changed) ctx.io.err(`Reopened case ${c.number} (${c.status}); your details were added as a comment.\n`);
  else
    ctx.io.err(
      `Case ${c.number} is open already (${c.status}); nothing changed. Add details with: ic-support case comment ${c.number}\n`,
    );
  return changed ? ExitCode.ok : ExitCode.unchanged;
};
