import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  followUpSchedule,
  formatDeadline,
  isPending,
  needsPhoneFollowUp,
  pendingDeadline,
  pendingExpired,
  phoneFollowUp,
  reopenableUntil,
} from '../../src/domain/case-life.js';
import { caseDetails, caseRow, commentKindLabel, threadView } from '../../src/domain/case-view.js';
import { diffCase } from '../../src/domain/case-watch.js';
import { renderWatchEvent } from '../../src/render/watch.js';
import { parseListOptions } from '../../src/commands/case/list/run.js';
import { catalog } from '../../src/domain/catalog/index.js';
import type { Comment, PortalCase } from '../../src/portal/schemas.js';
import { portalCase, vendor, zack } from '../helpers/cases.js';

const base: PortalCase = portalCase();
const note = (id: string, kind?: string): Comment => ({
  id,
  body: `text of ${id}`,
  author: vendor,
  fromVendor: true,
  createdAt: '2026-11-30T16:00:00.000Z',
  ...(kind ? { kind } : {}),
});

describe('business days of the 3x10 window', () => {
  it('counts Monday to Friday only, never the starting day', () => {
    expect(addBusinessDays('2026-11-30', 10)).toBe('2026-12-14'); // Monday -> Monday two weeks later
    expect(addBusinessDays('2026-12-04', 1)).toBe('2026-12-07'); // Friday -> Monday
    expect(addBusinessDays('2026-12-05', 1)).toBe('2026-12-07'); // Saturday -> Monday
    expect(addBusinessDays('2026-12-31', 0)).toBe('2026-12-31');
    expect(() => addBusinessDays('12/31/2026', 1)).toThrow(/not an ISO date/);
  });

  it('spreads three follow-ups over the ten days, the last on the tenth', () => {
    expect(followUpSchedule('2026-11-30')).toEqual(['2026-12-03', '2026-12-09', '2026-12-14']);
  });

  it('expires only after the tenth business day has ended', () => {
    expect(pendingExpired('2026-11-30', '2026-12-14')).toBe(false);
    expect(pendingExpired('2026-11-30', '2026-12-15')).toBe(true);
  });

  it('computes the deadline from the portal dates, and formats it with the weekday', () => {
    const w = { resolutionPostedOn: '2026-11-30', followUps: ['2026-12-03'] };
    expect(pendingDeadline(w)).toEqual({ deadline: '2026-12-14', followUpsMade: 1, followUpsPlanned: 3 });
    expect(pendingDeadline({ resolutionPostedOn: 'soon', followUps: [] })).toBeUndefined();
    expect(formatDeadline('2026-12-14')).toBe('Mon 12/14/2026');
  });

  it('reopens within 60 days of closing', () => {
    expect(reopenableUntil('2026-11-30')).toBe('2027-01-29');
  });

  it('knows Pending in any letter case', () => {
    expect(isPending('pending')).toBe(true);
    expect(isPending('Pending Review')).toBe(false);
  });
});

describe('Critical follow-up', () => {
  it('asks for a call only for Critical, with the number the portal gave', () => {
    expect(needsPhoneFollowUp('Critical')).toBe(true);
    expect(needsPhoneFollowUp('High')).toBe(false);
    expect(needsPhoneFollowUp(undefined)).toBe(false);
    expect(phoneFollowUp('00001042', ' 555-0100 ')).toEqual({
      callNeeded: true,
      method: 'phone',
      phone: '555-0100',
      instruction: 'Critical case: also call Infinite Campus Support at 555-0100 and give case number 00001042.',
    });
    const none = phoneFollowUp('00001042', null);
    expect(none.phone).toBeNull();
    expect(none.instruction).toMatch(/did not publish its phone number/);
  });
});

