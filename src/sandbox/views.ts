/** How stored rows are shown in responses: the shapes of schemas/portal-api.yaml. Pure. */
import { formatCaseNumber } from './cursor.js';
import { reopenableUntil } from '../domain/case-life.js';
import type {
  AttachmentRow,
  CaseRow,
  CommentRow,
  ContactRow,
  DistrictRow,
  MailRow,
  NotificationRow,
  UpdateRow,
} from './store.js';

export const districtView = (d: DistrictRow) => ({ id: d.id, name: d.name });

export const contactView = (c: ContactRow) => ({ id: c.id, name: c.name, email: c.email, role: c.role });

export function caseSummary(r: CaseRow) {
  return {
    number: formatCaseNumber(r.number),
    caseType: r.case_type,
    status: r.status,
    state: r.status === 'Closed' ? ('closed' as const) : ('open' as const),
    priority: r.priority,
    subject: r.subject,
    account: { id: r.district_id, name: r.district_name },
    lastModifiedAt: r.modified_at,
    contact: { id: r.contact_id, name: r.contact_name },
  };
}

export function caseView(r: CaseRow, portalUrl: string) {
  return {
    ...caseSummary(r),
    id: r.id,
    fields: JSON.parse(r.fields_json) as Record<string, unknown>,
    resolution: r.resolution,
    createdAt: r.created_at,
    createdBy: { id: r.created_by_id, name: r.created_by_name },
    lastModifiedBy: { id: r.modified_by_id, name: r.modified_by_name },
    closedAt: r.closed_at,
    url: `${portalUrl}/customers/cases/${formatCaseNumber(r.number)}`,
    closedBy: r.closed_at && r.closed_by_id ? { id: r.closed_by_id, name: r.closed_by_name ?? '' } : null,
    // The portal's calendar is UTC: the window counts from the day it closed there.
    reopenableUntil: r.closed_at ? reopenableUntil(r.closed_at.slice(0, 10)) : null,
    followUp:
      r.status === 'Pending' && r.pending_since
        ? { resolutionPostedOn: r.pending_since, followUps: JSON.parse(r.follow_ups) as string[] }
        : null,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
  };
}

export const commentView = (c: CommentRow) => ({
  id: c.id,
  body: c.body,
  author: { id: c.author_id, name: c.author_name },
  fromVendor: c.from_vendor === 1,
  createdAt: c.created_at,
  kind: c.kind,
});

export const attachmentView = (a: AttachmentRow) => ({
  id: a.id,
  filename: a.filename,
  size: a.size,
  contentType: a.content_type,
  createdAt: a.created_at,
  createdBy: { id: a.created_by_id, name: a.created_by_name },
});

export const notificationView = (n: NotificationRow, updates: UpdateRow[]) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  status: n.status,
  state: n.state,
  startsAt: n.starts_at,
  endsAt: n.ends_at,
  postedAt: n.posted_at,
  updates: updates.map((u) => ({ id: u.id, postedAt: u.posted_at, body: u.body })),
});

export function banner(openIncidents: number, openMaintenance: number) {
  const where = 'To view them, go to the Support » Notifications page.';
  if (openIncidents > 0) {
    return {
      color: 'orange' as const,
      text: `There are ${openIncidents} open incident(s). ${where}`,
      openIncidents,
      openMaintenance,
    };
  }
  if (openMaintenance > 0) {
    return {
      color: 'green' as const,
      text: `There are ${openMaintenance} open maintenance item(s). ${where}`,
      openIncidents,
      openMaintenance,
    };
  }
  return {
    color: 'gray' as const,
    text: 'There are no open notifications. To view historical maintenance or incidents, go to the Support » Notifications page.',
    openIncidents,
    openMaintenance,
  };
}

export const mailView = (m: MailRow) => ({
  id: m.id,
  to: m.to_email,
  kind: m.kind,
  subject: m.subject,
  body: m.body,
  token: m.token,
  createdAt: m.created_at,
});

/** A safe Content-Disposition for a stored file name (any bytes the uploader chose). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'attachment';
  // RFC 5987: percent-encode everything but attr-chars (encodeURIComponent leaves ' ( ) * alone).
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
