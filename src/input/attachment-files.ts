/**
 * The one place that looks at a file to attach before it is sent: it exists, is a regular file
 * (not a folder, a FIFO or /dev/zero), can be read, and is within the portal's size limit.
 * `case submit`, `--batch`, `case attach` and the portal client's upload all check through here.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { FileProblemError, ValidationError, type FieldIssue } from '../errors.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CASE, formatBytes } from '../domain/limits.js';

export interface AttachmentRef {
  name: string;
  path: string;
  size: number;
}

/** A file fit to send, or what is wrong with it (a phrase that follows its path). */
export function inspectFile(path: string): { ok: true; ref: AttachmentRef } | { ok: false; message: string } {
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, message: st.isDirectory() ? 'is a folder, not a file' : 'is not a regular file' };
    accessSync(path, constants.R_OK);
    if (st.size > MAX_ATTACHMENT_BYTES) return { ok: false, message: `is ${formatBytes(st.size)}; the portal takes at most ${formatBytes(MAX_ATTACHMENT_BYTES)} per attachment (compress it or split it)` };
    return { ok: true, ref: { name: basename(path), path, size: st.size } };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (cannot read it)' : (e as Error).message };
  }
}

/** One file, or a FileProblemError naming it and the fix. */
export function attachableFile(path: string): AttachmentRef {
  const r = inspectFile(path);
  if (!r.ok) throw new FileProblemError(path, r.message, 'Give the path of the file to attach.');
  return r.ref;
}

export interface FileProblem {
  index: number;
  path: string;
  message: string;
}

/**
 * Looks at files to attach before anything is sent: each exists, is a readable regular file and
 * is within the portal's size limit. Returns the good ones and every problem, one per file.
 */
export function inspectFiles(paths: string[], baseDir: string): { ok: AttachmentRef[]; problems: FileProblem[] } {
  const ok: AttachmentRef[] = [];
  const problems: FileProblem[] = [];
  paths.forEach((p, index) => {
    const r = inspectFile(resolve(baseDir, p));
    if (r.ok) ok.push(r.ref);
    else problems.push({ index, path: p, message: r.message });
  });
  return { ok, problems };
}

/** The attachments of one submission, all checked before anything is sent; every problem reported. */
export function checkAttachments(paths: string[], baseDir: string, field = 'attachments'): AttachmentRef[] {
  const issues: FieldIssue[] = [];
  if (paths.length > MAX_ATTACHMENTS_PER_CASE) {
    issues.push({ field, message: `${paths.length} files; a case takes at most ${MAX_ATTACHMENTS_PER_CASE} at submission (add more later with: ic-support case attach)` });
  }
  const { ok, problems } = inspectFiles(paths, baseDir);
  for (const p of problems) issues.push({ field: `${field}[${p.index}]`, message: `${p.path} ${p.message}` });
  if (issues.length) throw new ValidationError(issues);
  return ok;
}

