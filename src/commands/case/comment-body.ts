/**
 * The text of a comment, as `case comment`, `case close` and `case reopen` take it: --body,
 * --body-file (- reads standard input), or the editor on a terminal.
 */
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Context } from '../../cli/context.js';
import { FileProblemError, UsageError } from '../../errors.js';
import { editInEditor } from './follow-editor.js';

export interface BodyOptions {
  body?: string;
  bodyFile?: string;
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

export interface BodyRequest {
  /** What the text is, in messages: "comment", "closing comment", "additional details". */
  what: string;
  /** The fix, in the message for empty text: "the comment text". Default: the `what`. */
  writeWhat?: string;
  /** Without a flag: open the editor (on a terminal) or fail (false: the text is optional). */
  required: boolean;
  /** Lines shown in the editor under the scissors; called only when the editor opens. */
  editorLines: () => Promise<string[]>;
}

/** The trimmed text, or undefined when it is optional and none was given. Empty text is refused. */
export async function readCommentBody(ctx: Context, opts: BodyOptions, req: BodyRequest): Promise<string | undefined> {
  if (opts.body !== undefined && opts.bodyFile !== undefined) throw new UsageError('--body and --body-file cannot be used together.', `Give the ${req.what} once: --body TEXT, or --body-file FILE (- for standard input).`);
  let body: string;
  let from: string;
  if (opts.body !== undefined) {
    body = opts.body;
    from = '--body';
  } else if (opts.bodyFile !== undefined) {
    body = opts.bodyFile === '-' ? await readAll(ctx.io.stdin) : readBodyFile(opts.bodyFile);
    from = opts.bodyFile === '-' ? '--body-file - (standard input)' : `--body-file ${opts.bodyFile}`;
  } else if (!req.required) {
    return undefined;
  } else if (ctx.io.canPrompt()) {
    body = editInEditor(ctx.env, await req.editorLines());
    from = 'the editor';
  } else {
    throw new UsageError(`No ${req.what} given.`, 'Pass --body TEXT or --body-file FILE (- reads standard input); on a terminal, your $VISUAL or $EDITOR opens.');
  }
  if (body.trim() === '') {
    throw new UsageError(`The ${req.what} from ${from} is empty; nothing was sent.`, `Write ${req.writeWhat ?? `the ${req.what}`} with --body TEXT, --body-file FILE, or in your editor.`);
  }
  return body.trim();
}
