/**
 * The outbox: validated cases that could not be delivered (the portal unreachable, 5xx or 429 past
 * the retry budget), each with its idempotency key and copies of its attachments, waiting for
 * `ic-support outbox send`. Entries are written atomically; a lock file per entry keeps two
 * senders apart, and a lock left by a killed process is taken over. An entry is removed only
 * once the portal has the case and every attachment, so nothing is lost and, thanks to the key,
 * nothing is filed twice.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join, relative, isAbsolute } from 'node:path';
import { ensurePrivateDir } from '../config/paths.js';
import { writeJsonAtomic } from './atomic.js';
import { showControls } from '../text/show-controls.js';
import { readTrustedFileSync } from '../config/trust.js';
import { checkShape, listOf, readStateFile, readStateFolder, setAside, type DamagedFile } from './state-files.js';

export interface OutboxAttachment {
  /** The name the portal will show. */
  name: string;
  /** The copy kept in the outbox. */
  path: string;
  size: number;
  uploaded: boolean;
}

export interface OutboxEntry {
  id: string;
  createdAt: string;
  updatedAt: string;
  profile: string;
  portalUrl: string;
  body: { caseType: string; fields: Record<string, unknown> };
  idempotencyKey: string;
  /** Set once the portal has filed the case (attachments may still be waiting). */
  caseNumber?: string | undefined;
  caseUrl?: string | undefined;
  attachments: OutboxAttachment[];
  attempts: number;
  lastError: string;
  /** Where it came from: "case file x.yaml", "line 12 of batch.ndjson", "flags". */
  source: string;
}

export interface NewEntry {
  profile: string;
  portalUrl: string;
  body: OutboxEntry['body'];
  idempotencyKey: string;
  attachments: { name: string; path: string; size: number; uploaded?: boolean }[];
  caseNumber?: string | undefined;
  caseUrl?: string | undefined;
  lastError: string;
  source: string;
}

/**
 * What a lock file holds: our pid and a mark drawn once per process. A lock with both is held by
 * another run in this same process (an in-process caller runs many commands); one with our pid
 * and another mark was left by an earlier process that had our pid, and is taken over.
 */
const HOLDER = `${process.pid} ${randomBytes(6).toString('hex')}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * What an outbox entry must hold. Its id is its file name (removing it must remove this file), and
 * an attachment still to upload is a copy inside the entry's own folder: an entry edited to name
 * another file must not send it to the portal.
 */
function entryProblem(v: unknown, file: string): string | undefined {
  const id = basename(file, '.json');
  const files = join(file, '..', `${id}.files`);
  const inside = (p: string): boolean => {
    const r = relative(files, p);
    return r !== '' && !r.startsWith('..') && !isAbsolute(r);
  };
  const shape = checkShape('outbox entry', v, {
    id: (x) => (x === id ? undefined : ' (not its file name)'),
    createdAt: 'string',
    updatedAt: 'string',
    profile: 'string',
    portalUrl: 'string',
    body: (b) => (checkShape('', b, { caseType: 'string', fields: 'object' }) === undefined ? undefined : ''),
    idempotencyKey: 'string',
    caseNumber: 'string?',
    caseUrl: 'string?',
    attachments: listOf({ name: 'string', path: 'string', size: 'number', uploaded: 'boolean' }),
    attempts: 'number',
    lastError: 'string',
    source: 'string',
  });
  if (shape) return shape;
  const waiting = (v as OutboxEntry).attachments.findIndex((a) => !a.uploaded && !inside(a.path));
  return waiting >= 0 ? `outbox entry (attachments[${waiting}].path is not a copy in ${id}.files)` : undefined;
}

export class OutboxStore {
  /** Entries found damaged and set aside (with their attachment copies), for the command to report. */
  private readonly damaged: DamagedFile[] = [];

  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private filesDir(id: string): string {
    return join(this.dir, `${id}.files`);
  }

  /** Queues a case; its attachments are copied so that moving or deleting the originals loses nothing. */
  add(e: NewEntry): OutboxEntry {
    ensurePrivateDir(this.dir);
    const at = this.now().toISOString();
    const id = `o-${at.slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
    const files = this.filesDir(id);
    const attachments: OutboxAttachment[] = e.attachments.map((a, i) => {
      if (a.uploaded) return { name: a.name, path: a.path, size: a.size, uploaded: true };
      mkdirSync(files, { recursive: true, mode: 0o700 });
      const copy = join(files, `${i}-${basename(a.name)}`);
      copyFileSync(a.path, copy);
      return { name: a.name, path: copy, size: a.size, uploaded: false };
    });
    const entry: OutboxEntry = {
      id,
      createdAt: at,
      updatedAt: at,
      profile: e.profile,
      portalUrl: e.portalUrl,
      body: e.body,
      idempotencyKey: e.idempotencyKey,
      caseNumber: e.caseNumber,
      caseUrl: e.caseUrl,
      attachments,
      attempts: 1,
      // It may quote the portal: kept inert, so no reader of the file gets a control sequence.
      lastError: showControls(e.lastError),
      source: e.source,
    };
    // The entry is written last: until it exists, the copies are just files nobody reads.
    writeJsonAtomic(this.file(id), entry);
    return entry;
  }

  save(e: OutboxEntry): OutboxEntry {
    const next = { ...e, lastError: showControls(e.lastError), updatedAt: this.now().toISOString() };
    writeJsonAtomic(this.file(e.id), next);
    return next;
  }

  /** The entry, or undefined when there is none; a damaged one is set aside (see `damaged`). */
  get(id: string): OutboxEntry | undefined {
    if (!/^o-[0-9]{8}-[0-9a-f]{8}$/.test(id)) return undefined;
    const file = this.file(id);
    const r = readStateFile<OutboxEntry>(file, entryProblem);
    if (r.ok) return r.value;
    if (!('missing' in r)) this.damaged.push(setAside(this.dir, file, r.reason, [this.filesDir(id)]));
    return undefined;
  }

  list(): OutboxEntry[] {
    const { items, damaged } = readStateFolder<OutboxEntry>(this.dir, entryProblem, (f) => [
      this.filesDir(basename(f, '.json')),
    ]);
    this.damaged.push(...damaged);
    return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** The damaged entries found since the last call, each once (what a command reports). */
  takeDamaged(): DamagedFile[] {
    return this.damaged.splice(0);
  }

  /** Removes an entry (after delivery, or `outbox drop`): the entry first, then its copies. */
  remove(id: string): void {
    rmSync(this.file(id), { force: true });
    rmSync(this.filesDir(id), { recursive: true, force: true });
    rmSync(join(this.dir, `${id}.lock`), { force: true });
  }

  /** Takes the entry's lock; false when a live process holds it. A dead holder's lock is taken over. */
  lock(id: string): boolean {
    const path = join(this.dir, `${id}.lock`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(path, HOLDER, { flag: 'wx', mode: 0o600 });
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = readTrustedFileSync(path, { bytes: 4096, what: 'a lock file' }).toString('utf8').trim();
        if (holder === HOLDER) return false;
        const pid = Number(holder.split(' ')[0]);
        if (pid && pid !== process.pid && alive(pid)) return false;
        rmSync(path, { force: true });
      }
    }
    return false;
  }

  unlock(id: string): void {
    rmSync(join(this.dir, `${id}.lock`), { force: true });
  }
}

/** How many cases wait: a directory listing, cheap enough to run after every command. */
export function pendingCount(dir: string): number {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.')).length;
  } catch {
    return 0;
  }
}
