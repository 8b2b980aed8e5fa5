/**
 * The sandbox's starting data, from the vendor's Support Portal guide: the Bayside School (TESTING)
 * district and its contacts, the guide's model case ("Teachers unable to post grades") as its Case
 * Details page shows it (just submitted), the DigiCert incident of July 30, 2024 as its Open
 * Notifications page shows it (open, status Resolved), and an open maintenance window posted about
 * two weeks ahead. Closed examples come in addition: an older case closed in 2021 (number 1000).
 */
import type { Role, Store } from './store.js';
import { hashPassword, newId } from './secrets.js';

/** The demo sign-in, printed at start and documented in the README. Fixed so it can be documented. */
export const DEMO_EMAIL = 'zack.morris@bayside.example';
export const DEMO_PASSWORD = 'Bayside-Tigers-1989';

export const DISTRICTS = [
  { id: 'dst_bayside', name: 'Bayside School (TESTING)' },
  { id: 'dst_valley', name: 'Valley High School (TESTING)' },
] as const;

export const VENDOR = { id: 'ctc_vendor', name: 'Infinite Campus Support', email: 'support@infinitecampus.example' };

/**
 * The support line the sandbox publishes (GET /api/v1/case-process): a 555 number, reserved for
 * fiction, so a rehearsal never dials anyone. The CLI has no number of its own.
 */
export const SUPPORT_PHONE = '+1 555-0100 (sandbox)';

export interface SeedContact {
  id: string;
  name: string;
  email: string;
  role: Role;
  districts: string[];
  activated: boolean;
}

/**
 * Every seeded contact has DEMO_PASSWORD. One not yet activated (as a district creates it, with a
 * first password) is told so only when that password is right, and signs in once activated.
 */
export const CONTACTS: SeedContact[] = [
  {
    id: 'ctc_zack',
    name: 'Zack Morris (TESTING)',
    email: DEMO_EMAIL,
    role: 'Authorized',
    districts: ['dst_bayside', 'dst_valley'],
    activated: true,
  },
  {
    id: 'ctc_screech',
    name: 'Screech Powers (TESTING)',
    email: 'screech.powers@bayside.example',
    role: 'Technical',
    districts: ['dst_bayside'],
    activated: true,
  },
  {
    id: 'ctc_lisa',
    name: 'Lisa Turtle (TESTING)',
    email: 'lisa.turtle@bayside.example',
    role: 'Read Only',
    districts: ['dst_bayside'],
    activated: true,
  },
  {
    id: 'ctc_kelly',
    name: 'Kelly Kapowski (TESTING)',
    email: 'kelly.kapowski@bayside.example',
    role: 'Authorized',
    districts: ['dst_bayside'],
    activated: false,
  },
  {
    id: 'ctc_tori',
    name: 'Tori Scott (TESTING)',
    email: 'tori.scott@valley.example',
    role: 'Authorized',
    districts: ['dst_valley'],
    activated: true,
  },
];

/**
 * The district assigned to each seeded contact: the first they are a contact of. Contacts added
 * later through the admin API have one only when they belong to a single district.
 */
export const HOME_DISTRICT: Readonly<Record<string, string>> = Object.fromEntries(
  CONTACTS.map((c) => [c.id, c.districts[0]!]),
);

/**
 * What each contact type may do in the sandbox. The guide lists the types (Authorized, Technical,
 * Read Only) and the vendor recommends an "Authorized Technical Contact" per district: Technical
 * contacts file cases too; Read Only contacts only read.
 */
export const ROLE_PERMISSIONS: Readonly<Record<string, { submit: boolean; comment: boolean; attach: boolean }>> = {
  Authorized: { submit: true, comment: true, attach: true },
  Technical: { submit: true, comment: true, attach: true },
  'Read Only': { submit: false, comment: false, attach: false },
};

/**
 * The guide's "Case Example", as its Case Details page shows it: just submitted by Zack Morris
 * (Last Modified equal to Created, by him), no resolution yet. The guide's page shows no status;
 * a case just submitted is New.
 */
