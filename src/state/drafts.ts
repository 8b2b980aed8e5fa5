/**
 * Drafts: the answers of a case not yet filed, kept so that nothing typed is lost (Ctrl-C, a
 * failure, "Save draft"). Each draft carries the idempotency key of its submission, chosen when
 * the draft is made, so a resumed submission can never file the case twice.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { basename, join } from 'node:path';
import { FileProblemError, NotFoundError } from '../errors.js';
import { removeFile, writeJsonAtomic } from './atomic.js';
import { checkShape, readStateFile, readStateFolder, setAside, type DamagedFile } from './state-files.js';

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

/** What a draft file must hold; its id is its file name. */
function draftProblem(v: unknown, file: string): string | undefined {
  return checkShape('draft', v, {
    id: (id) => (id === basename(file, '.json') ? undefined : ' (not its file name)'),
    caseType: 'string?',
    values: 'object',
    idempotencyKey: 'string',
    createdAt: 'string',
    updatedAt: 'string',
    reason: 'string',
    attachments: 'string[]?',
    related: (r) =>
      r === undefined ? undefined : checkShape('', r, { id: 'string', title: 'string' }) === undefined ? undefined : '',
  });
}

export class DraftStore {
  private readonly damaged: DamagedFile[] = [];

  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private file(id: string): string {
    if (!/^[a-z0-9-]{4,40}$/.test(id))
      throw new NotFoundError(`No draft "${id}".`, 'List drafts with: ic-support case drafts');
    return join(this.dir, `${id}.json`);
  }

  create(
    caseType: string | undefined,
    values: Record<string, unknown>,
    reason: string,
    idempotencyKey: string = randomUUID(),
    extra: Pick<Draft, 'attachments' | 'related'> = {},
  ): Draft {
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
    const file = this.file(id);
    const r = readStateFile<Draft>(file, draftProblem);
    if (r.ok) return r.value;
    if ('missing' in r) throw new NotFoundError(`No draft "${id}".`, 'List drafts with: ic-support case drafts');
    const d = setAside(this.dir, file, r.reason);
    throw new FileProblemError(
      file,
      `${r.reason}; it was set aside${d.movedTo ? ` in ${d.movedTo}` : ''}, not deleted`,
      'Start the case again (ic-support case submit), copying what you need from that file.',
    );
  }

  list(): Draft[] {
    const { items, damaged } = readStateFolder<Draft>(this.dir, draftProblem);
    this.damaged.push(...damaged);
    return items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** The drafts list() found damaged and set aside, each once (what a command reports). */
  takeDamaged(): DamagedFile[] {
    return this.damaged.splice(0);
  }

  remove(id: string): void {
    removeFile(this.file(id));
  }
}