describe('statuses, escalation notes and Pending in views', () => {
  it('marks Pending rows in a table and leaves other statuses, known or not, as the portal names them', () => {
    const summary = { ...base, status: 'Pending' };
    expect(caseRow(summary, { markPending: true }).status).toBe('Pending ◆');
    expect(caseRow(summary).status).toBe('Pending');
    expect(caseRow({ ...base, status: 'Awaiting Vendor Review' }, { markPending: true }).status).toBe(
      'Awaiting Vendor Review',
    );
  });

  it('labels escalation notes, and a comment kind it does not know by its name', () => {
    expect(commentKindLabel(undefined)).toBe('');
    expect(commentKindLabel('escalation')).toBe(' [escalation note]');
    expect(commentKindLabel('follow-up')).toBe(' [follow up]');
    const t = threadView([note('c1', 'escalation'), note('c2')], [], { timeZone: 'UTC' });
    expect(t.comments.map((c) => [c.kind, c.heading])).toEqual([
      ['escalation', '11/30/2026 - 04:00 PM UTC - Infinite Campus Support (vendor) [escalation note]'],
      ['comment', '11/30/2026 - 04:00 PM UTC - Infinite Campus Support (vendor)'],
    ]);
  });

  it('shows what waits on the contact, who closed a case and until when it reopens', () => {
    const pending = caseDetails({
      ...base,
      status: 'Pending',
      followUp: { resolutionPostedOn: '2026-11-30', followUps: [] },
    });
    // What the guide's Case Details does not show comes apart from it (issue 13).
    expect(pending.apart.find((f) => f.label === 'Waiting On You')?.value).toBe(
      'resolution posted — verify and close, or reply',
    );
    expect(pending.apart.find((f) => f.label === 'Answer By')?.value).toBe(
      'Mon 12/14/2026 (10 business days after the resolution was posted on 11/30/2026; follow-ups so far: 0 of 3)',
    );
    const closed = caseDetails(
      {
        ...base,
        status: 'Closed',
        state: 'closed',
        closedAt: '2026-11-30T18:00:00.000Z',
        closedBy: zack,
        reopenableUntil: '2027-01-29',
      },
      { timeZone: 'UTC' },
    );
    expect(closed.apart.find((f) => f.label === 'Closed')?.value).toBe(
      '11/30/2026 - 06:00 PM UTC (Zack Morris (TESTING))',
    );
    expect(closed.apart.find((f) => f.label === 'Reopenable Until')?.value).toBe('01/29/2027');
  });

  it('says when the reopen window has passed, by the date the user is on; and names the case owner when the portal gives one', () => {
    const closed = { ...base, status: 'Closed', state: 'closed' as const, reopenableUntil: '2027-01-29' };
    const until = (today: string) =>
      caseDetails(closed, { timeZone: 'UTC', today }).apart.find((f) => f.label === 'Reopenable Until')?.value;
    expect(until('2027-01-29')).toBe('01/29/2027');
    expect(until('2027-01-30')).toBe(
      '01/29/2027 (passed: it can no longer be reopened; file a new case and mention case 00001002)',
    );
    expect(caseDetails(base, {}).apart.map((f) => f.label)).not.toContain('Case Owner');
    const owned = caseDetails({ ...base, owner: { id: 'ctc_kim', name: 'Kim Advisor' } }, {});
    expect(owned.apart.find((f) => f.label === 'Case Owner')?.value).toBe('Kim Advisor');
  });
});

describe('case watch: Pending and escalations', () => {
  const pending: PortalCase = {
    ...base,
    status: 'Pending',
    resolution: 'Use the Attendance Register.',
    followUp: { resolutionPostedOn: '2026-11-30', followUps: [] },
  };

  it('reports a resolution posted once, with the deadline from the portal dates', () => {
    const first = diffCase({ status: 'In Progress', comments: 0 }, '2026-11-30T00:00:00.000Z', pending, []);
    expect(first.events).toEqual([
      {
        type: 'pending',
        case: '00001002',
        subject: 'Attendance summary',
        url: base.url,
        message: 'resolution posted — verify and close, or reply',
        from: 'In Progress',
        resolution: 'Use the Attendance Register.',
        resolutionPostedOn: '2026-11-30',
        deadline: '2026-12-14',
        followUps: [],
      },
    ]);
    expect(renderWatchEvent(first.events[0]!)).toBe(
      'Case 00001002 "Attendance summary": resolution posted — verify and close, or reply by Mon 12/14/2026 (Support closes it after 10 business days without an answer; resolution posted 11/30/2026).\n  Use the Attendance Register.\n  Close it: ic-support case close 00001002   Reply: ic-support case comment 00001002\n',
    );
    // The next run starts from the snapshot: still Pending, so nothing is said again.
    expect(diffCase(first.next, '2026-11-30T16:00:00.000Z', pending, []).events).toEqual([]);
  });

  it('reports escalation notes as such, and a status it does not know as a status change', () => {
    const d = diffCase({ status: 'In Progress', comments: 0 }, null, { ...base, status: 'Assigned to Development' }, [
      note('c1', 'escalation'),
    ]);
    expect(d.events.map((e) => e.type)).toEqual(['escalation', 'status']);
    expect(renderWatchEvent(d.events[0]!, { timeZone: 'UTC' })).toBe(
      'Case 00001002 "Attendance summary": escalation note from Infinite Campus Support at 11/30/2026 - 04:00 PM UTC:\n  text of c1\n',
    );
    expect(d.events[1]).toMatchObject({ from: 'In Progress', to: 'Assigned to Development' });
  });
});

describe('case list --status', () => {
  it('takes open, closed, all, or any status name the portal may use (never refused here)', () => {
    expect(parseListOptions({ status: 'pending' })).toMatchObject({ status: 'all', caseStatus: 'pending' });
    expect(parseListOptions({ status: 'Assigned to Development' })).toMatchObject({
      status: 'all',
      caseStatus: 'Assigned to Development',
    });
    expect(parseListOptions({ status: 'CLOSED' })).toMatchObject({ status: 'closed', caseStatus: undefined });
    expect(() => parseListOptions({ status: ' ' })).toThrow(/--status needs a value/);
  });

  it("--case-type: an id or a label of the view given (a portal's label), refused when the view lacks it", () => {
    const relabeled = {
      ...catalog,
      types: catalog.types.map((t) => (t.id === 'ask-a-question' ? { ...t, label: 'General Question' } : t)),
    };
    expect(parseListOptions({ caseType: 'General Question' }, relabeled).caseType).toBe('ask-a-question');
    expect(parseListOptions({ caseType: 'data-restore' }, catalog).caseType).toBe('data-restore');
    expect(() => parseListOptions({ caseType: 'General Question' }, catalog)).toThrow(
      '--case-type: Unknown case type "General Question"',
    );
  });
});
