/**
 * `case watch`: what changed on the user's cases since the last run. The state is small: the
 * portal time up to which changes were seen (`since`), and a snapshot of each open case (status,
 * comments counted). A case missing from the snapshot and created before `since` was closed then
 * (closed cases are not kept), so a change to it is a reopening or a comment. Pure: the command
 * fetches, this decides.
 */
import type { Comment, PortalCase } from '../portal/schemas.js';
import { isPending, pendingDeadline, PENDING_MESSAGE } from './case-life.js';
import { parseInstant } from './dates.js';

export const WATCH_STATE_VERSION = 1;

export interface CaseSnapshot {
  status: string;
  /** Comments on the case when it was last looked at (the thread only grows); a state of before commentsUntil. */
  comments?: number | undefined;
  /**
   * The newest comment's time when the case was last looked at (the portal's), and the comments
   * seen in the overlap before it: the next look asks only from a little before it (updatedSince)
   * and skips those.
   */
  commentsUntil?: string | undefined;
  commentsAtEdge?: string[] | undefined;
}

export interface WatchState {
  version: typeof WATCH_STATE_VERSION;
  portalUrl: string;
  /** The latest lastModifiedAt seen (portal time); null when the user had no case at all. */
  since: string | null;
  updatedAt: string;
  cases: Record<string, CaseSnapshot>;
  /**
   * The mark of the first run: nothing from before it is news (the overlap asks from before
   * `since`, never from before this). Absent in a state written before it.
   */
  baseline?: string | null;
  /**
   * The cases seen changed within the overlap before `since`, with the lastModifiedAt they had: the
   * next run asks again from before `since` (a change the portal commits late is then not lost) and
   * skips these unless they changed again. Absent in a state written before it (nothing skipped).
   */
  edge?: Record<string, string>;
}

/** How far before `since` a run asks again (updatedSince): a change committed late with an earlier time. */
export const WATCH_OVERLAP_MS = 2 * 60_000;

/** The instant `ms` before an ISO time, as ISO (UTC). */
export const isoBefore = (iso: string, ms: number): string => new Date(Date.parse(iso) - ms).toISOString();

interface EventBase {
  case: string;
  subject: string;
  url: string;
}
export type WatchEvent =
  | (EventBase & { type: 'comment'; comment: { id: string; author: string; createdAt: string; body: string } })
  | (EventBase & { type: 'escalation'; note: { id: string; author: string; createdAt: string; body: string } })
  | (EventBase & { type: 'status'; from: string; to: string; at: string })
  | (EventBase & {
      type: 'pending';
      message: typeof PENDING_MESSAGE;
      from: string | null;
      resolution: string | null;
      resolutionPostedOn: string | null;
      /** The last business day to answer (3x10), from the portal's dates; null when it gave none. */
      deadline: string | null;
      followUps: string[];
    })
  | (EventBase & {
      type: 'resolved';
      from: string | null;
      status: string;
      closedAt: string | null;
      resolution: string | null;
    })
  | (EventBase & { type: 'new-case'; status: string; createdAt: string; createdBy: string });

/** A state file's content, or undefined when it is not one this version wrote (start again). */
export function parseWatchState(raw: unknown): WatchState | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  if (
    o.version !== WATCH_STATE_VERSION ||
    typeof o.portalUrl !== 'string' ||
    !(o.since === null || typeof o.since === 'string')
  )
    return undefined;
  if (!o.cases || typeof o.cases !== 'object' || Array.isArray(o.cases)) return undefined;
  const cases: Record<string, CaseSnapshot> = {};
  for (const [k, v] of Object.entries(o.cases as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') return undefined;
    const s = v as Record<string, unknown>;
    if (
      typeof s.status !== 'string' ||
      !(s.comments === undefined || (typeof s.comments === 'number' && Number.isInteger(s.comments) && s.comments >= 0))
    )
      return undefined;
    const until = typeof s.commentsUntil === 'string' ? s.commentsUntil : undefined;
    const atEdge = Array.isArray(s.commentsAtEdge) ? s.commentsAtEdge.filter((x) => typeof x === 'string') : [];
    cases[k] = {
      status: s.status,
      comments: s.comments as number | undefined,
      ...(until !== undefined ? { commentsUntil: until, commentsAtEdge: atEdge as string[] } : {}),
    };
  }
  // Only a hint for skipping: a damaged one is dropped, and those cases are looked at again.
  const edge: Record<string, string> = {};
  if (o.edge && typeof o.edge === 'object' && !Array.isArray(o.edge))
    for (const [k, v] of Object.entries(o.edge as Record<string, unknown>)) if (typeof v === 'string') edge[k] = v;
  return {
    version: WATCH_STATE_VERSION,
    portalUrl: o.portalUrl,
    since: o.since,
    updatedAt: typeof o.updatedAt === 'string' ? o.updatedAt : '',
    cases,
    edge,
    ...(o.baseline === null || typeof o.baseline === 'string' ? { baseline: o.baseline } : {}),
  };
}

