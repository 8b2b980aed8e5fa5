import { describe, expect, it } from 'vitest';
import {
  caseDetails,
  caseTsvLine,
  formatFieldValue,
  formatPortalTime,
  normalizeCaseNumber,
  threadView,
} from '../../src/domain/case-view.js';
import { commentsFrom, diffCase, laterTime, parseWatchState } from '../../src/domain/case-watch.js';
import { safeFileName, uniqueFileName } from '../../src/domain/file-names.js';
import { fitTable, truncate } from '../../src/render/table.js';
import { renderCaseDetails } from '../../src/render/case-details.js';
import { renderWatchEvent } from '../../src/render/watch.js';
import { styler } from '../../src/io/style.js';
import type { Comment, PortalCase } from '../../src/portal/schemas.js';
import { portalCase, vendor, zack } from '../helpers/cases.js';
import { notInGuide } from '../helpers/guide.js';
import { catalog, findCaseType } from '../../src/domain/catalog/index.js';

const TZ = 'America/Chicago';
const gradeBook: PortalCase = portalCase({
  number: '00001001',
  status: 'Closed',
  state: 'closed',
  subject: 'Teachers unable to post grades',
  lastModifiedAt: '2021-09-16T15:12:00.000Z',
  id: 'cas_gradebook',
  fields: {
    priority: 'Medium',
    type: 'Campus Application',
    module: 'Grade Book',
    subject: 'Teachers unable to post grades',
    description: 'Line one.\n\nLine two.',
    whoIsImpacted: 'English Lit 1100 teachers',
    issueBegan: '2021-09-07',
    expectedResults: 'Post button to be active',
    environmentChanges: 'None',
    extraFromNewerPortal: 'kept',
  },
  resolution: 'Aligned the grading task.',
  createdAt: '2021-09-15T18:44:00.000Z',
  closedAt: '2021-09-16T15:12:00.000Z',
  url: 'https://portal.example/customers/cases/00001001',
});

const comment = (id: string, createdAt: string, fromVendor: boolean, body = `body of ${id}`): Comment => ({
  id,
  body,
  author: fromVendor ? vendor : zack,
  fromVendor,
  createdAt,
});

