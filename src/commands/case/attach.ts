/**
 * `ic-support case attach <number> FILE...`: streams each file to the case. Every file is checked
 * (exists, is a regular file, readable, within the size limit) before anything is sent; a file
 * that fails to upload is reported and the others still go, and the exit code says one failed.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { CommandRun } from '../../cli/context.js';
import { CliError, ExitCode, UsageError, ValidationError, type ExitCodeValue, type FieldIssue } from '../../errors.js';
import { formatBytes, normalizeCaseNumber } from '../../domain/case-view.js';
import type { Attachment } from '../../portal/schemas.js';

/** The portal's limit per attachment (docs/portal-api.md: 413 over 25 MiB). */
export const ATTACHMENT_LIMIT_BYTES = 25 * 1024 * 1024;

export interface AttachOptions {
  json?: boolean;
}

export interface FileCheck {
  path: string;
  size: number;
}

/** Checks every file; returns them with their sizes, or every problem, one per file. */
export function checkFiles(files: string[]): { ok: FileCheck[]; problems: FieldIssue[] } {
  const ok: FileCheck[] = [];
  const problems: FieldIssue[] = [];
  for (const path of files) {
    try {
      const st = statSync(path);
      if (!st.isFile()) {
        problems.push({ field: path, message: st.isDirectory() ? 'is a folder, not a file' : 'is not a regular file' });
        continue;
      }
      accessSync(path, constants.R_OK);
      if (st.size > ATTACHMENT_LIMIT_BYTES) {
        problems.push({ field: path, message: `is ${formatBytes(st.size)}; the portal accepts at most ${formatBytes(ATTACHMENT_LIMIT_BYTES)} per attachment` });
        continue;
      }
      ok.push({ path, size: st.size });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ field: path, message: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (cannot read it)' : (e as Error).message });
    }
  }
  return { ok, problems };
}

/** Failures that are about the file: the next file may still go. Anything else stops the run. */
const fileSpecific = (e: unknown): boolean => e instanceof ValidationError || (e instanceof CliError && e.portal?.status === 413);

export const run: CommandRun<AttachOptions, [string, string[]]> = async (ctx, [numberArg, files], opts) => {
  const number = normalizeCaseNumber(numberArg);
  if (!files.length) throw new UsageError('No file to attach.', 'Name one or more files: ic-support case attach 00001042 screenshot.png log.txt');
  const { ok, problems } = checkFiles(files);
  if (problems.length) throw new ValidationError(problems, undefined, `Nothing was attached. Fix or leave out the file${problems.length === 1 ? '' : 's'} above and run again.`);

  const client = await ctx.portal();
  // A missing case or a sign-in problem shows up before any byte of a file is sent.
  await client.getCase(number);
  const tty = ctx.io.stderrIsTTY;
  const done: Attachment[] = [];
  let failed = 0;
  let firstCode: ExitCodeValue | undefined;
  for (const [i, f] of ok.entries()) {
    const label = `${i + 1}/${ok.length} ${basename(f.path)} (${formatBytes(f.size)})`;
    let ticker: ReturnType<typeof setInterval> | undefined;
    if (tty) {
      const t0 = Date.now();
      ctx.io.err(`Uploading ${label}...`);
      ticker = setInterval(() => ctx.io.err(`\r\u001b[2KUploading ${label}... ${Math.round((Date.now() - t0) / 1000)} s`), 1000);
    }
    try {
      const a = await client.uploadAttachment(number, f.path);
      done.push(a);
      if (tty) ctx.io.err(`\r\u001b[2KAttached ${label}\n`);
      if (!opts.json) ctx.io.out(`Attached ${a.filename} (${formatBytes(a.size)}) to case ${number} as ${a.id}.\n`);
    } catch (e) {
      if (tty) ctx.io.err('\r\u001b[2K');
      if (!fileSpecific(e) || !(e instanceof CliError)) throw e;
      failed++;
      firstCode ??= e.exitCode;
      const detail = e instanceof ValidationError ? e.issues.map((x) => x.message).join('; ') : e.message;
      ctx.io.err(`error: ${f.path}: not attached: ${detail}\n`);
    } finally {
      if (ticker) clearInterval(ticker);
    }
  }
  if (opts.json) ctx.io.out(`${JSON.stringify(done, null, 2)}\n`);
  if (failed) throw new CliError(`${failed} of ${ok.length} file${ok.length === 1 ? '' : 's'} ${failed === 1 ? 'was' : 'were'} not attached to case ${number} (see above).`, firstCode ?? ExitCode.usage);
};
