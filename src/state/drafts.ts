/**
 * Drafts: the answers of a case not yet filed, kept so that nothing typed is lost (Ctrl-C, a
 * failure, "Save draft"). Each draft carries the idempotency key of its submission, chosen when
 * the draft is made, so a resumed submission can never file the case twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { NotFoundError } from '../errors.js';
import { readAllJson, readJson, removeFile, writeJsonAtomic } from './atomic.js';

export interface Draft {
  id: string;
  caseType: string | undefined;
  values: Record<string, unknown>;
  idempotencyKey: string;
  createdAt: string;
  updatedAt: string;
  /** Why it was kept: interrupted, saved, failed (with the error message). */
  reason: string;
  /** Files chosen to attach (--attach or in the form). */
  attachments?: string[];
  /** The notification the case is about, chosen in the form. */
  related?: { id: string; title: string };
}

export class DraftStore {
  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private file(id: string): string {
    if (!/^[a-z0-9-]{4,40}$/.test(id)) throw new NotFoundError(`No draft "${id}".`, 'List drafts with: ic-support case drafts');
    return join(this.dir, `${id}.json`);
  }

  create(caseType: string | undefined, values: Record<string, unknown>, reason: string, idempotencyKey: string = randomUUID(), extra: Pick<Draft, 'attachments' | 'related'> = {}): Draft {
    const at = this.now().toISOString();
    const id = `${at.slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
    const d: Draft = { id, caseType, values, idempotencyKey, createdAt: at, updatedAt: at, reason, ...extra };
    writeJsonAtomic(this.file(id), d);
    return d;
  }

  save(d: Draft, reason = d.reason): Draft {
    const next = { ...d, reason, updatedAt: this.now().toISOString() };
    writeJsonAtomic(this.file(d.id), next);
    return next;
  }

  get(id: string): Draft {
    const d = readJson(this.file(id)) as Draft | undefined;
    if (!d) throw new NotFoundError(`No draft "${id}".`, 'List drafts with: ic-support case drafts');
    return d;
  }

  list(): Draft[] {
    return readAllJson<Draft>(this.dir).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  remove(id: string): void {
    removeFile(this.file(id));
  }
}
