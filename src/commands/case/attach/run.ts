/**
 * `ic-support case attach <number> FILE...`: streams each file to the case. Every file is checked
 * (exists, is a regular file, readable, within the portal's size limit) before anything is sent; a file
 * that fails to upload is reported and the others still go, and the exit code says one failed.
 */
import { basename } from 'node:path';
import { showControls } from '../../../text/show-controls.js';
import type { CommandRun } from '../../../cli/context.js';
import {
  CliError,
  ExitCode,
  PartialFailureError,
  UsageError,
  ValidationError,
  type ExitCodeValue,
  type ItemFailure,
} from '../../../errors.js';
import { inspectFiles } from '../../../input/attachment-files.js';
import { attachmentLimits } from '../../../domain/catalog/merge.js';
import { uploadProgress } from '../../../io/progress.js';
import { formatBytes, normalizeCaseNumber } from '../../../domain/case-view.js';
import type { Attachment } from '../../../portal/schemas.js';
import { printJson } from '../../../cli/json-output.js';
import type { AttachArguments, AttachOptions } from './options.js';

/** Failures that are about the file: the next file may still go. Anything else stops the run. */
const fileSpecific = (e: unknown): boolean =>
  e instanceof ValidationError || (e instanceof CliError && e.portal?.status === 413);

export const run: CommandRun<AttachOptions, AttachArguments> = async (ctx, [numberArg, files], opts) => {
  const number = normalizeCaseNumber(numberArg);
  if (!files.length)
    throw new UsageError(
      'No file to attach.',
      'Name one or more files: ic-support case attach 00001042 screenshot.png log.txt',
    );
  // The portal's attachment limit when its catalog states one (refreshed if stale), else the
  // bundled default, which only warns.
  const { loadCatalog } = await import('../../catalog/load.js');
  const limits = attachmentLimits((await loadCatalog(ctx, { refresh: 'if-stale' })).catalog);
  const { ok, problems, warnings } = inspectFiles(files, ctx.cwd, { maxBytes: limits.maxBytes });
  if (problems.length)
    throw new ValidationError(
      problems.map((p) => ({ field: p.path, message: p.message })),
      undefined,
      `Nothing was attached. Fix or leave out the file${problems.length === 1 ? '' : 's'} above and run again.`,
    );
  for (const w of warnings) ctx.io.err(`warning: ${w.path}: ${w.message}\n`);

  const client = await ctx.portal();
  // A missing case or a sign-in problem shows up before any byte of a file is sent.
  await ctx.io.wait(`Checking case ${number}`, client.getCase(number));
  const tty = ctx.io.stderrIsTTY;
  const done: Attachment[] = [];
  const failures: ItemFailure[] = [];
  let firstCode: ExitCodeValue | undefined;
  for (const [i, f] of ok.entries()) {
    const label = `${i + 1}/${ok.length} ${basename(f.path)} (${formatBytes(f.size)})`;
    const bar = uploadProgress(ctx.io, basename(f.path), f.size);
    try {
      const a = await ctx.io.wait(`Attaching ${basename(f.path)}`, () =>
        client.uploadAttachment(number, f.path, { onProgress: (sent) => bar.update(sent) }),
      );
      bar.end();
      done.push(a);
      // Status on stderr, as every verb says it; --json's answer is the data on stdout.
      if (tty) ctx.io.err(`Attached ${label} as ${a.id}\n`);
      else if (!opts.json)
        ctx.io.err(`Attached ${showControls(a.filename)} (${formatBytes(a.size)}) to case ${number} as ${a.id}.\n`);
    } catch (e) {
      bar.end();
      if (!fileSpecific(e) || !(e instanceof CliError)) throw e;
      firstCode ??= e.exitCode;
      const detail = e instanceof ValidationError ? e.issues.map((x) => x.message).join('; ') : e.message;
      // The portal's own refusal of the size (a limit its catalog may not state) says the fix too.
      const fix =
        e.portal?.status === 413
          ? ' Compress it or split it (ic-support catalog status shows the limits this portal publishes).'
          : '';
      failures.push({ item: f.path, message: `not attached: ${detail}${fix}` });
    }
  }
  if (opts.json) await printJson(ctx, done, opts);
  const failed = failures.length;
  if (failed)
    throw new PartialFailureError(
      `${failed} of ${ok.length} file${ok.length === 1 ? '' : 's'} ${failed === 1 ? 'was' : 'were'} not attached to case ${number} (see above).`,
      failures,
      firstCode ?? ExitCode.usage,
    );
};