/** Keeps the later of two ISO times (either may be null). */
export function laterTime(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}

/**
 * The events of one changed case (its lastModifiedAt is after `since`), and its next snapshot
 * (undefined once it is closed: closed cases are not kept). Comments: only the vendor's; the ones
 * after the counted ones when the case was known with a count, else those posted after `since`.
 * Nothing from before `baseline` (the first run's mark), when given, is news.
 */
export function diffCase(
  prev: CaseSnapshot | undefined,
  since: string | null,
  c: PortalCase,
  comments: Comment[],
  baseline: string | null = null,
): { events: WatchEvent[]; next: CaseSnapshot | undefined } {
  const base: EventBase = { case: c.number, subject: c.subject, url: c.url };
  const events: WatchEvent[] = [];
  const after = (t: string): boolean => (since === null || t > since) && (baseline === null || t > baseline);
  const isNew = !prev && after(c.createdAt);
  const before: string | null = prev ? prev.status : isNew ? null : 'Closed';

  if (isNew)
    events.push({ ...base, type: 'new-case', status: c.status, createdAt: c.createdAt, createdBy: c.createdBy.name });

  const fresh = freshComments(prev, comments, after);
  for (const m of fresh) {
    if (!m.fromVendor) continue;
    const what = { id: m.id, author: m.author.name, createdAt: m.createdAt, body: m.body };
    // The portal marks escalation notes; they say the case went up a level, not a question.
    events.push(
      m.kind === 'escalation'
        ? { ...base, type: 'escalation', note: what }
        : { ...base, type: 'comment', comment: what },
    );
  }

  if (c.state === 'closed') {
    if (before !== 'Closed' && before !== c.status)
      events.push({
        ...base,
        type: 'resolved',
        from: before,
        status: c.status,
        closedAt: c.closedAt,
        resolution: c.resolution,
      });
  } else if (isPending(c.status) && (before === null || !isPending(before))) {
    // Reported once: the snapshot keeps the Pending status, so the next run sees no change.
    const d = c.followUp ? pendingDeadline(c.followUp) : undefined;
    events.push({
      ...base,
      type: 'pending',
      message: PENDING_MESSAGE,
      from: before,
      resolution: c.resolution,
      resolutionPostedOn: c.followUp?.resolutionPostedOn ?? null,
      deadline: d?.deadline ?? null,
      followUps: c.followUp?.followUps ?? [],
    });
  } else if (before !== null && before !== c.status) {
    events.push({ ...base, type: 'status', from: before, to: c.status, at: c.lastModifiedAt });
  }
  return { events, next: c.state === 'closed' ? undefined : { status: c.status, ...commentMark(prev, comments) } };
}

/**
 * Where to ask a case's comments from (updatedSince): a little before the newest one seen; the
 * whole thread (undefined) when the snapshot has no such mark (written before it, or no comment yet).
 */
export function commentsFrom(prev: CaseSnapshot | undefined): string | undefined {
  return prev?.commentsUntil === undefined ? undefined : isoBefore(prev.commentsUntil, WATCH_OVERLAP_MS);
}

/**
 * The comments not seen before, from those the portal sent (the whole thread, or those from
 * commentsFrom on, whether or not it kept to updatedSince).
 */
function freshComments(prev: CaseSnapshot | undefined, comments: Comment[], after: (t: string) => boolean): Comment[] {
  if (prev?.commentsUntil !== undefined) {
    const seen = new Set(prev.commentsAtEdge ?? []);
    const from = Date.parse(prev.commentsUntil) - WATCH_OVERLAP_MS;
    return comments.filter((m) => !seen.has(m.id) && parseInstant(m.createdAt) >= from);
  }
  if (prev?.comments !== undefined && prev.comments <= comments.length) return comments.slice(prev.comments);
  return comments.filter((m) => after(m.createdAt));
}

/** The snapshot's comment mark after a look: the newest comment's time, and those in the overlap before it. */
function commentMark(prev: CaseSnapshot | undefined, comments: Comment[]): Partial<CaseSnapshot> {
  let until = prev?.commentsUntil;
  for (const m of comments)
    if (until === undefined || parseInstant(m.createdAt) > parseInstant(until)) until = m.createdAt;
  if (until === undefined) return { comments: comments.length };
  const edgeFrom = parseInstant(until) - WATCH_OVERLAP_MS;
  const atEdge = comments.filter((m) => parseInstant(m.createdAt) >= edgeFrom).map((m) => m.id);
  return { commentsUntil: until, commentsAtEdge: atEdge };
}