export const GRADE_BOOK_CASE = {
  number: 1001,
  caseType: 'application-issue',
  status: 'New',
  fields: {
    priority: 'Medium',
    type: 'Campus Application',
    module: 'Grade Book',
    subject: 'Teachers unable to post grades',
    description:
      'None of the English Literature teachers at 21-22 Campus High School are able to post grades. When they try to click the Post button in their grade books, it is greyed out and inactive. This is only happening for teachers who teach this course.\n\nExample: Anne Shirley, English Lit 1100-1, Quarter 1, Quarter grading task',
    stepsToReproduce:
      '1. Log in as teacher Anne Shirley\n2. In Campus Learning, go to Grade Book for 1100-1\n3. Select Q1, Quarter grade task\n4. Click Post. Note that it is greyed out and cannot be pushed.',
    environmentChanges: 'None',
    whoIsImpacted: 'English Lit 1100 teachers',
    issueBegan: '2021-09-07',
    expectedResults: 'Post button to be active',
  },
  // 09/15/2021 01:44 PM CDT, both Created and Last Modified on the guide's page.
  createdAt: '2021-09-15T18:44:00.000Z',
};

/**
 * A closed example beside the model case, older than it (number 1000): closed on 09/10/2021 with a
 * resolution and the conversation that led to it, so a closed case and its long-ended 60-day reopen
 * window can be shown and tried.
 */
export const CLOSED_2021_CASE = {
  number: 1000,
  caseType: 'application-issue',
  fields: {
    priority: 'Low',
    type: 'Campus Application',
    module: 'Attendance',
    subject: 'Attendance letters print last school year',
    description:
      "Since the year-end rollover, the attendance letters printed at every school show the 20-21 school year and last year's absences instead of 21-22.\n\nExample: the truancy letter for a student of 21-22 Bayside High, printed 09/07/2021",
    stepsToReproduce:
      '1. Log in as an attendance clerk\n2. Go to Attendance > Attendance Letters\n3. Choose the Truancy letter and 21-22 Bayside High\n4. Click Generate Report. The letter shows the 20-21 school year.',
    environmentChanges: 'Year-end rollover to 21-22 on 08/20/2021',
    whoIsImpacted: 'Attendance clerks at all schools',
    issueBegan: '2021-09-01',
    expectedResults: 'Letters show the 21-22 school year and its absences',
  },
  // 09/08/2021 09:20 AM CDT; closed 09/10/2021 11:05 AM CDT.
  createdAt: '2021-09-08T14:20:00.000Z',
  closedAt: '2021-09-10T16:05:00.000Z',
  resolution:
    'The Truancy letter template still pointed at the 20-21 calendar after the year-end rollover. The template was set to use the active calendar; the clerk confirmed that letters print the 21-22 school year again.',
  comments: [
    {
      id: 'cmt_letters_1',
      body: 'Thank you for the example. We reproduced the 20-21 year on the Truancy letter and are reviewing the letter templates after the rollover.',
      vendor: true,
      createdAt: '2021-09-09T15:30:00.000Z', // 09/09/2021 10:30 AM CDT
    },
    {
      id: 'cmt_letters_2',
      body: 'Confirmed with our attendance clerk: the letters print 21-22 again. Thanks!',
      vendor: false,
      createdAt: '2021-09-10T15:48:00.000Z', // 09/10/2021 10:48 AM CDT
    },
  ],
};

/**
 * The DigiCert incident, reconstructed from the guide's screenshot: under Open Notifications, with
 * status Resolved (the vendor has not closed it yet). Times in CDT (UTC-5).
 */
