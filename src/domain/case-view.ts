/**
 * How a case reads for a person: the guide's "Case Details" page as data (labels from the catalog,
 * values formatted), a row of a case listing, and case numbers as users type them. Pure: no I/O;
 * the time zone is a parameter (the process's own when omitted).
 */
import { formatBytes } from './limits.js';
import { dateTimeFormat } from './time-zone.js';
import type { Attachment, CaseSummary, Comment, PortalCase } from '../portal/schemas.js';
import { UsageError } from '../errors.js';
import { formatDeadline, isPending, pendingDeadline, pendingLine } from './case-life.js';
import { catalog as defaultCatalog, type Catalog, type CaseTypeDef, type FieldDef } from './catalog/index.js';

/** "1001", "00001001" -> "00001001"; a UsageError naming the argument otherwise. */
export function normalizeCaseNumber(input: string, what = 'case number'): string {
  const s = input.trim().replace(/^#/, '');
  if (!/^\d{1,8}$/.test(s) || Number(s) === 0) {
    throw new UsageError(`"${input}" is not a ${what}.`, 'A case number has up to 8 digits, e.g. 00001042 or 1042 (see: ic-support case list).');
  }
  return s.padStart(8, '0');
}

/** An ISO time as the portal shows it: "09/15/2021 - 01:44 PM CDT". Unreadable input is returned as is. */
export function formatPortalTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p: Record<string, string> = {};
  for (const part of dateTimeFormat(timeZone, 'portal').formatToParts(d)) p[part.type] = part.value;
  return `${p.month}/${p.day}/${p.year} - ${p.hour}:${p.minute} ${p.dayPeriod}${p.timeZoneName ? ` ${p.timeZoneName}` : ''}`;
}

/** A compact time for table cells: "09/15/2021 01:44 PM" (the zone is the reader's own). */
export function formatShortTime(iso: string, timeZone?: string): string {
  const full = formatPortalTime(iso, timeZone);
  const m = /^(\d\d\/\d\d\/\d{4}) - (\d\d:\d\d [AP]M)/.exec(full);
  return m ? `${m[1]} ${m[2]}` : full;
}

