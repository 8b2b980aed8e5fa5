/**
 * The text of a comment, as `case comment`, `case close` and `case reopen` take it: --body,
 * --body-file (- reads standard input), or the editor on a terminal.
 */
import type { Context } from '../../../cli/context.js';
import { UsageError } from '../../../errors.js';
import { readTextBounded, type ReadLimit } from '../../../io/bounded-read.js';
import { TEXT_VALUE_LIMIT } from '../../../input/case-file.js';
import { editInEditor } from './editor.js';

export interface BodyOptions {
  body?: string;
  bodyFile?: string;
}

/** A comment is read with a cap: the portal decides its length, the cap stops a read that never ends. */
const COMMENT_LIMIT: ReadLimit = {
  ...TEXT_VALUE_LIMIT,
  what: 'a comment',
  pathHint: 'Give --body-file the path of a text file (or - for standard input).',
};

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
  if (opts.body !== undefined && opts.bodyFile !== undefined)
    throw new UsageError(
      '--body and --body-file cannot be used together.',
      `Give the ${req.what} once: --body TEXT, or --body-file FILE (- for standard input).`,
    );
  let body: string;
  let from: string;
  if (opts.body !== undefined) {
    body = opts.body;
    from = '--body';
  } else if (opts.bodyFile !== undefined) {
    body = await readTextBounded(opts.bodyFile, () => ctx.io.stdin, { ...COMMENT_LIMIT, cwd: ctx.cwd });
    from = opts.bodyFile === '-' ? '--body-file - (standard input)' : `--body-file ${opts.bodyFile}`;
  } else if (!req.required) {
    return undefined;
  } else if (ctx.io.canPrompt()) {
    body = editInEditor(ctx.env, await req.editorLines());
    from = 'the editor';
  } else {
    throw new UsageError(
      `No ${req.what} given.`,
      'Pass --body TEXT or --body-file FILE (- reads standard input); on a terminal, your $VISUAL or $EDITOR opens.',
    );
  }
  if (body.trim() === '') {
    throw new UsageError(
      `The ${req.what} from ${from} is empty; nothing was sent.`,
      `Write ${req.writeWhat ?? `the ${req.what}`} with --body TEXT, --body-file FILE, or in your editor.`,
    );
  }
  return body.trim();
}
