/**
 * The vendor's side of a case's life, as the sandbox plays it (the vendor's "Managing Support
 * Portal Cases"): posting a resolution (Pending), escalation notes, Assigned to Development,
 * the 3x10 follow-ups and auto-close, closing and reopening by the contact with the 60-day
 * window. Dates come from the sandbox clock; the rules' numbers from src/domain/case-life.ts.
 */
import {
  addBusinessDays,
  followUpSchedule,
  pendingExpired,
  PENDING_BUSINESS_DAYS,
  PENDING_FOLLOW_UPS,
  reopenableUntil,
  REOPEN_WINDOW_DAYS,
} from '../domain/case-life.js';
import { addDays } from '../domain/dates.js';
import { newId } from './secrets.js';
import { VENDOR } from './seed.js';
import { isClosedStatus, type CaseRow, type CommentKind, type Store } from './store.js';

export const PENDING = 'Pending';
export const ASSIGNED_TO_DEVELOPMENT = 'Assigned to Development';
/** The status a reopened case (and a Pending case the contact answered) goes back to. */
export const WORKING = 'In Progress';

/**
 * The statuses of the vendor's process, as GET /case-process lists them: New and In Progress (a
 * case before and after Support takes it), and those the vendor's pages name (Pending, Assigned to
 * Development, closed). None the vendor never names: a contact is waited on only in Pending.
 */
export const STATUSES = [
  { name: 'New', state: 'open', waitingOnContact: false },
  { name: 'In Progress', state: 'open', waitingOnContact: false },
  { name: PENDING, state: 'open', waitingOnContact: true },
  { name: ASSIGNED_TO_DEVELOPMENT, state: 'open', waitingOnContact: false },
  { name: 'Closed', state: 'closed', waitingOnContact: false },
] as const;

export type ReopenOutcome =
  | { kind: 'reopened' | 'already-open'; previousStatus: string }
  | { kind: 'window-closed'; closedOn: string; until: string };

export interface CaseLife {
  /** Follow-ups due and 3x10 closes, up to the clock's today; run before each request. */
  sweep(): void;
  postResolution(row: CaseRow, resolution: string): void;
  escalate(row: CaseRow, note: string, toDevelopment: boolean): string;
  /** The contact answered a Pending case: Support looks again. */
  contactReplied(row: CaseRow, by: string): void;
  close(row: CaseRow, by: string, comment: string | undefined): { changed: boolean; previousStatus: string };
  reopen(row: CaseRow, by: string, details: string): ReopenOutcome;
}

/** The hour (UTC, the sandbox's calendar) at which Support's follow-up of a day is dated: mid-morning Central. */
const FOLLOW_UP_HOUR = 'T15:00:00.000Z';

/** When a follow-up due on `day` is dated: that day at FOLLOW_UP_HOUR, or now when now is earlier. */
export const followUpAt = (day: string, now: string): string => {
  const planned = `${day}${FOLLOW_UP_HOUR}`;
  return now < planned ? now : planned;
};

export function createCaseLife(store: Store, now: () => Date): CaseLife {
  const iso = (): string => now().toISOString();
  const today = (): string => iso().slice(0, 10);
  const comment = (caseId: string, body: string, authorId: string, kind: CommentKind, at: string): string => {
    const id = newId('cmt');
    store.addComment({ id, caseId, body, authorId, fromVendor: authorId === VENDOR.id, createdAt: at, kind });
    return id;
  };

  return {
    sweep() {
      const day = today();
      for (const row of store.pendingCases()) {
        const posted = row.pending_since!;
        const done = JSON.parse(row.follow_ups) as string[];
        const due = followUpSchedule(posted).filter((d, i) => i >= done.length && d <= day);
        const expired = pendingExpired(posted, day);
        if (!due.length && !expired) continue;
        store.tx(() => {
          const at = iso();
          const followUps = [...done];
          for (const d of due) {
            followUps.push(d);
            // Dated on its own business day, however late the sandbox notices it (its clock may
            // have moved weeks at once): in order, and before the close of the tenth day.
            comment(
              row.id,
              `Follow-up ${followUps.length} of ${PENDING_FOLLOW_UPS}: has the resolution posted on this case solved the issue? Please close the case if it has, or reply if it has not.`,
              VENDOR.id,
              'follow-up',
              followUpAt(d, at),
            );
          }
          if (!expired) {
            store.setFollowUps(row.id, followUps);
            store.touchCase(row.id, at, VENDOR.id);
            return;
          }
          // Closed at the end of the tenth business day, even when the sandbox notices later.
          const endOfWindow = `${addDays(addBusinessDays(posted, PENDING_BUSINESS_DAYS), 1)}T00:00:00.000Z`;
          const closedAt = endOfWindow < at ? endOfWindow : at;
          comment(
            row.id,
            `No answer in ${PENDING_BUSINESS_DAYS} business days after the resolution was posted: Support closed the case. It can be reopened until ${reopenableUntil(closedAt.slice(0, 10))} if more help is needed.`,
            VENDOR.id,
            'comment',
            closedAt,
          );
          store.setCaseLife(row.id, { status: 'Closed', at, by: VENDOR.id, closedAt });
        });
      }
    },

    postResolution(row, resolution) {
      store.setCaseLife(row.id, {
        status: PENDING,
        at: iso(),
        by: VENDOR.id,
        resolution,
        pendingSince: today(),
        followUps: [],
      });
    },

    escalate(row, note, toDevelopment) {
      return store.tx(() => {
        const at = iso();
        const id = comment(row.id, note, VENDOR.id, 'escalation', at);
        if (toDevelopment && !isClosedStatus(row.status))
          store.setCaseLife(row.id, { status: ASSIGNED_TO_DEVELOPMENT, at, by: VENDOR.id });
        else store.touchCase(row.id, at, VENDOR.id);
        return id;
      });
    },

    contactReplied(row, by) {
      if (row.status === PENDING) store.setCaseLife(row.id, { status: WORKING, at: iso(), by });
    },

    close(row, by, text) {
      if (isClosedStatus(row.status)) return { changed: false, previousStatus: row.status };
      store.tx(() => {
        const at = iso();
        if (text) comment(row.id, text, by, 'comment', at);
        store.setCaseLife(row.id, { status: 'Closed', at, by });
      });
      return { changed: true, previousStatus: row.status };
    },

    reopen(row, by, details) {
      if (!isClosedStatus(row.status)) return { kind: 'already-open', previousStatus: row.status };
      const closedOn = (row.closed_at ?? row.modified_at).slice(0, 10);
      const until = reopenableUntil(closedOn);
      if (today() > until) return { kind: 'window-closed', closedOn, until };
      store.tx(() => {
        const at = iso();
        comment(row.id, details, by, 'comment', at);
        store.setCaseLife(row.id, { status: WORKING, at, by });
      });
      return { kind: 'reopened', previousStatus: row.status };
    },
  };
}

export const reopenRefusal = (number: string, closedOn: string, until: string): string =>
  `Case ${number} closed on ${closedOn}; it could be reopened until ${until} (${REOPEN_WINDOW_DAYS} days after closing). File a new case and mention case ${number}.`;
