/**
 * `ic-support case close <number>`: the contact closes a case, usually one in Pending (which
 * confirms the posted resolution). Closing a closed case changes nothing and exits 13, so a
 * script can run it again safely.
 */
import type { CommandRun } from '../../../cli/context.js';
import { showControlsIn } from '../../../text/show-controls.js';
import { ExitCode } from '../../../errors.js';
import { formatPortalDate, formatPortalTime, normalizeCaseNumber } from '../../../domain/case-view.js';
import { isPending } from '../../../domain/case-life.js';
import { userTimeZone } from '../../../domain/time-zone.js';
import { readCommentBody } from '../shared/comment-body.js';
import { printJson } from '../../../cli/json-output.js';
import { checkCaseChange } from '../shared/change-access.js';
import type { CloseArguments, CloseOptions } from './options.js';

export const run: CommandRun<CloseOptions, CloseArguments> = async (ctx, [numberArg], opts) => {
  const number = normalizeCaseNumber(numberArg);
  await checkCaseChange(ctx, number, 'close');
  // The closing comment is optional: no editor opens unless asked for with a flag.
  const comment = await readCommentBody(ctx, opts, {
    what: 'closing comment',
    required: false,
    editorLines: async () => [],
  });
  const client = await ctx.portal();
  const answer = await ctx.io.wait(`Closing case ${number}`, client.closeCase(number, comment));
  const { case: c, changed, previousStatus } = opts.json ? answer : showControlsIn(answer);
  const confirmedResolution = changed && isPending(previousStatus);
  if (opts.json) {
    await printJson(
      ctx,
      {
        number: c.number,
        status: c.status,
        changed,
        previousStatus,
        confirmedResolution,
        closedAt: c.closedAt,
        closedBy: c.closedBy ?? null,
        reopenableUntil: c.reopenableUntil ?? null,
        url: c.url,
      },
      opts,
    );
  } else if (changed) {
    // What happened is status (stderr), as submit says it; stdout carries only data (--json).
    ctx.io.err(
      `Closed case ${c.number}${confirmedResolution ? ': you confirmed the resolution' : ` (it was ${previousStatus})`}.\n`,
    );
  } else {
    ctx.io.err(
      `Case ${c.number} was already closed${c.closedAt ? ` (${formatPortalTime(c.closedAt, userTimeZone(ctx.env))}${c.closedBy ? ` by ${c.closedBy.name}` : ''})` : ''}; nothing changed.\n`,
    );
  }
  // Only wording depends on our clock: whether a reopen is refused stays the portal's answer.
  if (!opts.json && c.reopenableUntil) {
    if (c.reopenableUntil.slice(0, 10) >= ctx.today())
      ctx.io.err(
        `It can be reopened until ${formatPortalDate(c.reopenableUntil)}: ic-support case reopen ${c.number} --body "what is still wrong"\n`,
      );
    else
      ctx.io.err(
        `Its reopen window ended ${formatPortalDate(c.reopenableUntil)}: if the problem is back, file a new case and mention case ${c.number} (ic-support case submit).\n`,
      );
  }
  return changed ? ExitCode.ok : ExitCode.unchanged;
};
