/**
 * validateCase: every problem reported at once, by field, in the catalog's words; defaults and date
 * normalization; input that is not a case at all; and a property: it never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allFieldKeys, catalog } from '../../src/domain/catalog/index.js';
import type { ValidationResult } from '../../src/domain/validation.js';
import type { FieldIssue } from '../../src/errors.js';
import { VALID, validate, TODAY } from '../helpers/cases.js';
import { validateCase } from '../../src/domain/validation.js';
import { mergeCatalog } from '../../src/domain/catalog/merge.js';
import { checkEmail } from '../../src/domain/email.js';

/** A portal whose lists, fields and lengths are the bundled ones: online, the portal's list and limits are the truth. */
const online = mergeCatalog(catalog, {
  catalog: { catalogVersion: 'p1', types: catalog.types, limits: catalog.limits },
  picklists: { module: catalog.types[0]!.fields.find((f) => f.key === 'module')!.choices },
  source: { kind: 'portal', portalUrl: 'https://portal.example', version: 'p1' },
});
const validateOnline = (input: unknown): ValidationResult => validateCase(input, { today: TODAY, catalog: online });

const ISSUE = {
  caseType: 'application-issue',
  type: 'Campus Application',
  module: 'Grade Book',
  subject: 'Teachers unable to post grades',
  description: 'None of the English Literature teachers are able to post grades.',
};

const CONTACTS = VALID['modify-support-contacts']!;

const RESTORE = {
  caseType: 'data-restore',
  module: 'Census',
  approximateDateOfLoss: '2026-11-20',
  reasonForRestore: 'Deleted by mistake.',
  writtenPermission: true,
  subject: 'Restore deleted enrollment',
  description: 'One enrollment was deleted.',
};

function issues(r: ValidationResult): FieldIssue[] {
  if (r.ok) throw new Error(`expected the case to be rejected; it was accepted: ${JSON.stringify(r.value)}`);
  return r.issues;
}

function accepted(r: ValidationResult) {
  if (!r.ok) throw new Error(`expected the case to be accepted; issues: ${JSON.stringify(r.issues)}`);
  return r.value;
}

/** The label of the field an issue blames (`areaOfResponsibility[1]` -> Area of Responsibility). */
function labelOf(typeId: string, path: string): string {
  const key = path.replace(/\[\d+\]$/, '');
  const f = catalog.types.find((t) => t.id === typeId)?.fields.find((x) => x.key === key);
  if (!f) throw new Error(`no field ${key} on ${typeId}`);
  return f.label;
}

describe('every problem at once, by field', () => {
  it('a case with three different mistakes reports exactly those three', () => {
    const list = issues(validateOnline({ ...ISSUE, module: 'Gradebook', subject: 'S'.repeat(121), whoIsImpacted: 5 }));
    expect(list.map((i) => i.field).sort()).toEqual(['module', 'subject', 'whoIsImpacted']);
    const by = Object.fromEntries(list.map((i) => [i.field, i.message]));
    expect(by.module).toMatch(
      /^Module must be one of: Attendance, .*, Not Applicable \(not "Gradebook"; did you mean "Grade Book"\?\)$/,
    );
    expect(by.subject).toBe("Subject is 121 characters; shorten it to 120 or fewer (this portal's limit)");
    expect(by.whoIsImpacted).toBe('Who is impacted? must be text, not number 5');
  });

  it('a field mistake and a rule violation are both reported', () => {
    const list = issues(
      validateOnline({ ...ISSUE, priority: 'Critical', issueBegan: '2026-12-25', module: 'Gradebook' }),
    );
    expect(list.map((i) => i.field).sort()).toEqual(['issueBegan', 'module', 'priority']);
  });

  it("every issue names the field's label, whatever the kind of mistake", () => {
    const list = issues(
      validateOnline({
        ...CONTACTS,
        requestType: 'Remove', // choice
        contactFirstName: '', // empty text
        contactLastName: 5, // wrong type
        contactEmail: 'x', // email
        contactTitle: 'T'.repeat(129), // too long
        contactPrimaryPhone: 'call me', // phone
        contactType: undefined, // required
        areaOfResponsibility: ['SIS', 'Payroll'], // multichoice item
        description: 'line one\u0000', // control character
      }),
    );
    expect(new Set(list.map((i) => i.field))).toEqual(
      new Set([
        'requestType',
        'contactFirstName',
        'contactLastName',
        'contactEmail',
        'contactTitle',
        'contactPrimaryPhone',
        'contactType',
        'areaOfResponsibility[1]',
        'description',
      ]),
    );
    for (const i of list) expect(i.message, i.field).toContain(labelOf('modify-support-contacts', i.field));
  });

  it('date, dates and acknowledgement mistakes name the label too', () => {
    const training = issues(
      validate({
        caseType: 'request-training',
        requestType: 'Census',
        preferredTrainingDates: ['2026-02-30'],
        subject: 's',
        description: 'd',
      }),
    );
    expect(training).toEqual([
      {
        field: 'preferredTrainingDates[0]',
        message: 'Each Preferred Training Date: "2026-02-30" is not a real calendar date',
      },
    ]);
    expect(issues(validate({ ...RESTORE, approximateDateOfLoss: '2026-11-31' }))).toEqual([
      { field: 'approximateDateOfLoss', message: 'Approximate Date of Loss: "2026-11-31" is not a real calendar date' },
    ]);
    // Server (not SQL Server) access: no rule reads the acknowledgement, so only its own check speaks.
    const access = issues(
      validate({
        caseType: 'server-access',
        requestType: 'Server',
        schemaBootcampCompleted: 'yes',
        subject: 's',
        description: 'd',
      }),
    );
    expect(access).toEqual([
      { field: 'schemaBootcampCompleted', message: 'Schema Bootcamp Completed must be true or false, not "yes"' },
    ]);
  });

  it('a missing required field says it is required and how to give it', () => {
    const { subject: _s, ...noSubject } = ISSUE;
    expect(issues(validate(noSubject))).toEqual([
      { field: 'subject', message: 'Subject is required (flag --subject, case-file key subject)' },
    ]);
  });
});

