/**
 * Delivery: getting one validated case to the portal exactly once, with its attachments, or into
 * the outbox when the portal cannot be reached. Used by `case submit` (one case or a batch) and by
 * `outbox send`. It knows the portal client and the outbox store, not prompts or output.
 *
 * Exactly once: the case is created with an idempotency key that never changes for this
 * submission (a retry or a later `outbox send` gets the same case back); attachments go up only
 * after the case exists, each under a key of its own (the client's), so a retry never makes a
 * second one.
 */
import type { PortalClient } from '../portal/client.js';
import type { Attachment, CreateCaseBody, PortalCase } from '../portal/schemas.js';
import { isTransient } from '../portal/errors.js';
import { statSync } from 'node:fs';
import { CliError, FileProblemError } from '../errors.js';
import type { AttachmentRef } from '../input/attachment-files.js';
import type { OutboxEntry, OutboxStore } from '../state/outbox.js';

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

export type CaseRef = Pick<PortalCase, 'number' | 'url' | 'id' | 'status'> & { priority?: string | undefined };

export type DeliveryResult =
  | { status: 'filed' | 'replayed'; case: CaseRef; attachments: PlacedAttachment[] }
  | { status: 'queued'; entry: OutboxEntry; reason: string; case?: CaseRef | undefined };

export interface DeliveryHooks {
  uploading?(a: AttachmentRef): void;
  progress?(a: AttachmentRef, sent: number): void;
  uploaded?(a: AttachmentRef): void;
}

/** An attachment with this name and size already on the case (a previous attempt's answer was lost). */
async function alreadyThere(portal: PortalClient, number: string, a: AttachmentRef): Promise<Attachment | undefined> {
  const list = await portal.listAttachments(number);
  return list.find((x) => x.filename === a.name && x.size === a.size);
}

/** An attachment on the case; `found` when it was already there and this run did not send it. */
export type PlacedAttachment = Attachment & { found?: true };

/**
 * Uploads one attachment. The client sends it under an Idempotency-Key of the case, the name and
 * the bytes, and retries it as it retries filing: a retry, or a later run after a lost answer,
 * gets the attachment made the first time, never a second one. `checkFirst` (an outbox entry sent
 * again) still looks at the case first: a file attached more than the key's 24 hours ago is there.
 */
export async function uploadOnce(
  portal: PortalClient,
  number: string,
  a: AttachmentRef,
  checkFirst: boolean,
  onProgress?: (sent: number) => void,
): Promise<PlacedAttachment> {
  if (checkFirst) {
    const found = await alreadyThere(portal, number, a);
    if (found) return { ...found, found: true };
  }
  return portal.uploadAttachment(number, a.path, { filename: a.name, ...(onProgress ? { onProgress } : {}) });
}

export async function deliver(
  portal: PortalClient,
  outbox: OutboxStore,
  d: Delivery,
  target: Target,
  hooks: DeliveryHooks = {},
): Promise<DeliveryResult> {
  let created: { case: PortalCase; replayed: boolean };
  try {
    created = await portal.createCase(d.body, d.idempotencyKey);
  } catch (e) {
    if (!isTransient(e)) throw e;
    const entry = outbox.add({
      ...target,
      body: d.body,
      idempotencyKey: d.idempotencyKey,
      attachments: d.attachments,
      lastError: (e as Error).message,
      source: d.source,
    });
    return { status: 'queued', entry, reason: (e as Error).message };
  }
  const c = created.case;
  const ref: CaseRef = { number: c.number, url: c.url, id: c.id, status: c.status, priority: c.priority };
  const done: Attachment[] = [];
  for (const [i, a] of d.attachments.entries()) {
    hooks.uploading?.(a);
    try {
      done.push(await uploadOnce(portal, c.number, a, created.replayed, (sent) => hooks.progress?.(a, sent)));
      hooks.uploaded?.(a);
    } catch (e) {
      if (!isTransient(e)) throw e;
      const rest = d.attachments.map((x, j) => ({ ...x, uploaded: j < i }));
      const entry = outbox.add({
        ...target,
        body: d.body,
        idempotencyKey: d.idempotencyKey,
        attachments: rest,
        caseNumber: c.number,
        caseUrl: c.url,
        lastError: (e as Error).message,
        source: d.source,
      });
      return { status: 'queued', entry, reason: (e as Error).message, case: ref };
    }
  }
  return { status: created.replayed ? 'replayed' : 'filed', case: ref, attachments: done };
}

export type SendResult =
  | {
      status: 'sent';
      entry: OutboxEntry;
      case: { number: string; url: string; priority?: string | undefined };
      replayed: boolean;
    }
  | { status: 'still-queued'; entry: OutboxEntry; reason: string }
  | { status: 'busy'; entry: OutboxEntry }
  | { status: 'failed'; entry: OutboxEntry; error: CliError };

/** Sends one outbox entry: the case (same key), then its attachments; removes it when all are there. */
export async function sendEntry(portal: PortalClient, outbox: OutboxStore, entry: OutboxEntry): Promise<SendResult> {
  if (!outbox.lock(entry.id)) return { status: 'busy', entry };
  let e = outbox.get(entry.id) ?? entry;
  try {
    let replayed = false;
    // The priority sent decides the Critical phone follow-up, also for a case filed by an earlier run.
    const sentPriority = typeof e.body.fields.priority === 'string' ? e.body.fields.priority : undefined;
    let caseRef: { number: string; url: string; priority?: string | undefined } | undefined = e.caseNumber
      ? { number: e.caseNumber, url: e.caseUrl ?? '', priority: sentPriority }
      : undefined;
    if (!caseRef) {
      const created = await portal.createCase(e.body, e.idempotencyKey);
      replayed = created.replayed;
      caseRef = { number: created.case.number, url: created.case.url, priority: created.case.priority };
      e = outbox.save({ ...e, caseNumber: caseRef.number, caseUrl: caseRef.url });
    }
    for (const [i, a] of e.attachments.entries()) {
      if (a.uploaded) continue;
      try {
        statSync(a.path);
      } catch {
        throw new FileProblemError(
          a.path,
          'the outbox copy of this attachment is missing',
          `Drop the entry (ic-support outbox drop ${e.id}) and attach the file again with: ic-support case attach ${caseRef.number} <file>`,
        );
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
