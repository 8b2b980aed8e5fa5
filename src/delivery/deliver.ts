/**
 * Delivery: getting one validated case to the portal exactly once, with its attachments, or into
 * the outbox when the portal cannot be reached. Used by `case submit` (one case or a batch) and by
 * `outbox send`. It knows the portal client and the outbox store, not prompts or output.
 *
 * Exactly once: the case is created with an idempotency key that never changes for this
 * submission (a retry or a later `outbox send` gets the same case back); attachments go up only
 * after the case exists, and one that may have arrived before a lost answer is looked for before
 * it is sent again.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { PortalClient } from '../portal/client.js';
import type { Attachment, CreateCaseBody, PortalCase } from '../portal/schemas.js';
import { isTransient } from '../portal/errors.js';
import { CliError, FileProblemError, ValidationError, type FieldIssue } from '../errors.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_CASE, formatBytes } from '../domain/limits.js';
import type { OutboxEntry, OutboxStore } from '../state/outbox.js';

export interface AttachmentRef {
  name: string;
  path: string;
  size: number;
}

export interface Delivery {
  body: CreateCaseBody;
  idempotencyKey: string;
  attachments: AttachmentRef[];
  /** For messages and the outbox: "case file x.yaml", "line 3 of batch.ndjson", "flags". */
  source: string;
}

export interface Target {
  profile: string;
  portalUrl: string;
}

export type CaseRef = Pick<PortalCase, 'number' | 'url' | 'id' | 'status'>;

export type DeliveryResult =
  | { status: 'filed' | 'replayed'; case: CaseRef; attachments: Attachment[] }
  | { status: 'queued'; entry: OutboxEntry; reason: string; case?: CaseRef | undefined };

export interface DeliveryHooks {
  uploading?(a: AttachmentRef): void;
  progress?(a: AttachmentRef, sent: number): void;
  uploaded?(a: AttachmentRef): void;
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
    const path = resolve(baseDir, p);
    try {
      const st = statSync(path);
      if (!st.isFile()) problems.push({ index, path: p, message: st.isDirectory() ? 'is a folder, not a file' : 'is not a regular file' });
      else {
        accessSync(path, constants.R_OK);
        if (st.size > MAX_ATTACHMENT_BYTES) problems.push({ index, path: p, message: `is ${formatBytes(st.size)}; the portal takes at most ${formatBytes(MAX_ATTACHMENT_BYTES)} per attachment (compress it or split it)` });
        else ok.push({ name: basename(path), path, size: st.size });
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ index, path: p, message: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (cannot read it)' : (e as Error).message });
    }
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

/** An attachment with this name and size already on the case (a previous attempt's answer was lost). */
async function alreadyThere(portal: PortalClient, number: string, a: AttachmentRef): Promise<Attachment | undefined> {
  const list = await portal.listAttachments(number);
  return list.find((x) => x.filename === a.name && x.size === a.size);
}

/** Uploads one attachment; retried (after looking whether it arrived) on transient failures. */
export async function uploadOnce(portal: PortalClient, number: string, a: AttachmentRef, checkFirst: boolean, attempts = 3, onProgress?: (sent: number) => void): Promise<Attachment> {
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    if (checkFirst || i > 0) {
      const found = await alreadyThere(portal, number, a);
      if (found) return found;
    }
    try {
      return await portal.uploadAttachment(number, a.path, { filename: a.name, ...(onProgress ? { onProgress } : {}) });
    } catch (e) {
      if (!isTransient(e)) throw e;
      lastError = e;
      await new Promise((r) => setTimeout(r, 250 * 2 ** i));
    }
  }
  throw lastError;
}

export async function deliver(portal: PortalClient, outbox: OutboxStore, d: Delivery, target: Target, hooks: DeliveryHooks = {}): Promise<DeliveryResult> {
  let created: { case: PortalCase; replayed: boolean };
  try {
    created = await portal.createCase(d.body, d.idempotencyKey);
  } catch (e) {
    if (!isTransient(e)) throw e;
    const entry = outbox.add({ ...target, body: d.body, idempotencyKey: d.idempotencyKey, attachments: d.attachments, lastError: (e as Error).message, source: d.source });
    return { status: 'queued', entry, reason: (e as Error).message };
  }
  const c = created.case;
  const ref: CaseRef = { number: c.number, url: c.url, id: c.id, status: c.status };
  const done: Attachment[] = [];
  for (const [i, a] of d.attachments.entries()) {
    hooks.uploading?.(a);
    try {
      done.push(await uploadOnce(portal, c.number, a, created.replayed, 3, (sent) => hooks.progress?.(a, sent)));
      hooks.uploaded?.(a);
    } catch (e) {
      if (!isTransient(e)) throw e;
      const rest = d.attachments.map((x, j) => ({ ...x, uploaded: j < i }));
      const entry = outbox.add({ ...target, body: d.body, idempotencyKey: d.idempotencyKey, attachments: rest, caseNumber: c.number, caseUrl: c.url, lastError: (e as Error).message, source: d.source });
      return { status: 'queued', entry, reason: (e as Error).message, case: ref };
    }
  }
  return { status: created.replayed ? 'replayed' : 'filed', case: ref, attachments: done };
}

export type SendResult =
  | { status: 'sent'; entry: OutboxEntry; case: CaseRef | { number: string; url: string }; replayed: boolean }
  | { status: 'still-queued'; entry: OutboxEntry; reason: string }
  | { status: 'busy'; entry: OutboxEntry }
  | { status: 'failed'; entry: OutboxEntry; error: CliError };

/** Sends one outbox entry: the case (same key), then its attachments; removes it when all are there. */
export async function sendEntry(portal: PortalClient, outbox: OutboxStore, entry: OutboxEntry): Promise<SendResult> {
  if (!outbox.lock(entry.id)) return { status: 'busy', entry };
  let e = outbox.get(entry.id) ?? entry;
  try {
    let replayed = false;
    let caseRef: { number: string; url: string } | undefined = e.caseNumber ? { number: e.caseNumber, url: e.caseUrl ?? '' } : undefined;
    if (!caseRef) {
      const created = await portal.createCase(e.body, e.idempotencyKey);
      replayed = created.replayed;
      caseRef = { number: created.case.number, url: created.case.url };
      e = outbox.save({ ...e, caseNumber: caseRef.number, caseUrl: caseRef.url });
    }
    for (const [i, a] of e.attachments.entries()) {
      if (a.uploaded) continue;
      try {
        statSync(a.path);
      } catch {
        throw new FileProblemError(a.path, 'the outbox copy of this attachment is missing', `Drop the entry (ic-support outbox drop ${e.id}) and attach the file again with: ic-support case attach ${caseRef.number} <file>`);
      }
      await uploadOnce(portal, caseRef.number, a, true);
      const attachments = e.attachments.map((x, j) => (j === i ? { ...x, uploaded: true } : x));
      e = outbox.save({ ...e, attachments });
    }
    outbox.remove(e.id);
    return { status: 'sent', entry: e, case: caseRef, replayed };
  } catch (err) {
    if (isTransient(err)) {
      e = outbox.save({ ...e, attempts: e.attempts + 1, lastError: (err as Error).message });
      outbox.unlock(e.id);
      return { status: 'still-queued', entry: e, reason: (err as Error).message };
    }
    outbox.unlock(e.id);
    if (err instanceof CliError) return { status: 'failed', entry: e, error: err };
    throw err;
  }
}
