/**
 * A case's life after it is filed (the vendor's "Managing Support Portal Cases"): Pending while the
 * contact verifies a posted resolution, the "3x10" window (Support follows up up to three times and
 * closes the case after ten business days without an answer), closing, reopening, and the phone
 * follow-up of Critical cases. Pure: dates are given, never read from a clock. The numbers (10
 * business days, 60 days) are the portal's to enforce; the client uses them only to explain the
 * portal's own dates, and never refuses anything on its own clock.
 */
import { addDays, isIsoDate } from './dates.js';

/** The status in which a posted resolution waits for the contact to verify it. */
export const PENDING_STATUS = 'Pending';
/** Business days a Pending case waits for an answer before Support closes it ("3x10"). */
export const PENDING_BUSINESS_DAYS = 10;
/** Follow-ups Support makes within those days ("3x10"). */
export const PENDING_FOLLOW_UPS = 3;
/** Days after closing during which a case can be reopened. */
export const REOPEN_WINDOW_DAYS = 60;

/** What `case watch` and `case list` say about a case waiting on its contact. */
export const PENDING_MESSAGE = 'resolution posted — verify and close, or reply';

/** True for a status that waits on the contact (the portal may name it in any letter case). */
export function isPending(status: string): boolean {
  return status.trim().toLowerCase() === PENDING_STATUS.toLowerCase();
}

/** 0 = Sunday … 6 = Saturday, for an ISO date (a calendar date: no time zone involved). */
function weekday(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export const isBusinessDay = (iso: string): boolean => {
  const w = weekday(iso);
  return w !== 0 && w !== 6;
};

/** The n-th business day (Monday to Friday) after an ISO date; the date itself never counts. */
export function addBusinessDays(iso: string, n: number): string {
  if (!isIsoDate(iso)) throw new Error(`not an ISO date: ${iso}`);
  let day = iso;
  for (let left = n; left > 0;) {
    day = addDays(day, 1);
    if (isBusinessDay(day)) left--;
  }
  return day;
}

/** The follow-up days of the 3x10 window: spread over the ten business days, the last on the tenth. */
export function followUpSchedule(
  postedOn: string,
  followUps = PENDING_FOLLOW_UPS,
  businessDays = PENDING_BUSINESS_DAYS,
): string[] {
  return Array.from({ length: followUps }, (_, i) =>
    addBusinessDays(postedOn, Math.round(((i + 1) * businessDays) / followUps)),
  );
}

/** The portal's record of a Pending case's window (the `followUp` of the contract). */
export interface PendingWindow {
  /** The business date on which the resolution was posted (the portal's calendar). */
  resolutionPostedOn: string;
  /** The dates Support followed up on so far. */
  followUps: string[];
}

export interface PendingDeadline {
  /** The last business day to answer: Support closes the case at its end. */
  deadline: string;
  followUpsMade: number;
  followUpsPlanned: number;
}

/** The 3x10 deadline, computed from the portal's dates; undefined when they are not dates. */
export function pendingDeadline(w: PendingWindow): PendingDeadline | undefined {
  if (!isIsoDate(w.resolutionPostedOn)) return undefined;
  return {
    deadline: addBusinessDays(w.resolutionPostedOn, PENDING_BUSINESS_DAYS),
    followUpsMade: w.followUps.length,
    followUpsPlanned: PENDING_FOLLOW_UPS,
  };
}

/** True when the tenth business day has ended by `today` (the sandbox closes the case then). */
export function pendingExpired(postedOn: string, today: string): boolean {
  return today > addBusinessDays(postedOn, PENDING_BUSINESS_DAYS);
}

/** The last day on which a case closed on `closedOn` can be reopened. */
export const reopenableUntil = (closedOn: string): string => addDays(closedOn, REOPEN_WINDOW_DAYS);

/** "2026-12-14" -> "Mon 12/14/2026": the portal's date form with the weekday, for deadlines. */
export function formatDeadline(iso: string): string {
  if (!isIsoDate(iso)) return iso;
  const [y, m, d] = iso.split('-');
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday(iso)]} ${m}/${d}/${y}`;
}

// --- Critical follow-up ------------------------------------------------------------------------

/** The guide's rule: only Report an Outage may be Critical; a Critical case asks for a phone call. */
export function needsPhoneFollowUp(priority: string | undefined): boolean {
  return (priority ?? '').trim().toLowerCase() === 'critical';
}

export interface PhoneFollowUp {
  /** Always "phone": the vendor asks for a call after filing a Critical case. */
  method: 'phone';
  /** The support number the portal publishes; null when it gave none. */
  phone: string | null;
  /**
   * Whether the call is asked for: false when the case is about an open notification (the guide: a
   * follow-up phone call "is not necessary unless additional context is needed").
   */
  callNeeded: boolean;
  /** The open notification the case was filed about, when one was chosen. */
  relatedNotification?: { id: string; title: string };
  instruction: string;
}

/**
 * What to tell the contact after filing a Critical case. The number is the portal's, never ours. A
 * case about an open notification gets the guide's words instead of the call.
 */
export function phoneFollowUp(
  caseNumber: string,
  phone: string | null | undefined,
  related?: { id: string; title: string },
): PhoneFollowUp {
  const p = phone?.trim() || null;
  if (related)
    return {
      method: 'phone',
      phone: p,
      callNeeded: false,
      relatedNotification: { id: related.id, title: related.title },
      instruction: `Critical case about the open notification ${related.title} (${related.id}): as the guide says, a follow-up phone call is not necessary unless additional context is needed${p ? ` (Infinite Campus Support: ${p}, case number ${caseNumber})` : ''}.`,
    };
  return {
    method: 'phone',
    phone: p,
    callNeeded: true,
    instruction: p
      ? `Critical case: also call Infinite Campus Support at ${p} and give case number ${caseNumber}.`
      : `Critical case: also call Infinite Campus Support and give case number ${caseNumber} (the portal did not publish its phone number: see the Support Portal's contact page).`,
  };
}
