/** Cases for the domain's unit tests: a fixed "today" and a minimal valid case of each type. */
import { validateCase, type ValidationResult } from '../../src/domain/validation.js';
import type { PortalCase } from '../../src/portal/schemas.js';

export const TODAY = '2026-11-28';
export const validate = (input: unknown): ValidationResult => validateCase(input, { today: TODAY });

/** A minimal valid case of each type (as of TODAY). */
export const VALID: Record<string, Record<string, unknown>> = {
  'application-issue': {
    caseType: 'application-issue',
    type: 'Campus Application',
    module: 'Grade Book',
    subject: 'Teachers unable to post grades',
    description: 'Post is greyed out.',
  },
  'ask-a-question': {
    caseType: 'ask-a-question',
    module: 'Attendance',
    subject: 'Snow day setup',
    description: 'What is the best way to set up a snow day?',
  },
  'report-an-outage': {
    caseType: 'report-an-outage',
    subject: 'Campus is down',
    description: 'Users are unable to access Infinite Campus.',
  },
  'request-training': {
    caseType: 'request-training',
    requestType: 'Scheduling',
    preferredTrainingDates: ['2026-12-01'],
    subject: 'Scheduling training',
    description: 'For counselors.',
  },
  'data-restore': {
    caseType: 'data-restore',
    module: 'Census',
    approximateDateOfLoss: '2026-11-20',
    reasonForRestore: 'Enrollment deleted by mistake.',
    writtenPermission: true,
    subject: 'Restore deleted enrollment',
    description: 'Enrollment of one student was deleted.',
  },
  'server-issue': {
    caseType: 'server-issue',
    module: 'Reports',
    subject: 'Reporting server errors',
    description: 'Reports time out.',
  },
  'server-access': {
    caseType: 'server-access',
    requestType: 'Server',
    subject: 'Server access',
    description: 'Access for the new admin.',
  },
  'modify-support-contacts': {
    caseType: 'modify-support-contacts',
    requestType: 'Add',
    contactFirstName: 'Jane',
    contactLastName: 'Doe',
    contactEmail: 'jane.doe@district.k12.us',
    contactPrimaryPhone: '555-123-4567',
    contactType: 'Technical',
    areaOfResponsibility: ['SIS', 'Finance'],
    subject: 'Add a contact',
    description: 'After the purchase of a Premium Suite.',
  },
  'request-consulting': {
    caseType: 'request-consulting',
    preferredConsultDate: '2026-12-10',
    subject: 'Grading consultation',
    description: 'Standards-based grading.',
  },
  'request-technical-services': {
    caseType: 'request-technical-services',
    type: 'Custom Report, Report Card, or Transcript',
    module: 'Reports',
    subject: 'Custom transcript',
    description: 'A new transcript layout.',
  },
};

/** The guide's contact and the vendor, as the portal names them on a case. */
export const zack = { id: 'ctc_zack', name: 'Zack Morris (TESTING)' };
export const vendor = { id: 'ctc_vendor', name: 'Infinite Campus Support' };

/** A case as the portal answers it: open, In Progress, filed by Zack, last touched by the vendor; override what a test needs. */
export function portalCase(over: Partial<PortalCase> = {}): PortalCase {
  return {
    number: '00001002',
    caseType: 'application-issue',
    status: 'In Progress',
    state: 'open',
    priority: 'Medium',
    subject: 'Attendance summary',
    account: { id: 'dst_bayside', name: 'Bayside School (TESTING)' },
    lastModifiedAt: '2026-11-30T15:00:00.000Z',
    id: 'cas_1',
    contact: zack,
    fields: {},
    resolution: null,
    createdAt: '2026-11-20T15:00:00.000Z',
    createdBy: zack,
    lastModifiedBy: vendor,
    closedAt: null,
    url: 'https://portal.example/customers/cases/00001002',
    ...over,
  };
}