describe('case view (the Case Details page as data)', () => {
  it('formats times and dates as the portal shows them', () => {
    expect(formatPortalTime('2021-09-15T18:44:00.000Z', TZ)).toBe('09/15/2021 - 01:44 PM CDT');
    expect(formatPortalTime('2021-12-01T06:05:00.000Z', TZ)).toBe('12/01/2021 - 12:05 AM CST');
    expect(formatPortalTime('not a time', TZ)).toBe('not a time');
    expect(formatFieldValue({ kind: 'date' }, '2021-09-07')).toBe('09/07/2021');
    expect(formatFieldValue({ kind: 'dates' }, ['2021-09-07', '2021-10-01'])).toBe('09/07/2021, 10/01/2021');
    expect(formatFieldValue({ kind: 'acknowledgement' }, true)).toBe('Yes');
    expect(formatFieldValue({ kind: 'multichoice' }, ['SIS', 'Finance'])).toBe('SIS, Finance');
    expect(formatFieldValue({ kind: 'text' }, undefined)).toBe('');
  });

  it('normalizes case numbers and names the argument when one is wrong', () => {
    expect(normalizeCaseNumber('1042')).toBe('00001042');
    expect(normalizeCaseNumber('00001042')).toBe('00001042');
    expect(() => normalizeCaseNumber('12a')).toThrow('"12a" is not a case number.');
    expect(() => normalizeCaseNumber('0')).toThrow(/not a case number/);
    expect(() => normalizeCaseNumber('123456789')).toThrow(/not a case number/);
  });

  it("lays out the guide's Case Details: Case Type is the Type value, long fields in the guide's order, unknown ones last", () => {
    const d = caseDetails(gradeBook, { timeZone: TZ });
    expect(d.facts).toEqual([
      { label: 'Created', value: '09/15/2021 - 01:44 PM CDT (Zack Morris (TESTING))' },
      { label: 'Last Modified', value: '09/16/2021 - 10:12 AM CDT (Infinite Campus Support)' },
      { label: 'Account', value: 'Bayside School (TESTING)' },
      { label: 'Contact', value: 'Zack Morris (TESTING)' },
      { label: 'Case Type', value: 'Campus Application' },
      { label: 'Module', value: 'Grade Book' },
    ]);
    // The guide's sections; a field of the type the guide does not list (the catalog's own) is a
    // section too, empty here, and is checked apart.
    const own = new Set(notInGuide(findCaseType('application-issue', catalog)).map((f) => f.label));
    for (const s of d.sections.filter((x) => own.has(x.label))) expect(s.text, s.label).toBe('');
    expect(
      d.sections.filter((s) => !own.has(s.label)).map((s) => [s.label, s.text]),
      "the guide's Case Details, section by section: a field of the guide added to application-issue gets its section here",
    ).toEqual([
      ['Subject', 'Teachers unable to post grades'],
      ['Description', 'Line one.\n\nLine two.'],
      ['Resolution', 'Aligned the grading task.'],
      ['Steps to Reproduce', ''],
      ['Environment Changes', 'None'],
      ['Who is impacted', 'English Lit 1100 teachers'],
      ['Issue Began', '09/07/2021'],
      ['Error Message', ''],
      ['Expected Results', 'Post button to be active'],
      ['extraFromNewerPortal', 'kept'],
    ]);
    // What the guide's page does not show, apart.
    expect(d.apart).toEqual([
      { label: 'Case', value: '00001001 (Application Issue)' },
      { label: 'Status', value: 'Closed' },
      { label: 'Priority', value: 'Medium' },
      { label: 'Closed', value: '09/16/2021 - 10:12 AM CDT' },
    ]);
  });

  it("shows the case type's label as Case Type when the type has no Type field", () => {
    const d = caseDetails(
      { ...gradeBook, caseType: 'report-an-outage', fields: { description: 'D' } },
      { timeZone: TZ },
    );
    expect(d.facts.find((f) => f.label === 'Case Type')?.value).toBe('Report an Outage');
    expect(d.facts.some((f) => f.label === 'Module')).toBe(false);
  });

  it('renders the details, the thread and the attachments', () => {
    const thread = threadView(
      [
        comment('c1', '2021-09-15T20:05:00.000Z', true, 'We reproduced it.'),
        comment('c2', '2021-09-16T14:58:00.000Z', false, 'Confirmed.\nThanks!'),
      ],
      [
        {
          id: 'att_1',
          filename: 'shot.png',
          size: 2048,
          contentType: 'image/png',
          createdAt: '2021-09-15T19:00:00.000Z',
          createdBy: zack,
        },
      ],
      { timeZone: TZ },
    );
    const text = renderCaseDetails(
      caseDetails({ ...gradeBook, fields: { description: 'D' } }, { timeZone: TZ }),
      thread,
      styler(false),
      Infinity,
    );
    expect(text).toContain(
      'Comments (2)\n  09/15/2021 - 03:05 PM CDT - Infinite Campus Support (vendor)\n    We reproduced it.\n\n  09/16/2021 - 09:58 AM CDT - Zack Morris (TESTING)\n    Confirmed.\n    Thanks!\n',
    );
    expect(text).toContain(
      'Attachments (1)\n  shot.png (2.0 KiB, image/png) - 09/15/2021 - 02:00 PM CDT by Zack Morris (TESTING) [att_1]\n',
    );
    expect(text).toContain('Error Message\n  -\n');
  });

  it('keeps tabs and line breaks out of piped lines', () => {
    expect(caseTsvLine({ ...gradeBook, subject: 'a\tb\nc' })).toBe(
      '00001001\tapplication-issue\tMedium\tClosed\t2021-09-16T15:12:00.000Z\tBayside School (TESTING)\ta b c',
    );
  });
});

