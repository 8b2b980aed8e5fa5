/** The text of `ic-support case watch`: one block per change, for a cron mail. Pure. */
import type { WatchEvent } from '../domain/case-watch.js';
import { formatPortalDate, formatPortalTime } from '../domain/case-view.js';
import { formatDeadline, PENDING_BUSINESS_DAYS } from '../domain/case-life.js';
import { indentText } from './case-details.js';

export function renderWatchEvent(e: WatchEvent, opts: { timeZone?: string } = {}): string {
  const head = `Case ${e.case} "${e.subject}"`;
  switch (e.type) {
    case 'comment':
      return `${head}: new comment from ${e.comment.author} at ${formatPortalTime(e.comment.createdAt, opts.timeZone)}:\n${indentText(e.comment.body, Infinity)}\n`;
    case 'escalation':
      return `${head}: escalation note from ${e.note.author} at ${formatPortalTime(e.note.createdAt, opts.timeZone)}:\n${indentText(e.note.body, Infinity)}\n`;
    case 'pending':
      return `${head}: ${e.message}${e.deadline ? ` by ${formatDeadline(e.deadline)} (Support closes it after ${PENDING_BUSINESS_DAYS} business days without an answer; resolution posted ${formatPortalDate(e.resolutionPostedOn ?? '')})` : ''}.\n${indentText(e.resolution?.trim() || '(no resolution text)', Infinity)}\n  Close it: ic-support case close ${e.case}   Reply: ic-support case comment ${e.case}\n`;
    case 'status':
      return `${head}: status ${e.from} -> ${e.to}\n`;
    case 'resolved':
      return `${head}: ${e.from ? `${e.from} -> ` : ''}${e.status}${e.closedAt ? ` at ${formatPortalTime(e.closedAt, opts.timeZone)}` : ''}; resolution:\n${indentText(e.resolution?.trim() || '(none given)', Infinity)}\n`;
    case 'new-case':
      return `${head}: new case (${e.status}) filed by ${e.createdBy} at ${formatPortalTime(e.createdAt, opts.timeZone)}\n`;
  }
}
