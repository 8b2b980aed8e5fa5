/** `ic-support case comment <number>`: adds a comment from --body, --body-file (- = stdin) or the editor. */
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { CommandRun } from '../../cli/context.js';
import { FileProblemError, UsageError } from '../../errors.js';
import { normalizeCaseNumber } from '../../domain/case-view.js';
import { editInEditor } from './follow-editor.js';

export interface CommentOptions {
  body?: string;
  bodyFile?: string;
  json?: boolean;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function readBodyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileProblemError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message, 'Give --body-file the path of a text file (or - for standard input).');
  }
}

export const run: CommandRun<CommentOptions, [string]> = async (ctx, [numberArg], opts) => {
  const number = normalizeCaseNumber(numberArg);
  let body: string;
  let from: string;
  if (opts.body !== undefined) {
    body = opts.body;
    from = '--body';
  } else if (opts.bodyFile !== undefined) {
    body = opts.bodyFile === '-' ? await readAll(ctx.io.stdin) : readBodyFile(opts.bodyFile);
    from = opts.bodyFile === '-' ? '--body-file - (standard input)' : `--body-file ${opts.bodyFile}`;
  } else if (ctx.io.canPrompt()) {
    // Check the case exists before the user writes anything.
    const client = await ctx.portal();
    const c = await client.getCase(number);
    body = editInEditor(ctx.env, [`Your comment on case ${c.number}: ${c.subject}`, 'Write it above this line; everything from the line above down is ignored.', 'An empty comment sends nothing.']);
    from = 'the editor';
  } else {
    throw new UsageError('No comment given.', 'Pass --body TEXT or --body-file FILE (- reads standard input); on a terminal, your $VISUAL or $EDITOR opens.');
  }
  if (body.trim() === '') {
    throw new UsageError(`The comment from ${from} is empty; nothing was sent.`, 'Write the comment text with --body TEXT, --body-file FILE, or in your editor.');
  }
  const client = await ctx.portal();
  const comment = await client.addComment(number, body.trim());
  if (opts.json) ctx.io.out(`${JSON.stringify(comment, null, 2)}\n`);
  else ctx.io.out(`Added comment ${comment.id} to case ${number}.\n`);
};