export const DIGICERT = {
  title: 'DigiCert Incident',
  status: 'Resolved',
  state: 'open' as const,
  startsAt: '2024-07-30T18:27:00.000Z', // Jul 30, 2024 01:27 PM CDT
  endsAt: '2024-07-30T19:25:00.000Z', //   Jul 30, 2024 02:25 PM CDT
  updates: [
    {
      postedAt: '2024-07-30T18:27:00.000Z',
      body: [
        'This morning, Infinite Campus received notification of an incident from our vendor DigiCert, which handles our digital certificates for TLS/SSL. DigiCert has an error which requires all of our impacted certificates to be reissued and reinstalled by 2:30 PM CDT today before they are revoked. There are no concerns regarding security.',
        'Our team has been diligently working through the process of requesting new certificates, getting them validated, and installed for each of our domains and subdomains, which includes customer sites and services like Campus Digital Repository and Mobile Notifications.',
        'Our priority focus is keeping customer sites and systems from being impacted by this incident. However, the deadline we were given is incredibly short and cannot be extended. It is possible you may see disruptions as services are restarted.',
        'Should any certificates not be installed by 2:30 PM, systems on that domain will be impacted.',
        'We will update here and Campus Community once more information is available.',
      ].join('\n\n'),
    },
    {
      postedAt: '2024-07-30T19:15:00.000Z',
      body: [
        '2:15 PM UPDATE: All customer domains have been updated and we believe sites should not be impacted by this issue. Mobile Portal notifications for Campus Parent and Campus Student will function properly.',
        'We continue to work on internal sites and systems. Should you experience any issues, please submit a support case so that we can follow up and resolve it. We appreciate your patience and understanding as we work through this issue.',
      ].join('\n\n'),
    },
  ],
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Seeds a fresh database. `now` is the sandbox clock; relative items (maintenance, open cases) use it. */
export async function seed(store: Store, now: Date, password = DEMO_PASSWORD): Promise<void> {
  const hash = await hashPassword(password);
  const t = now.getTime();
  store.tx(() => {
    for (const d of DISTRICTS) store.addDistrict(d);
    store.addContact(
      {
        id: VENDOR.id,
        name: VENDOR.name,
        email: VENDOR.email,
        role: 'Vendor' as Role,
        password_hash: null,
        activated: 1,
      },
      [],
    );
    for (const c of CONTACTS) {
      store.addContact(
        { id: c.id, name: c.name, email: c.email, role: c.role, password_hash: hash, activated: c.activated ? 1 : 0 },
        c.districts,
      );
    }

    // The closed example first: it is the older case, and AUTOINCREMENT numbers the rest after the model case.
    const cl = CLOSED_2021_CASE;
    const clId = 'cas_attendance_letters';
    store.insertCase({
      id: clId,
      number: cl.number,
      districtId: 'dst_bayside',
      contactId: 'ctc_zack',
      caseType: cl.caseType,
      status: 'Closed',
      priority: cl.fields.priority,
      subject: cl.fields.subject,
      fields: { account: 'Bayside School (TESTING)', contact: 'Zack Morris (TESTING)', ...cl.fields },
      resolution: cl.resolution,
      createdAt: cl.createdAt,
      createdBy: 'ctc_zack',
      modifiedAt: cl.closedAt,
      modifiedBy: VENDOR.id,
      closedAt: cl.closedAt,
    });
    for (const c of cl.comments) {
      store.addComment({
        id: c.id,
        caseId: clId,
        body: c.body,
        authorId: c.vendor ? VENDOR.id : 'ctc_zack',
        fromVendor: c.vendor,
        createdAt: c.createdAt,
      });
    }

    // The guide's model case, as its Case Details page shows it: just submitted, nothing since.
    const gb = GRADE_BOOK_CASE;
    store.insertCase({
      id: 'cas_gradebook',
      number: gb.number,
      districtId: 'dst_bayside',
      contactId: 'ctc_zack',
      caseType: gb.caseType,
      status: gb.status,
      priority: gb.fields.priority,
      subject: gb.fields.subject,
      fields: { account: 'Bayside School (TESTING)', contact: 'Zack Morris (TESTING)', ...gb.fields },
      resolution: null,
      createdAt: gb.createdAt,
      createdBy: 'ctc_zack',
      modifiedAt: gb.createdAt,
      modifiedBy: 'ctc_zack',
    });

    // Open cases, so a first `case list` shows something: one per district.
    store.insertCase({
      id: 'cas_attendance_report',
      districtId: 'dst_bayside',
      contactId: 'ctc_zack',
      caseType: 'ask-a-question',
      status: 'In Progress',
      priority: 'Low',
      subject: 'Where is the attendance summary report for the whole school year?',
      fields: {
        account: 'Bayside School (TESTING)',
        contact: 'Zack Morris (TESTING)',
        priority: 'Low',
        module: 'Attendance',
        locationWithinProduct: 'Attendance > Reports',
        subject: 'Where is the attendance summary report for the whole school year?',
        description:
          'Our attendance clerk needs a year-to-date summary per student for the state audit. Which report gives totals for the whole school year, and which filters should she use?',
      },
      createdAt: iso(t - 3 * DAY),
      createdBy: 'ctc_zack',
      modifiedAt: iso(t - 2 * DAY),
      modifiedBy: VENDOR.id,
    });
    store.addComment({
      id: 'cmt_attendance_1',
      caseId: 'cas_attendance_report',
      body: 'The Attendance Register report (Attendance > Reports > Attendance Register) gives year-to-date totals. Could you tell us which calendar the clerk is using?',
      authorId: VENDOR.id,
      fromVendor: true,
      createdAt: iso(t - 2 * DAY),
    });
    store.insertCase({
      id: 'cas_valley_messenger',
      districtId: 'dst_valley',
      contactId: 'ctc_tori',
      caseType: 'server-issue',
      status: 'New',
      priority: 'High',
      subject: 'Messenger emails delayed by several hours',
      fields: {
        account: 'Valley High School (TESTING)',
        contact: 'Tori Scott (TESTING)',
        priority: 'High',
        module: 'Messenger',
        subject: 'Messenger emails delayed by several hours',
        description:
          'Since yesterday morning, attendance messages sent with Messenger reach parents three to four hours late. Messages queued after 8 AM are affected; SMS is on time.',
        issueBegan: iso(t - DAY).slice(0, 10),
      },
      createdAt: iso(t - 6 * HOUR),
      createdBy: 'ctc_tori',
    });

    // Notifications: the guide's DigiCert incident (open, status Resolved) and an open maintenance window.
    const dc = DIGICERT;
    store.addNotification({
      id: 'ntf_digicert',
      kind: 'incident',
      title: dc.title,
      status: dc.status,
      state: dc.state,
      starts_at: dc.startsAt,
      ends_at: dc.endsAt,
      posted_at: dc.startsAt,
    });
    dc.updates.forEach((u, i) =>
      store.addUpdate({
        id: `upd_digicert_${i + 1}`,
        notification_id: 'ntf_digicert',
        posted_at: u.postedAt,
        body: u.body,
      }),
    );

    const posted = Math.floor((t - DAY) / HOUR) * HOUR;
    const day = new Date(posted + 14 * DAY);
    // 11 PM to 3 AM Central (04:00–08:00 UTC), fourteen days after it was posted.
    const start = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 4);
    store.addNotification({
      id: 'ntf_maintenance',
      kind: 'maintenance',
      title: 'Scheduled Maintenance: Campus hosting infrastructure',
      status: 'Scheduled',
      state: 'open',
      starts_at: iso(start),
      ends_at: iso(start + 4 * HOUR),
      posted_at: iso(posted),
    });
    store.addUpdate({
      id: 'upd_maintenance_1',
      notification_id: 'ntf_maintenance',
      posted_at: iso(posted),
      body: 'Infinite Campus will perform scheduled maintenance on its hosting infrastructure. Campus, Campus Parent and Campus Student may be unavailable for up to 15 minutes during the window. No action is needed from districts.',
    });
    store.setMeta('seededAt', now.toISOString());
  });
}

