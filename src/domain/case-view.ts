/**
 * How a case reads for a person: the guide's "Case Details" page as data (labels from the catalog,
 * values formatted), a row of a case listing, and case numbers as users type them. Pure: no I/O;
 * the time zone is a parameter (the process's own when omitted).
 */
import { formatBytes } from './limits.js';
import { formatUsDate, isIsoDate } from './dates.js';
import type { Attachment, CaseSummary, Comment, PortalCase } from '../portal/schemas.js';
import { UsageError } from '../errors.js';
import { formatDeadline, isPending, PENDING_BUSINESS_DAYS, PENDING_MESSAGE, pendingDeadline } from './case-life.js';
import { catalog as defaultCatalog, type Catalog, type CaseTypeDef, type FieldDef } from './catalog/index.js';

/** "1001", "00001001" -> "00001001"; a UsageError naming the argument otherwise. */
export function normalizeCaseNumber(input: string, what = 'case number'): string {
  const s = input.trim().replace(/^#/, '');
  if (!/^\d{1,8}$/.test(s) || Number(s) === 0) {
    throw new UsageError(
      `"${input}" is not a ${what}.`,
      'A case number has up to 8 digits, e.g. 00001042 or 1042 (see: ic-support case list).',
    );
  }
  return s.padStart(8, '0');
}

// The one formatter of times lives with the one zone rule; re-exported for the views here.
export { formatPortalTime } from './time-zone.js';
import { formatPortalTime, formatShortTime } from './time-zone.js';

/** "2021-09-07" -> "09/07/2021" (the portal's form); anything else unchanged. */
export const formatPortalDate = formatUsDate;

/** A field's value as text; "" when it has none. */
export function formatFieldValue(field: Pick<FieldDef, 'kind'> | undefined, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const kind = field?.kind;
  if (Array.isArray(value))
    return value.map((v) => (kind === 'dates' ? formatPortalDate(String(v)) : String(v))).join(', ');
  if (kind === 'acknowledgement' || typeof value === 'boolean')
    return value === true ? 'Yes' : value === false ? 'No' : String(value);
  if (kind === 'date' && typeof value === 'string') return formatPortalDate(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The case type's label, or its id when the catalog does not know it (a newer portal). */
export function caseTypeLabel(id: string, cat: Catalog = defaultCatalog): string {
  return cat.types.find((t) => t.id === id)?.label ?? id;
}

/**
 * The guide's Case Details as data: `facts` beside their labels (Created, Last Modified, Account,
 * Contact, Case Type, Module), then `sections` under headings (Subject, Description, Resolution and
 * the type's other fields in catalog order, which for an Application Issue is the guide's: Steps to
 * Reproduce, Environment Changes, Who is impacted, Issue Began, Error Message, Expected Results).
 * `apart`: what the guide's page does not show (the number, status, priority, closed), kept apart.
 */
export interface CaseDetails {
  number: string;
  subject: string;
  status: string;
  closed: boolean;
  /** The case type's label ("Application Issue"), which the page's "Case Type" does not show. */
  caseType: string;
  facts: { label: string; value: string }[];
  sections: { label: string; text: string }[];
  apart: { label: string; value: string }[];
}

/**
 * A field's heading as the guide's Case Details page prints it: the form asks "Who is impacted?",
 * the page heads the answer "Who is impacted" (no question mark).
 */
const pageLabel = (label: string): string => label.replace(/\?$/, '');

/** Shown by the page from the case itself, or apart from it; not repeated among the fields. */
const PAGE_KEYS = new Set(['account', 'contact', 'subject', 'description', 'type', 'module', 'priority']);

/**
 * The guide's Case Details. "Case Type" shows the Type value ("Campus Application" in the guide's
 * model case), the case type's label when the type has no Type field. Every field of the type is
 * listed, empty ones too, as the portal does; acknowledgements are not portal fields (their
 * statements are in the Description); fields the catalog does not know (a newer portal) come last
 * under their key.
 */
export function caseDetails(
  c: PortalCase,
  opts: { timeZone?: string; catalog?: Catalog; today?: string } = {},
): CaseDetails {
  const cat = opts.catalog ?? defaultCatalog;
  const type: CaseTypeDef | undefined = cat.types.find((t) => t.id === c.caseType);
  const label = (key: string, fallback: string): string => type?.fields.find((f) => f.key === key)?.label ?? fallback;
  const who = (name: string): string => ` (${name})`;
  const typeLabel = type?.label ?? c.caseType;
  const typeValue = formatFieldValue(undefined, c.fields.type);
  const facts: CaseDetails['facts'] = [
    { label: 'Created', value: formatPortalTime(c.createdAt, opts.timeZone) + who(c.createdBy.name) },
    { label: 'Last Modified', value: formatPortalTime(c.lastModifiedAt, opts.timeZone) + who(c.lastModifiedBy.name) },
    { label: label('account', 'Account'), value: c.account.name },
    { label: label('contact', 'Contact'), value: c.contact.name },
    { label: 'Case Type', value: typeValue || typeLabel },
  ];
  const hasModule = type ? type.fields.some((f) => f.key === 'module') : c.fields.module !== undefined;
  if (hasModule) facts.push({ label: label('module', 'Module'), value: formatFieldValue(undefined, c.fields.module) });
  const sections: CaseDetails['sections'] = [
    { label: label('subject', 'Subject'), text: c.subject },
    { label: label('description', 'Description'), text: formatFieldValue(undefined, c.fields.description) },
    { label: 'Resolution', text: c.resolution ?? '' },
  ];
  const known = new Set<string>();
  for (const f of type?.fields ?? []) {
    known.add(f.key);
    if (PAGE_KEYS.has(f.key) || f.kind === 'acknowledgement') continue;
    sections.push({ label: pageLabel(f.label), text: formatFieldValue(f, c.fields[f.key]) });
  }
  for (const [key, value] of Object.entries(c.fields)) {
    if (known.has(key) || PAGE_KEYS.has(key)) continue;
    sections.push({ label: key, text: formatFieldValue(undefined, value) });
  }
  const apart: CaseDetails['apart'] = [
    { label: 'Case', value: `${c.number} (${typeLabel})` },
    // "Closed (closed)" would say one thing twice: the state is added only when the status does not say it.
    { label: 'Status', value: c.status.trim().toLowerCase() === c.state ? c.status : `${c.status} (${c.state})` },
    { label: label('priority', 'Priority'), value: formatFieldValue(undefined, c.fields.priority ?? c.priority) },
    {
      label: 'Closed',
      value: c.closedAt ? formatPortalTime(c.closedAt, opts.timeZone) + (c.closedBy ? who(c.closedBy.name) : '') : '-',
    },
  ];
  if (c.owner?.name) apart.push({ label: 'Case Owner', value: c.owner.name });
  if (c.state === 'closed' && c.reopenableUntil) {
    // The last day it could be reopened is a date in the past once it has gone by: say so.
    const passed = opts.today !== undefined && isIsoDate(c.reopenableUntil) && opts.today > c.reopenableUntil;
    apart.push({
      label: 'Reopenable Until',
      value: passed
        ? `${formatPortalDate(c.reopenableUntil)} (passed: it can no longer be reopened; file a new case and mention case ${c.number})`
        : formatPortalDate(c.reopenableUntil),
    });
  }
  if (c.state === 'open' && isPending(c.status)) {
    const d = c.followUp ? pendingDeadline(c.followUp) : undefined;
    apart.push({ label: 'Waiting On You', value: PENDING_MESSAGE });
    if (d)
      apart.push({
        label: 'Answer By',
        value: `${formatDeadline(d.deadline)} (${PENDING_BUSINESS_DAYS} business days after the resolution was posted on ${formatPortalDate(c.followUp!.resolutionPostedOn)}; follow-ups so far: ${d.followUpsMade} of ${d.followUpsPlanned})`,
      });
  }
  return {
    number: c.number,
    subject: c.subject,
    status: c.status,
    closed: c.state === 'closed',
    caseType: typeLabel,
    facts,
    sections,
    apart,
  };
}

/** One line of a listing, in the order of the table's columns. */
export interface CaseRow {
  number: string;
  type: string;
  priority: string;
  status: string;
  /** Whom the case is for ("" when the portal's list does not say). */
  contact: string;
  subject: string;
  lastModified: string;
}

/** Marks a Pending case in a listing table: it waits on the contact. */
export const PENDING_MARK = '◆';

/**
 * `dateOnly` for narrow terminals: "09/15/2021" instead of "09/15/2021 01:44 PM". `markPending`
 * flags a case that waits on the contact (a table; piped lines keep the portal's status as is).
 */
export function caseRow(
  s: CaseSummary,
  opts: { timeZone?: string; catalog?: Catalog; dateOnly?: boolean; markPending?: boolean } = {},
): CaseRow {
  return {
    number: s.number,
    type: caseTypeLabel(s.caseType, opts.catalog),
    priority: s.priority,
    status: opts.markPending && s.state === 'open' && isPending(s.status) ? `${s.status} ${PENDING_MARK}` : s.status,
    contact: s.contact?.name ?? '',
    subject: s.subject,
    lastModified: opts.dateOnly
      ? formatShortTime(s.lastModifiedAt, opts.timeZone).slice(0, 10)
      : formatShortTime(s.lastModifiedAt, opts.timeZone),
  };
}

/** Tab-separated fields must not carry tabs or line breaks. */
export const tsvCell = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

/** A piped listing: number, case type id, priority, status, last modified (ISO), account, subject. */
export function caseTsvLine(s: CaseSummary): string {
  return [s.number, s.caseType, s.priority, s.status, s.lastModifiedAt, s.account.name, s.subject]
    .map(tsvCell)
    .join('\t');
}

export { formatBytes };

export interface ThreadView {
  comments: { heading: string; body: string; fromVendor: boolean; kind: string }[];
  attachments: { id: string; filename: string; line: string }[];
}

/** How a comment's kind (the portal marks it) reads in a heading; a kind we do not know, as named. */
export function commentKindLabel(kind: string | undefined): string {
  if (kind === undefined || kind === 'comment') return '';
  if (kind === 'escalation') return ' [escalation note]';
  return ` [${kind.replace(/[-_]/g, ' ')}]`;
}

/** The comment thread (oldest first) and the attachments, as the Case Details page lists them. */
export function threadView(
  comments: Comment[],
  attachments: Attachment[],
  opts: { timeZone?: string } = {},
): ThreadView {
  return {
    comments: comments.map((m) => ({
      heading: `${formatPortalTime(m.createdAt, opts.timeZone)} - ${m.author.name}${m.fromVendor ? ' (vendor)' : ''}${commentKindLabel(m.kind)}`,
      body: m.body,
      fromVendor: m.fromVendor,
      kind: m.kind ?? 'comment',
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      line: `${a.filename} (${formatBytes(a.size)}, ${a.contentType}) - ${formatPortalTime(a.createdAt, opts.timeZone)} by ${a.createdBy.name} [${a.id}]`,
    })),
  };
}
