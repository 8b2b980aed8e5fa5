/**
 * `case watch`: what changed on the user's cases since the last run. The state is small: the
 * portal time up to which changes were seen (`since`), and a snapshot of each open case (status,
 * comments counted). A case missing from the snapshot and created before `since` was closed then
 * (closed cases are not kept), so a change to it is a reopening or a comment. Pure: the command
 * fetches, this decides.
 */
import type { Comment, PortalCase } from '../portal/schemas.js';
import { isPending, pendingDeadline, PENDING_MESSAGE } from './case-life.js';

export const WATCH_STATE_VERSION = 1;

export interface CaseSnapshot {
  status: string;
  /** Comments on the case when it was last looked at (the thread only grows). */
  comments?: number | undefined;
}

export interface WatchState {
  version: typeof WATCH_STATE_VERSION;
  portalUrl: string;
  /** The latest lastModifiedAt seen (portal time); null when the user had no case at all. */
  since: string | null;
  updatedAt: string;
  cases: Record<string, CaseSnapshot>;
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
    cases[k] = { status: s.status, comments: s.comments as number | undefined };
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
 */
export function diffCase(
  prev: CaseSnapshot | undefined,
  since: string | null,
  c: PortalCase,
  comments: Comment[],
): { events: WatchEvent[]; next: CaseSnapshot | undefined } {
  const base: EventBase = { case: c.number, subject: c.subject, url: c.url };
  const events: WatchEvent[] = [];
  const isNew = !prev && (since === null || c.createdAt > since);
  const before: string | null = prev ? prev.status : isNew ? null : 'Closed';

  if (isNew)
    events.push({ ...base, type: 'new-case', status: c.status, createdAt: c.createdAt, createdBy: c.createdBy.name });

  const fresh =
    prev?.comments !== undefined && prev.comments <= comments.length
      ? comments.slice(prev.comments)
      : comments.filter((m) => since === null || m.createdAt > since);
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
  return { events, next: c.state === 'closed' ? undefined : { status: c.status, comments: comments.length } };
}
