/** `ic-support case comment <number>`: adds a comment from --body, --body-file (- = stdin) or the editor. */
import type { CommandRun } from '../../../cli/context.js';
import { normalizeCaseNumber } from '../../../domain/case-view.js';
import { readCommentBody } from '../shared/comment-body.js';
import { printJson } from '../../../cli/json-output.js';
import type { CommentArguments, CommentOptions } from './options.js';

export const run: CommandRun<CommentOptions, CommentArguments> = async (ctx, [numberArg], opts) => {
  const number = normalizeCaseNumber(numberArg);
  const body = (await readCommentBody(ctx, opts, {
    what: 'comment',
    writeWhat: 'the comment text',
    required: true,
    editorLines: async () => {
      // Check the case exists before the user writes anything.
      const c = await ctx.io.wait(`Fetching case ${number}`, (await ctx.portal()).getCase(number));
      return [
        `Your comment on case ${c.number}: ${c.subject}`,
        'Write it above this line; everything from the line above down is ignored.',
        'An empty comment sends nothing.',
      ];
    },
  }))!;
  const client = await ctx.portal();
  const comment = await ctx.io.wait(`Adding the comment to case ${number}`, client.addComment(number, body));
  if (opts.json) await printJson(ctx, comment, opts);
  else ctx.io.err(`Added comment ${comment.id} to case ${number}.\n`);
};