const BULK_MODULES = ['Attendance', 'Grade Book', 'Scheduling', 'Census', 'Reports', 'Health', 'Fees', 'Behavior'];

/**
 * Adds bulk cases until the database holds at least `total` of them (for listing benchmarks):
 * alternating districts, mostly closed, last modified spread over the past year.
 */
export function seedBulk(store: Store, total: number, now: Date): number {
  const have = Number(store.getMeta('bulkCases') ?? '0');
  if (total <= have) return 0;
  const t = now.getTime();
  store.tx(() => {
    for (let i = have; i < total; i++) {
      const district = DISTRICTS[i % 2]!;
      const module = BULK_MODULES[i % BULK_MODULES.length]!;
      const created = t - 400 * DAY + Math.floor((i * 397 * DAY) / Math.max(total, 1));
      const open = i % 10 === 0;
      const subject = `Bulk case ${i + 1}: ${module} question`;
      store.insertCase({
        id: newId('cas'),
        districtId: district.id,
        contactId: 'ctc_zack',
        caseType: 'ask-a-question',
        status: open ? 'New' : 'Closed',
        priority: 'Low',
        subject,
        fields: {
          account: district.name,
          contact: 'Zack Morris (TESTING)',
          priority: 'Low',
          module,
          subject,
          description: `Seeded case ${i + 1} for listing benchmarks (${module}).`,
        },
        resolution: open ? null : 'Answered.',
        createdAt: iso(created),
        createdBy: 'ctc_zack',
        modifiedAt: iso(created + HOUR),
        modifiedBy: 'ctc_zack',
        closedAt: open ? null : iso(created + HOUR),
      });
    }
    store.setMeta('bulkCases', String(total));
  });
  return total - have;
}