describe('one message per problem', () => {
  // A value that fails its field's own check should be reported once, not once per check.
  it('a malformed date is reported once', () => {
    const list = issues(validate({ ...ISSUE, issueBegan: 'yesterday' }));
    expect(list).toEqual([
      { field: 'issueBegan', message: 'Issue Began must be a date as MM/DD/YYYY (or YYYY-MM-DD), not "yesterday"' },
    ]);
  });

  it('a malformed phone number is reported once', () => {
    const list = issues(validate({ ...CONTACTS, contactPrimaryPhone: '12345' }));
    expect(list.map((i) => i.field)).toEqual(['contactPrimaryPhone']);
  });

  // rules.ts: "fields that failed their own validation are already reported and are skipped here".
  it('a non-boolean acknowledgement is reported once (the rule skips a field that already failed)', () => {
    const list = issues(validate({ ...RESTORE, writtenPermission: 'yes' }));
    expect(list).toEqual([
      { field: 'writtenPermission', message: 'Written Permission must be true or false, not "yes"' },
    ]);
  });

  it('a blank replacement name on a Replace request is reported once', () => {
    const list = issues(validate({ ...CONTACTS, requestType: 'Replace', contactReplacementName: '   ' }));
    expect(list.map((i) => i.field)).toEqual(['contactReplacementName']);
  });
});

