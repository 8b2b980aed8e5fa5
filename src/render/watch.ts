/** The text of `ic-support case watch`: one block per change, for a cron mail. Pure. */
import type { WatchEvent } from '../domain/case-watch.js';
import { formatPortalTime } from '../domain/case-view.js';
import { indentText } from './case-details.js';

export function renderWatchEvent(e: WatchEvent, opts: { timeZone?: string } = {}): string {
  const head = `Case ${e.case} "${e.subject}"`;
  switch (e.type) {
    case 'comment':
      return `${head}: new comment from ${e.comment.author} at ${formatPortalTime(e.comment.createdAt, opts.timeZone)}:\n${indentText(e.comment.body, Infinity)}\n`;
    case 'status':
      return `${head}: status ${e.from} -> ${e.to}\n`;
    case 'resolved':
      return `${head}: ${e.from ? `${e.from} -> ` : ''}${e.status}${e.closedAt ? ` at ${formatPortalTime(e.closedAt, opts.timeZone)}` : ''}; resolution:\n${indentText(e.resolution?.trim() || '(none given)', Infinity)}\n`;
    case 'new-case':
      return `${head}: new case (${e.status}) filed by ${e.createdBy} at ${formatPortalTime(e.createdAt, opts.timeZone)}\n`;
  }
}
