/**
 * The one place that looks at a file to attach before it is sent: it exists, is a regular file
 * (not a folder, a FIFO or /dev/zero), can be read, and is within the attachment limits of the
 * catalog view in use. `case submit`, `--batch`, `case validate`, the form and `case attach` check
 * through here. The portal client's upload checks only that it is a readable regular file
 * (src/io/regular-file.ts); the portal enforces its limits.
 *
 * The guide states no attachment limit. A limit the portal's catalog gives is enforced and named
 * as "this portal's limit"; the bundled default (no portal, or a portal that states none) is only a
 * warning: the portal decides.
 */
import { realpathSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { ValidationError, type FieldIssue } from '../errors.js';
import { regularFile } from '../io/regular-file.js';
import { formatBytes } from '../domain/limits.js';
import type { LimitInForce } from '../domain/catalog/merge.js';
import { limitWhose } from '../domain/catalog/describe.js';

/** The limits a file is checked against: from the catalog view (attachmentLimits), or none. */
export interface AttachmentLimits {
  maxBytes?: LimitInForce | undefined;
  perCase?: LimitInForce | undefined;
}

export interface AttachmentRef {
  name: string;
  path: string;
  size: number;
}

/** Two sizes that read the same when rounded ("25.0 MiB" both) are given in bytes. */
function sizes(size: number, max: number): [string, string] {
  const [a, b] = [formatBytes(size), formatBytes(max)];
  return a === b ? [`${size} bytes`, `${max} bytes`] : [a, b];
}

/**
 * A file fit to send, or what is wrong with it (a phrase that follows its path). `warning`: over
 * the bundled default size, which is not a block.
 */
export function inspectFile(
  path: string,
  limits: AttachmentLimits = {},
): { ok: true; ref: AttachmentRef; warning?: string } | { ok: false; message: string } {
  const file = regularFile(path);
  if (!file.ok) return file;
  const ref = { name: basename(path), path, size: file.size };
  const max = limits.maxBytes;
  if (max && file.size > max.value) {
    const [is, most] = sizes(file.size, max.value);
    if (max.from === 'portal')
      return {
        ok: false,
        message: `is ${is}; the portal takes at most ${most} per attachment (${limitWhose('portal')}): compress it or split it`,
      };
    return {
      ok: true,
      ref,
      warning: `is ${is}, over ${most} per attachment (${limitWhose('bundled')}): it is sent and the portal decides`,
    };
  }
  // Still sent (the user named it), but an empty file is usually a save that had not finished.
  if (file.size === 0) return { ok: true, ref, warning: 'is empty (0 bytes): check it is the file you meant' };
  return { ok: true, ref };
}

export interface FileProblem {
  index: number;
  path: string;
  message: string;
}

/**
 * Looks at files to attach before anything is sent: each exists, is a readable regular file and
 * is within the size limit given. Returns the good ones, every problem (one per file) and the
 * warnings (over the bundled default size).
 */
export function inspectFiles(
  paths: string[],
  baseDir: string,
  limits: AttachmentLimits = {},
): { ok: AttachmentRef[]; problems: FileProblem[]; warnings: FileProblem[] } {
  const ok: AttachmentRef[] = [];
  const problems: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  // The same file named twice (by two spellings too) is attached once, and said so: not dropped silently.
  const named = new Map<string, string>();
  paths.forEach((p, index) => {
    const file = real(resolve(baseDir, p));
    const earlier = named.get(file);
    if (earlier !== undefined) {
      warnings.push({ index, path: p, message: `is the same file as ${earlier}, named again: attached once` });
      return;
    }
    named.set(file, p);
    const r = inspectFile(resolve(baseDir, p), limits);
    if (r.ok) {
      ok.push(r.ref);
      if (r.warning) warnings.push({ index, path: p, message: r.warning });
    } else problems.push({ index, path: p, message: r.message });
  });
  return { ok, problems, warnings };
}

/** The real path (links and .. resolved), or the path itself when it cannot be resolved. */
function real(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

const within = (path: string, dir: string): boolean =>
  path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * Where a file named in a case file or batch is, by its real path: inside ic-support's own state
 * folder (tokens, drafts, caches: never attached from a file, which the portal's template or
 * anyone else may have written), outside the case file's folder (the user confirms it, or gives
 * it with --attach), or beside the case file.
 */
export function attachmentPlace(path: string, caseFileDir: string, stateDir: string): 'state' | 'outside' | 'beside' {
  const file = real(path);
  if (within(file, real(stateDir))) return 'state';
  return within(file, real(caseFileDir)) ? 'beside' : 'outside';
}

/** A file of a case file outside its folder: `path` resolved (what --attach would be given). */
export type OutsideFile = FieldIssue & { path: string };

/** A case file's (or batch's) attachments, against where they come from: `stateDir` refused, `outside` listed. */
export interface FromCaseFile {
  stateDir: string;
  /** What the file is called in messages ("the case file", "the batch file"). */
  what: string;
}

/**
 * The attachments of one submission, all checked before anything is sent; every problem reported
 * at once (a ValidationError). Returns the files, the warnings to show, and — for a case file's
 * (`from`) — those outside its folder, which the caller has confirmed or refuses.
 */
export function checkAttachments(
  paths: string[],
  baseDir: string,
  limits: AttachmentLimits,
  field = 'attachments',
  from?: FromCaseFile,
): { refs: AttachmentRef[]; warnings: FieldIssue[]; outside: OutsideFile[] } {
  const issues: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const outside: OutsideFile[] = [];
  if (from)
    paths.forEach((p, i) => {
      const place = attachmentPlace(resolve(baseDir, p), baseDir, from.stateDir);
      if (place === 'state')
        issues.push({
          field: `${field}[${i}]`,
          message: `${p} is inside ic-support's own folder (${from.stateDir}: your tokens, drafts and caches); ${from.what} never attaches from there`,
        });
      else if (place === 'outside')
        outside.push({
          path: resolve(baseDir, p),
          field: `${field}[${i}]`,
          message: `${resolve(baseDir, p)} is outside the folder of ${from.what} (${baseDir})`,
        });
    });
  const count = countCheck(paths.length, limits.perCase, field);
  if (count?.block) issues.push(count.issue);
  else if (count) warnings.push(count.issue);
  const { ok, problems, warnings: big } = inspectFiles(paths, baseDir, limits);
  // A case file's list is named by position (attachments[1]); files given as a flag (--attach)
  // are named by the file alone, which the message starts with: the user never counted them.
  const at = (index: number): string => (field.startsWith('--') ? field : `${field}[${index}]`);
  for (const p of problems) issues.push({ field: at(p.index), message: `${p.path} ${p.message}` });
  for (const p of big) warnings.push({ field: at(p.index), message: `${p.path} ${p.message}` });
  if (issues.length) throw new ValidationError(issues);
  return { refs: ok, warnings, outside };
}

/**
 * The number of files of one submission (a case file's, --attach and the form's together) against
 * the per-case limit: over this portal's stated limit it blocks; over the bundled default it is
 * only a warning (the portal decides). Undefined within the limit.
 */
export function countCheck(
  n: number,
  per: LimitInForce | undefined,
  field = 'attachments',
): { block: boolean; issue: FieldIssue } | undefined {
  if (!per || n <= per.value) return undefined;
  const what = `${n} files; a case takes at most ${per.value} at submission (${limitWhose(per.from)})`;
  return per.from === 'portal'
    ? { block: true, issue: { field, message: `${what}: add more later with: ic-support case attach` } }
    : { block: false, issue: { field, message: `${what}: they are sent and the portal decides` } };
}