describe('unknown keys and case types', () => {
  it('an unknown key gets "did you mean"', () => {
    expect(issues(validate({ ...ISSUE, stepsToReproduse: '1. Log in' }))).toEqual([
      {
        field: 'stepsToReproduse',
        message:
          'not a field of Application Issue; did you mean stepsToReproduce? (see: ic-support case fields application-issue)',
      },
    ]);
  });

  it('a key of another case type is not a field of this one', () => {
    const list = issues(validate({ caseType: 'report-an-outage', subject: 's', description: 'd', module: 'Census' }));
    expect(list).toHaveLength(1);
    expect(list[0]!.field).toBe('module');
    expect(list[0]!.message).toMatch(/^not a field of Report an Outage/);
  });

  it('`type` used for the case type is caught on a type without a Type field', () => {
    const list = issues(validate({ caseType: 'report-an-outage', subject: 's', description: 'd', typ: 'x' }));
    expect(list.map((i) => i.field)).toEqual(['typ']);
  });

  it('an unknown case type gets a suggestion and the list of types', () => {
    const list = issues(validate({ ...ISSUE, caseType: 'data-restor' }));
    expect(list).toHaveLength(1);
    expect(list[0]!.field).toBe('caseType');
    expect(list[0]!.message).toMatch(
      /^unknown case type "data-restor"; did you mean data-restore\? \(one of application-issue, ask-a-question, .*request-technical-services\)$/,
    );
  });

  it('a case type given by its label is pointed at its id', () => {
    expect(issues(validate({ ...ISSUE, caseType: 'Data Restore' }))[0]!.message).toContain(
      'did you mean data-restore?',
    );
  });

  it('a missing case type is required', () => {
    const { caseType: _c, ...noType } = ISSUE;
    const list = issues(validate(noType));
    expect(list).toHaveLength(1);
    expect(list[0]!.field).toBe('caseType');
    expect(list[0]!.message).toMatch(/^the case type is required: one of application-issue, /);
  });

  it('a case type that is not text gets no suggestion', () => {
    const list = issues(validate({ ...ISSUE, caseType: 42 }));
    expect(list.map((i) => i.field)).toEqual(['caseType']);
    expect(list[0]!.message).toMatch(/^unknown case type number 42 \(one of /);
  });
});

describe('defaults and normalization', () => {
  it('priority defaults to Medium; a given priority is kept', () => {
    expect(accepted(validate(ISSUE)).fields.priority).toBe('Medium');
    expect(accepted(validate({ ...ISSUE, priority: 'Low' })).fields.priority).toBe('Low');
  });

  it('the valid case keeps only the fields given (plus defaults), apart from the envelope', () => {
    const v = accepted(validate({ ...ISSUE, attachments: ['screenshot.png'] }));
    expect(v).toEqual({
      caseType: 'application-issue',
      fields: {
        priority: 'Medium',
        type: 'Campus Application',
        module: 'Grade Book',
        subject: ISSUE.subject,
        description: ISSUE.description,
      },
      attachments: ['screenshot.png'],
    });
    expect(accepted(validate(ISSUE)).attachments).toEqual([]);
  });

  it('text is trimmed', () => {
    expect(accepted(validate({ ...ISSUE, subject: '  Grades  \n' })).fields.subject).toBe('Grades');
  });

  it('US dates are normalized to ISO', () => {
    expect(accepted(validate({ ...ISSUE, issueBegan: '09/07/2021' })).fields.issueBegan).toBe('2021-09-07');
    expect(accepted(validate({ ...ISSUE, issueBegan: '9/7/2021' })).fields.issueBegan).toBe('2021-09-07');
    const training = accepted(
      validate({
        caseType: 'request-training',
        requestType: 'Census',
        preferredTrainingDates: ['12/1/2026', '2026-12-02'],
        subject: 's',
        description: 'd',
      }),
    );
    expect(training.fields.preferredTrainingDates).toEqual(['2026-12-01', '2026-12-02']);
  });

  it('impossible calendar dates are rejected in either form', () => {
    expect(issues(validate({ ...ISSUE, issueBegan: '02/30/2021' }))).toEqual([
      { field: 'issueBegan', message: 'Issue Began: "02/30/2021" is not a real calendar date' },
    ]);
    expect(issues(validate({ ...ISSUE, issueBegan: '2021-13-01' }))).toEqual([
      { field: 'issueBegan', message: 'Issue Began: "2021-13-01" is not a real calendar date' },
    ]);
  });
});

describe('input that is not a case', () => {
  it.each([
    [null, 'null'],
    [[], 'a list'],
    ['caseType: application-issue', '"caseType: application-issue"'],
    [3, 'number 3'],
    [true, 'boolean true'],
    [undefined, 'undefined undefined'],
  ])('%j is rejected as a whole', (input, described) => {
    expect(validate(input)).toEqual({
      ok: false,
      issues: [{ field: '(case)', message: `a case must be a mapping of field: value, not ${described}` }],
      warnings: [],
    });
  });
});

describe('control characters', () => {
  it.each(['\u0000', '\u0007', '\u001B', '\u007F'])('%j inside a text field is rejected', (c) => {
    expect(issues(validate({ ...ISSUE, subject: `Grades${c}post` }))).toEqual([
      { field: 'subject', message: 'Subject contains control characters (binary data?); use plain text' },
    ]);
    expect(issues(validate({ ...ISSUE, description: `line${c}` })).map((i) => i.field)).toEqual(['description']);
  });

  it('tabs and newlines in long text are fine', () => {
    const d = 'Step 1\tLog in\r\nStep 2\tOpen Grade Book\n';
    expect(accepted(validate({ ...ISSUE, stepsToReproduce: d })).fields.stepsToReproduce).toBe(d.trim());
  });
});

describe('property: validateCase never throws', () => {
  const typeIds = catalog.types.map((t) => t.id);
  const keys = [...allFieldKeys(), 'caseType', 'attachments'];

  function check(input: unknown): void {
    let r: ValidationResult;
    try {
      r = validate(input);
    } catch (e) {
      throw new Error(`validateCase threw on ${JSON.stringify(input)}: ${String(e)}`);
    }
    if (r.ok) {
      expect(typeIds).toContain(r.value.caseType);
      expect(Array.isArray(r.value.attachments)).toBe(true);
    } else {
      expect(r.issues.length).toBeGreaterThan(0);
      for (const i of r.issues) {
        expect(Object.keys(i).sort()).toEqual(['field', 'message']);
        expect(typeof i.field).toBe('string');
        expect(typeof i.message).toBe('string');
        expect(i.field.length).toBeGreaterThan(0);
        expect(i.message.length).toBeGreaterThan(0);
      }
    }
  }

  it('for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => check(v)),
      { numRuns: 500 },
    );
  });

  it('for JSON objects shaped like case files (known case types and field keys, arbitrary values)', () => {
    const draft = fc
      .tuple(
        fc.constantFrom(...typeIds),
        fc.dictionary(
          fc.constantFrom(...keys),
          fc.oneof(
            fc.jsonValue(),
            fc.string(),
            fc.array(fc.string()),
            fc.boolean(),
            fc.constantFrom('2026-12-01', '12/1/2026', 'Critical', 'SQL Server', 'Replace'),
          ),
        ),
      )
      .map(([caseType, rest]) => ({ caseType, ...rest }));
    fc.assert(
      fc.property(draft, (v) => check(v)),
      { numRuns: 500 },
    );
  });
});