/** "2021-09-07" -> "09/07/2021" (the portal's form); anything else unchanged. */
export function formatPortalDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[2]}/${m[3]}/${m[1]}` : value;
}

/** A field's value as text; "" when it has none. */
export function formatFieldValue(field: Pick<FieldDef, 'kind'> | undefined, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  const kind = field?.kind;
  if (Array.isArray(value)) return value.map((v) => (kind === 'dates' ? formatPortalDate(String(v)) : String(v))).join(', ');
  if (kind === 'acknowledgement' || typeof value === 'boolean') return value === true ? 'Yes' : value === false ? 'No' : String(value);
  if (kind === 'date' && typeof value === 'string') return formatPortalDate(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The case type's label, or its id when the catalog does not know it (a newer portal). */
export function caseTypeLabel(id: string, cat: Catalog = defaultCatalog): string {
  return cat.types.find((t) => t.id === id)?.label ?? id;
}

/** Short values beside their label; long text as a section under its heading. */
export interface CaseDetails {
  number: string;
  subject: string;
  status: string;
  closed: boolean;
  facts: { label: string; value: string }[];
  sections: { label: string; text: string }[];
}

const LONG_KINDS = new Set(['longtext']);
/** Shown in the header facts from the case itself (not from `fields`). */
const HEADER_KEYS = new Set(['account', 'contact', 'subject', 'description']);

/**
 * The guide's Case Details: Created and Last Modified with who, Account, Contact, Case Type, the
 * type's short fields (Module, Priority, …), then Subject, Description, Resolution and the type's
 * long fields, each under its catalog label. Every field of the type is listed, empty ones too, as
 * the portal does; fields the catalog does not know (a newer portal) come last under their key.
 */
export function caseDetails(c: PortalCase, opts: { timeZone?: string; catalog?: Catalog } = {}): CaseDetails {
  const cat = opts.catalog ?? defaultCatalog;
  const type: CaseTypeDef | undefined = cat.types.find((t) => t.id === c.caseType);
  const label = (key: string, fallback: string): string => type?.fields.find((f) => f.key === key)?.label ?? fallback;
  const who = (name: string): string => ` (${name})`;
  const facts: CaseDetails['facts'] = [
    { label: 'Created', value: formatPortalTime(c.createdAt, opts.timeZone) + who(c.createdBy.name) },
    { label: 'Last Modified', value: formatPortalTime(c.lastModifiedAt, opts.timeZone) + who(c.lastModifiedBy.name) },
  ];
  if (c.closedAt) facts.push({ label: 'Closed', value: formatPortalTime(c.closedAt, opts.timeZone) + (c.closedBy ? who(c.closedBy.name) : '') });
  if (c.state === 'closed' && c.reopenableUntil) facts.push({ label: 'Reopenable Until', value: formatPortalDate(c.reopenableUntil) });
  if (c.state === 'open' && isPending(c.status)) {
    const d = c.followUp ? pendingDeadline(c.followUp) : undefined;
    facts.push({ label: 'Waiting On You', value: pendingLine(c.followUp) });
    if (d) facts.push({ label: 'Answer By', value: `${formatDeadline(d.deadline)} (resolution posted ${formatPortalDate(c.followUp!.resolutionPostedOn)})` });
  }
  facts.push(
    { label: label('account', 'Account'), value: c.account.name },
    { label: label('contact', 'Contact'), value: c.contact.name },
    { label: 'Case Type', value: type?.label ?? c.caseType },
    { label: 'Status', value: c.status },
  );
  const sections: CaseDetails['sections'] = [
    { label: label('subject', 'Subject'), text: c.subject },
    { label: label('description', 'Description'), text: formatFieldValue(undefined, c.fields.description) },
    { label: 'Resolution', text: c.resolution ?? '' },
  ];
  const known = new Set<string>();
  for (const f of type?.fields ?? []) {
    known.add(f.key);
    if (HEADER_KEYS.has(f.key)) continue;
    const value = f.key === 'priority' && c.fields.priority === undefined ? c.priority : c.fields[f.key];
    if (LONG_KINDS.has(f.kind)) sections.push({ label: f.label, text: formatFieldValue(f, value) });
    else facts.push({ label: f.label, value: formatFieldValue(f, value) });
  }
  for (const [key, value] of Object.entries(c.fields)) {
    if (known.has(key) || HEADER_KEYS.has(key)) continue;
    const text = formatFieldValue(undefined, value);
    if (text.includes('\n') || text.length > 60) sections.push({ label: key, text });
    else facts.push({ label: key, value: text });
  }
  return { number: c.number, subject: c.subject, status: c.status, closed: c.state === 'closed', facts, sections };
}

/** One line of a listing, in the order of the table's columns. */
export interface CaseRow {
  number: string;
  type: string;
  priority: string;
  status: string;
  subject: string;
  lastModified: string;
}

/** Marks a Pending case in a listing table: it waits on the contact. */
export const PENDING_MARK = '◆';

/**
 * `dateOnly` for narrow terminals: "09/15/2021" instead of "09/15/2021 01:44 PM". `markPending`
 * flags a case that waits on the contact (a table; piped lines keep the portal's status as is).
 */
export function caseRow(s: CaseSummary, opts: { timeZone?: string; catalog?: Catalog; dateOnly?: boolean; markPending?: boolean } = {}): CaseRow {
  return {
    number: s.number,
    type: caseTypeLabel(s.caseType, opts.catalog),
    priority: s.priority,
    status: opts.markPending && s.state === 'open' && isPending(s.status) ? `${s.status} ${PENDING_MARK}` : s.status,
    subject: s.subject,
    lastModified: opts.dateOnly ? formatShortTime(s.lastModifiedAt, opts.timeZone).slice(0, 10) : formatShortTime(s.lastModifiedAt, opts.timeZone),
  };
}

/** Tab-separated fields must not carry tabs or line breaks. */
export const tsvCell = (s: string): string => s.replace(/[\t\r\n]+/g, ' ');

/** A piped listing: number, case type id, priority, status, last modified (ISO), account, subject. */
export function caseTsvLine(s: CaseSummary): string {
  return [s.number, s.caseType, s.priority, s.status, s.lastModifiedAt, s.account.name, s.subject].map(tsvCell).join('\t');
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
export function threadView(comments: Comment[], attachments: Attachment[], opts: { timeZone?: string } = {}): ThreadView {
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
