/**
 * `ic-support case download <number> [ATTACHMENT]`: saves one attachment or all of them into a
 * folder. The name on disk is the attachment's name made safe (src/domain/file-names.ts): it can
 * never point outside the folder. A file is written beside its target under a temporary name and
 * then linked into place, which fails when the target exists (no overwrite without --force) and
 * leaves no half-written file; with --force it is renamed over the target (a symbolic link there
 * is replaced, never followed).
 */
import { createWriteStream, lstatSync, mkdirSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { join, relative, resolve, sep, isAbsolute } from 'node:path';
import type { CommandRun } from '../../../cli/context.js';
import {
  BadAnswerError,
  CliError,
  ExitCode,
  FileProblemError,
  NotFoundError,
  PartialFailureError,
  type ExitCodeValue,
  type ItemFailure,
} from '../../../errors.js';
import { commitFile, tempBeside } from '../../../state/atomic.js';
import { showControls } from '../../../text/show-controls.js';
import { formatBytes, normalizeCaseNumber } from '../../../domain/case-view.js';
import { enforcedLimit } from '../../../domain/catalog/merge.js';
import { safeFileName, uniqueFileName } from '../../../domain/file-names.js';
import type { Attachment } from '../../../portal/schemas.js';
import { printJson } from '../../../cli/json-output.js';
import type { DownloadArguments, DownloadOptions } from './options.js';

/** The attachment an argument names: its id, else its exact file name (ambiguous names need the id). */
export function pickAttachment(list: Attachment[], wanted: string, number: string): Attachment {
  const byId = list.find((a) => a.id === wanted);
  if (byId) return byId;
  const byName = list.filter((a) => a.filename === wanted);
  if (byName.length === 1) return byName[0]!;
  const names = list.map((a) => `${a.id} (${a.filename})`).join(', ');
  if (byName.length > 1)
    throw new CliError(
      `Case ${number} has ${byName.length} attachments named "${wanted}".`,
      ExitCode.usage,
      `Name one by its id: ${byName.map((a) => a.id).join(', ')}`,
    );
  throw new NotFoundError(
    `Case ${number} has no attachment "${wanted}".`,
    list.length ? `Its attachments: ${names}` : 'It has no attachments.',
  );
}

/** Bytes free for this user in a folder, or undefined where the platform cannot say. */
function freeBytes(folder: string): number | undefined {
  try {
    const s = statfsSync(folder);
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

function targetFolder(dir: string): string {
  const folder = resolve(dir);
  try {
    mkdirSync(folder, { recursive: true });
    if (!statSync(folder).isDirectory())
      throw new FileProblemError(dir, 'is not a folder', 'Give --dir a folder to save the attachments in.');
  } catch (e) {
    if (e instanceof FileProblemError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileProblemError(
      dir,
      code === 'EEXIST' || code === 'ENOTDIR' ? 'is not a folder' : `cannot be used (${code ?? (e as Error).message})`,
      'Give --dir a folder you can write to.',
    );
  }
  return folder;
}

/** The path in `folder` for a safe name; refuses anything that would land elsewhere (defense in depth). */
export function insideFolder(folder: string, name: string): string {
  const path = join(folder, name);
  const rel = relative(folder, path);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) || rel.includes(sep))
    throw new CliError(`Refusing to save "${name}" outside ${folder}.`, ExitCode.internal);
  return path;
}

/** A temporary name of ours (src/state/atomic.ts, tempBeside): hidden, 12 hex digits, .tmp. */
const OUR_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;
/** Older than this, a temporary file is left by a download that was killed (one alive keeps writing). */
const STALE_TEMP_MS = 15 * 60_000;

/**
 * Temporary files a killed download (kill -9, a power cut) left in this folder: ours by name and
 * owner, regular files, untouched for a quarter of an hour. Best effort.
 */
function sweepStaleTemps(folder: string): void {
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    for (const name of readdirSync(folder)) {
      if (!OUR_TEMP.test(name)) continue;
      const path = join(folder, name);
      const st = lstatSync(path);
      if (st.isFile() && (uid === undefined || st.uid === uid) && Date.now() - st.mtimeMs > STALE_TEMP_MS)
        rmSync(path, { force: true });
    }
  } catch {
    // A folder that cannot be listed is reported by the download itself.
  }
}

export const run: CommandRun<DownloadOptions, DownloadArguments> = async (ctx, [numberArg, wanted], opts) => {
  const number = normalizeCaseNumber(numberArg);
  const folder = targetFolder(resolve(ctx.cwd, opts.dir ?? '.'));
  const client = await ctx.portal();
  const list = await ctx.io.wait(`Listing the attachments of case ${number}`, client.listAttachments(number));
  const chosen = wanted !== undefined ? [pickAttachment(list, wanted, number)] : list;
  if (!chosen.length) {
    if (opts.json) ctx.io.out('[]\n');
    else ctx.io.err(`Case ${number} has no attachments.\n`);
    return;
  }

  // Names decided up front: two attachments with one name get "name (2).ext", not a clash.
  const taken = new Set<string>();
  const plan = chosen.map((a) => {
    const name = uniqueFileName(safeFileName(a.filename, `attachment-${safeFileName(a.id)}`), taken);
    taken.add(name.toLowerCase());
    return { a, name, path: insideFolder(folder, name) };
  });
  sweepStaleTemps(folder);
  const existing = new Set(readdirSync(folder));
  // No more than the portal accepts at all when its catalog states it; the bundled default is not
  // this portal's limit and never stops a download (the listed size still bounds each one).
  const { loadCatalog } = await import('../../catalog/load.js');
  const cap =
    enforcedLimit((await loadCatalog(ctx, { refresh: 'if-stale' })).catalog, 'attachmentMaxBytes') ??
    Number.POSITIVE_INFINITY;

  const saved: { id: string; filename: string; path: string; bytes: number }[] = [];
  const failures: ItemFailure[] = [];
  let firstCode: ExitCodeValue | undefined;
  const fail = (path: string, e: CliError): void => {
    firstCode ??= e.exitCode;
    failures.push({ item: path, message: e.message, hint: e.hint });
  };
  for (const p of plan) {
    if (!opts.force && existing.has(p.name)) {
      fail(
        p.path,
        new CliError(
          'already exists; not overwritten.',
          ExitCode.conflict,
          'Pass --force to replace it, or --dir to save elsewhere.',
        ),
      );
      continue;
    }
    if (p.a.size > cap) {
      // A listing over the portal's own stated limit is not trusted with the disk.
      fail(
        p.path,
        new BadAnswerError(
          `is listed as ${formatBytes(p.a.size)}, over this portal's limit of ${formatBytes(cap)} per attachment; not downloaded.`,
          'The portal lists more than it accepts: try again later, and report it to Infinite Campus if it stays so.',
        ),
      );
      continue;
    }
    const tmp = tempBeside(p.path);
    // Never more than the portal listed: a longer body is stopped.
    const maxBytes = p.a.size;
    // Ctrl-C or SIGTERM mid-download: the partial file goes, then the signal does what it does.
    const stopCleanup = ctx.onInterrupt((signal) => {
      rmSync(tmp, { force: true });
      stopCleanup();
      process.kill(process.pid, signal);
    });
    try {
      const room = freeBytes(folder);
      if (room !== undefined && room < maxBytes) {
        throw new CliError(
          `needs ${formatBytes(maxBytes)} but ${folder} has ${formatBytes(room)} free; nothing was written.`,
          ExitCode.usage,
          'Free some space, or save elsewhere with --dir.',
        );
      }
      const r = await ctx.io.wait(`Downloading ${p.name}`, () =>
        client.downloadAttachment(number, p.a.id, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }), { maxBytes }),
      );
      if (r.bytes !== p.a.size) {
        throw new BadAnswerError(
          `the portal sent ${r.bytes} bytes of the ${p.a.size} it listed; the partial file was removed.`,
          'Try again later; report it if it happens again.',
        );
      }
      try {
        commitFile(tmp, p.path, { overwrite: Boolean(opts.force) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST')
          throw new CliError(
            'already exists; not overwritten.',
            ExitCode.conflict,
            'Pass --force to replace it, or --dir to save elsewhere.',
          );
        throw e;
      }
      saved.push({ id: p.a.id, filename: p.a.filename, path: p.path, bytes: r.bytes });
      if (!opts.json) ctx.io.out(`Saved ${showControls(p.path)} (${formatBytes(r.bytes)})\n`);
    } catch (e) {
      if (!(e instanceof CliError)) {
        const code = (e as NodeJS.ErrnoException).code;
        if (!code) throw e;
        const why =
          code === 'EFBIG'
            ? 'the file is larger than this process may write (ulimit -f)'
            : code === 'ENOSPC'
              ? 'the disk is full'
              : code;
        fail(
          p.path,
          new CliError(
            `cannot be written (${why}); the partial file was removed.`,
            ExitCode.internal,
            'Check the folder is writable and has space.',
          ),
        );
      } else if (e instanceof BadAnswerError) {
        fail(
          p.path,
          e.message.includes('partial file was removed')
            ? e
            : new BadAnswerError(`${e.message} The partial file was removed.`, e.hint),
        );
      } else if (
        e.exitCode === ExitCode.conflict ||
        e.exitCode === ExitCode.notFound ||
        e.exitCode === ExitCode.usage
      ) {
        fail(p.path, e);
      } else {
        throw e;
      }
    } finally {
      stopCleanup();
      rmSync(tmp, { force: true });
    }
  }
  if (opts.json) await printJson(ctx, saved, opts);
  const failed = failures.length;
  if (failed)
    throw new PartialFailureError(
      `${failed} of ${plan.length} attachment${plan.length === 1 ? '' : 's'} of case ${number} ${failed === 1 ? 'was' : 'were'} not saved (see above).`,
      failures,
      firstCode ?? ExitCode.internal,
    );
};