describe('lists the guide leaves to the portal', () => {
  it('offline (bundled lists) a value outside the list is a warning, never a block', () => {
    const r = validate({ ...ISSUE, module: 'Calendar' });
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([
      {
        field: 'module',
        code: 'not-in-list',
        source: 'bundled',
        message: expect.stringMatching(
          /^Module "Calendar" is not in the bundled list; the portal will check/,
        ) as unknown as string,
      },
    ]);
  });

  it("online the portal's list is the truth: a value only it offers passes, one it lacks is refused", () => {
    const portal = mergeCatalog(catalog, {
      picklists: { module: ['Calendar', 'Ed-Fi', 'Grade Book'] },
      source: { kind: 'portal', version: 'p2' },
    });
    const ok = validateCase({ ...ISSUE, module: 'Calendar' }, { today: TODAY, catalog: portal });
    expect(ok).toMatchObject({ ok: true, warnings: [] });
    expect(issues(validateCase({ ...ISSUE, module: 'Attendance' }, { today: TODAY, catalog: portal }))).toEqual([
      { field: 'module', message: 'Module must be one of: Calendar, Ed-Fi, Grade Book (not "Attendance")' },
    ]);
  });

  it('the lists the guide fixes stay fixed offline: Priority, Contact Type, Area of Responsibility', () => {
    const r = issues(
      validate({ ...CONTACTS, priority: 'Urgent', contactType: 'Admin', areaOfResponsibility: ['Payroll'] }),
    );
    expect(r.map((i) => i.field).sort()).toEqual(['areaOfResponsibility[0]', 'contactType', 'priority']);
  });

  it('a rule the client does not know is skipped (the portal enforces it)', () => {
    const t = catalog.types.find((x) => x.id === 'application-issue')!;
    const newer = {
      ...catalog,
      types: [
        {
          ...t,
          rules: [...t.rules, { id: 'future-rule', check: 'somethingNew', params: { field: 'module' }, message: 'm' }],
        },
      ],
    };
    expect(validateCase(ISSUE, { today: TODAY, catalog: newer }).ok).toBe(true);
  });
});

describe('one rule for an email address', () => {
  // Addresses the sign-in's --email and a case's email fields used to judge differently included.
  const ADDRESSES = ['you@district.org', 'a.b@c.d.e', 'a@b.c.', 'a@.b.c', 'a@b..c', 'a@b', 'a b@c.d', 'x', '@b.c'];

  it("a case's email field and --email of signing in accept the same addresses", () => {
    for (const address of ADDRESSES) {
      const r = validateOnline({ ...CONTACTS, contactEmail: address });
      const inCase = r.ok || !r.issues.some((i) => i.field === 'contactEmail');
      let asFlag = true;
      try {
        checkEmail(address);
      } catch {
        asFlag = false;
      }
      expect(asFlag, address).toBe(inCase);
    }
    expect(() => checkEmail('a@b.c.')).toThrow('--email "a@b.c." is not an email address');
  });
});
