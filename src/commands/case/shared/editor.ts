/**
 * Writing text in the user's editor ($VISUAL, $EDITOR), as git does for commit messages: a comment
 * (`case comment`) or a long field of the form (`case submit`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, UsageError } from '../../../errors.js';
import { normalizeTextSync, readFileBoundedSync } from '../../../io/bounded-read.js';
import { TEXT_VALUE_LIMIT } from '../../../input/case-file.js';

export const SCISSORS = '# ------------------------ >8 ------------------------';

/** The text above the scissors line, which the template puts before its instructions. */
export function stripTemplate(text: string): string {
  const at = text.indexOf(SCISSORS);
  return (at >= 0 ? text.slice(0, at) : text).trim();
}

export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env.VISUAL?.trim() || env.EDITOR?.trim() || (process.platform === 'win32' ? 'notepad' : 'vi');
}

export interface EditOptions {
  /** Text to start from (what the field holds already). */
  initial?: string | undefined;
  fileName?: string;
  /** What to do instead when the editor cannot be used. */
  fallback?: string;
}

/** Opens the editor on a template and returns what the user wrote (the template's instructions removed). */
export function editInEditor(env: NodeJS.ProcessEnv, instructions: string[], opts: EditOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-edit-'));
  const file = join(dir, opts.fileName ?? 'COMMENT.md');
  const fallback = opts.fallback ?? 'Pass the comment with --body TEXT or --body-file FILE instead.';
  try {
    writeFileSync(file, `${opts.initial ?? ''}\n\n${SCISSORS}\n${instructions.map((l) => `# ${l}`).join('\n')}\n`, {
      mode: 0o600,
    });
    const editor = editorCommand(env);
    // The editor setting may carry arguments ("code --wait"): let a shell split it, pass the file apart.
    const r =
      process.platform === 'win32'
        ? spawnSync(`${editor} "${file}"`, { shell: true, stdio: 'inherit', env })
        : spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit', env });
    if (r.error)
      throw new UsageError(
        `Could not start the editor "${editor}": ${r.error.message}.`,
        `Set VISUAL or EDITOR to an editor that is installed. ${fallback}`,
      );
    if (r.status !== 0)
      throw new CliError(`The editor "${editor}" exited with ${r.status ?? r.signal}; nothing was sent.`, 2, fallback);
    return stripTemplate(normalizeTextSync(readFileBoundedSync(file, TEXT_VALUE_LIMIT), file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