describe('table fitting', () => {
  const cols = [{ header: 'NUMBER' }, { header: 'SUBJECT', flex: true, min: 5 }, { header: 'WHEN' }];
  it('keeps natural widths when they fit, without trailing spaces', () => {
    expect(fitTable(cols, [['00001001', 'Short', 'today']], 80)).toEqual([
      'NUMBER    SUBJECT  WHEN',
      '00001001  Short    today',
    ]);
  });
  it('shrinks the flexible column to the width and cuts it with an ellipsis', () => {
    const lines = fitTable(cols, [['00001001', 'A subject that is much too long for this', 'today']], 30);
    expect(lines).toEqual(['NUMBER    SUBJECT        WHEN', '00001001  A subject th…  today']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
  });
  it('truncates by code points', () => {
    expect(truncate('héllo wörld', 6)).toBe('héllo…');
    expect(truncate('abc', 3)).toBe('abc');
  });
});

describe('safe file names for downloads', () => {
  it.each([
    ['../../evil', 'evil'],
    ['..\\..\\windows\\evil.bat', 'windows_evil.bat'],
    ['/etc/passwd', 'etc_passwd'],
    ['..', 'attachment'],
    ['', 'attachment'],
    ['.bashrc', '_bashrc'],
    ['a/../b', 'a_b'],
    ['CON.txt', '_CON.txt'],
    ['what?:*.txt', 'what___.txt'],
    ['name. ', 'name'],
    ['bell\u0007name.txt', 'bellname.txt'],
    ['report.pdf', 'report.pdf'],
  ])('%j -> %j', (input, out) => {
    expect(safeFileName(input)).toBe(out);
  });
  it('cuts long names keeping the extension', () => {
    const s = safeFileName(`${'x'.repeat(300)}.csv`);
    expect(Buffer.byteLength(s)).toBe(200);
    expect(s.endsWith('.csv')).toBe(true);
  });
  it('numbers duplicates', () => {
    expect(uniqueFileName('report.pdf', new Set(['report.pdf', 'report (2).pdf']))).toBe('report (3).pdf');
    expect(uniqueFileName('README', new Set(['readme']))).toBe('README (2)');
  });
});

describe('case watch diff', () => {
  const open = (status: string, extra: Partial<PortalCase> = {}): PortalCase => ({
    ...gradeBook,
    number: '00001002',
    status,
    state: 'open',
    closedAt: null,
    resolution: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastModifiedAt: '2026-02-01T00:00:00.000Z',
    ...extra,
  });
  const since = '2026-01-15T00:00:00.000Z';

  it('reports new vendor comments by count when the case was known, never the user’s own', () => {
    const comments = [
      comment('c1', '2026-01-02T00:00:00.000Z', true),
      comment('c2', '2026-01-20T00:00:00.000Z', false),
      comment('c3', '2026-01-21T00:00:00.000Z', true),
    ];
    const d = diffCase({ status: 'New', comments: 1 }, since, open('New'), comments);
    expect(d.events.map((e) => (e.type === 'comment' ? e.comment.id : e.type))).toEqual(['c3']);
    // Now marked by its newest comment's time, and those in the 2 minutes before it.
    expect(d.next).toEqual({ status: 'New', commentsUntil: '2026-01-21T00:00:00.000Z', commentsAtEdge: ['c3'] });
  });

  it('with a comment mark: asks from 2 minutes before it, and reports only the comments it has not seen there', () => {
    const prev = { status: 'New', commentsUntil: '2026-01-21T00:00:00.000Z', commentsAtEdge: ['c3'] };
    expect(commentsFrom(prev)).toBe('2026-01-20T23:58:00.000Z');
    expect(commentsFrom({ status: 'New', comments: 2 })).toBeUndefined();
    // What a portal sends from then on (c3 again, c4 shown late with an earlier time, c5 new) — or the whole thread.
    const sent = [
      comment('c3', '2026-01-21T00:00:00.000Z', true),
      comment('c4', '2026-01-20T23:59:30.000Z', true),
      comment('c5', '2026-01-22T00:00:00.000Z', true),
    ];
    const whole = [comment('c1', '2026-01-02T00:00:00.000Z', true), ...sent];
    for (const comments of [sent, whole]) {
      const d = diffCase(prev, since, open('New'), comments);
      expect(d.events.map((e) => (e.type === 'comment' ? e.comment.id : e.type))).toEqual(['c4', 'c5']);
      expect(d.next).toEqual({ status: 'New', commentsUntil: '2026-01-22T00:00:00.000Z', commentsAtEdge: ['c5'] });
    }
    // Nothing new: the mark stays.
    expect(diffCase(prev, since, open('New'), [sent[0]!]).next).toEqual(prev);
  });

  it('falls back to comment times for a case known without a count', () => {
    const comments = [comment('c1', '2026-01-02T00:00:00.000Z', true), comment('c3', '2026-01-21T00:00:00.000Z', true)];
    expect(
      diffCase({ status: 'New' }, since, open('New'), comments).events.map((e) => e.type === 'comment' && e.comment.id),
    ).toEqual(['c3']);
  });

  it('reports a status change and a resolution, and forgets closed cases', () => {
    const s = diffCase({ status: 'New', comments: 0 }, since, open('In Progress'), []);
    expect(s.events).toEqual([
      {
        type: 'status',
        case: '00001002',
        subject: gradeBook.subject,
        url: gradeBook.url,
        from: 'New',
        to: 'In Progress',
        at: '2026-02-01T00:00:00.000Z',
      },
    ]);
    const r = diffCase(
      { status: 'In Progress', comments: 0 },
      since,
      open('Closed', { state: 'closed', resolution: 'Done.', closedAt: '2026-02-01T00:00:00.000Z' }),
      [],
    );
    expect(r.events).toEqual([
      {
        type: 'resolved',
        case: '00001002',
        subject: gradeBook.subject,
        url: gradeBook.url,
        from: 'In Progress',
        status: 'Closed',
        closedAt: '2026-02-01T00:00:00.000Z',
        resolution: 'Done.',
      },
    ]);
    expect(r.next).toBeUndefined();
  });

  it('treats an unknown case created before the last run as closed then (a reopening), and a later one as new', () => {
    expect(
      diffCase(undefined, since, open('In Progress'), []).events.map(
        (e) => e.type === 'status' && `${e.from}->${e.to}`,
      ),
    ).toEqual(['Closed->In Progress']);
    expect(diffCase(undefined, since, open('Closed', { state: 'closed' }), []).events).toEqual([]);
    expect(
      diffCase(undefined, since, open('New', { createdAt: '2026-01-16T00:00:00.000Z' }), []).events.map((e) => e.type),
    ).toEqual(['new-case']);
  });

  it('reads only state files it wrote, and keeps the later time', () => {
    expect(
      parseWatchState({
        version: 1,
        portalUrl: 'u',
        since: null,
        updatedAt: 'x',
        cases: { '00000001': { status: 'New', comments: 2 } },
      })?.cases,
    ).toEqual({ '00000001': { status: 'New', comments: 2 } });
    expect(parseWatchState({ version: 2, portalUrl: 'u', since: null, cases: {} })).toBeUndefined();
    expect(parseWatchState({ version: 1, portalUrl: 'u', since: null, cases: { a: { status: 1 } } })).toBeUndefined();
    expect(parseWatchState('junk')).toBeUndefined();
    expect(laterTime(null, 'b')).toBe('b');
    expect(laterTime('2026-02-01', '2026-01-01')).toBe('2026-02-01');
  });

  it('renders events for a cron mail', () => {
    const d = diffCase({ status: 'New', comments: 0 }, since, open('In Progress'), [
      comment('c9', '2026-01-21T18:00:00.000Z', true, 'Please send a screenshot.'),
    ]);
    expect(d.events.map((e) => renderWatchEvent(e, { timeZone: TZ })).join('')).toBe(
      'Case 00001002 "Teachers unable to post grades": new comment from Infinite Campus Support at 01/21/2026 - 12:00 PM CST:\n  Please send a screenshot.\n' +
        'Case 00001002 "Teachers unable to post grades": status New -> In Progress\n',
    );
  });
});
