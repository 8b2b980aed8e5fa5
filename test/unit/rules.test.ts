/**
 * Every rule in schemas/catalog.yaml, accepting and rejecting, through validateCase: the path every
 * caller (flags, prompts, case files, the sandbox) takes. "Today" is fixed.
 */
import { describe, expect, it } from 'vitest';
import { catalog } from '../../src/domain/catalog/index.js';
import { mergeCatalog } from '../../src/domain/catalog/merge.js';
import { validateCase, type ValidationResult } from '../../src/domain/validation.js';
import { TODAY, VALID, validate as validateBundled } from '../helpers/cases.js';
import type { FieldIssue } from '../../src/errors.js';

const NOT_OUTAGE = Object.keys(VALID).filter((id) => id !== 'report-an-outage');

/**
 * A portal whose catalog states every bundled rule: each is then the portal's and blocks. The
 * rules' own behaviour is tested through it; whose a rule is (the bundled catalog's own checks
 * warn) is tested at the end of this file.
 */
const stating = mergeCatalog(catalog, {
  catalog: { catalogVersion: 'p0', types: catalog.types },
  source: { kind: 'portal', portalUrl: 'https://portal.example', version: 'p0' },
});
const validate = (input: unknown): ValidationResult => validateCase(input, { today: TODAY, catalog: stating });

function issues(r: ValidationResult): FieldIssue[] {
  if (r.ok) throw new Error(`expected the case to be rejected; it was accepted: ${JSON.stringify(r.value)}`);
  return r.issues;
}

function accepted(r: ValidationResult): Record<string, unknown> {
  if (!r.ok) throw new Error(`expected the case to be accepted; issues: ${JSON.stringify(r.issues)}`);
  return r.value.fields;
}

/** Distinct fields blamed (a field may get more than one message; that is checked in validation.test.ts). */
const blamed = (r: ValidationResult): string[] => [...new Set(issues(r).map((i) => i.field))];

function with_(typeId: string, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...VALID[typeId], ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete out[k];
  return out;
}

describe('the baseline', () => {
  it('covers every case type in the catalog', () => {
    expect(Object.keys(VALID).sort()).toEqual(catalog.types.map((t) => t.id).sort());
  });

  it.each(Object.keys(VALID))('a minimal %s case is valid', (id) => {
    accepted(validate(VALID[id]));
  });

  it('every catalog rule is exercised by this file', () => {
    const tested = [
      'critical-only-for-outage',
      'data-restore-written-permission',
      'data-restore-retention-window',
      'sql-server-needs-schema-bootcamp',
      'replace-needs-replacement-name',
      'training-dates-future-and-distinct',
      'consult-dates-future-and-distinct',
      'issue-began-not-in-future',
    ];
    const ids = new Set(catalog.types.flatMap((t) => t.rules.map((r) => r.id)));
    expect([...ids].sort()).toEqual([...tested].sort());
  });
});

describe('critical-only-for-outage', () => {
  it('Critical is accepted on Report an Outage', () => {
    expect(accepted(validate(with_('report-an-outage', { priority: 'Critical' }))).priority).toBe('Critical');
  });

  it.each(NOT_OUTAGE)('Critical is rejected on %s, pointing to Report an Outage', (id) => {
    const list = issues(validate(with_(id, { priority: 'Critical' })));
    expect(list).toHaveLength(1);
    expect(list[0]!.field).toBe('priority');
    expect(list[0]!.message).toContain('Report an Outage');
    expect(list[0]!.message).toContain('Critical');
  });

  it.each(NOT_OUTAGE)('High, Medium and Low are accepted on %s', (id) => {
    for (const p of ['High', 'Medium', 'Low']) expect(accepted(validate(with_(id, { priority: p }))).priority).toBe(p);
  });
});

describe('data-restore-written-permission', () => {
  it('missing written permission is rejected', () => {
    const list = issues(validate(with_('data-restore', { writtenPermission: undefined })));
    expect(list.map((i) => i.field)).toEqual(['writtenPermission']);
    expect(list[0]!.message).toContain('written permission');
    expect(list[0]!.message).toContain('--written-permission');
  });

  it('written permission false is rejected', () => {
    expect(issues(validate(with_('data-restore', { writtenPermission: false }))).map((i) => i.field)).toEqual([
      'writtenPermission',
    ]);
  });

  it('written permission true is accepted', () => {
    expect(accepted(validate(with_('data-restore', { writtenPermission: true }))).writtenPermission).toBe(true);
  });
});

describe('data-restore-retention-window (30 days, not in the future)', () => {
  const loss = (d: string) => validate(with_('data-restore', { approximateDateOfLoss: d }));

  it('today is accepted', () => {
    expect(accepted(loss(TODAY)).approximateDateOfLoss).toBe(TODAY);
  });

  it('30 days ago is accepted', () => {
    expect(accepted(loss('2026-10-29')).approximateDateOfLoss).toBe('2026-10-29');
  });

  it('31 days ago is rejected, and the message gives the window', () => {
    const list = issues(loss('2026-10-28'));
    expect(list).toHaveLength(1);
    expect(list[0]!.field).toBe('approximateDateOfLoss');
    expect(list[0]!.message).toContain('from 10/29/2026 to 11/28/2026 (you gave 10/28/2026).');
    expect(list[0]!.message).not.toMatch(/\{(from|to)\}/);
  });

  it('tomorrow is rejected, with the same window', () => {
    const list = issues(loss('2026-11-29'));
    expect(list.map((i) => i.field)).toEqual(['approximateDateOfLoss']);
    expect(list[0]!.message).toContain('from 10/29/2026 to 11/28/2026');
  });

  it('a US-format date is normalized before the window is checked', () => {
    expect(accepted(loss('10/29/2026')).approximateDateOfLoss).toBe('2026-10-29');
    expect(blamed(loss('10/28/2026'))).toEqual(['approximateDateOfLoss']);
  });

  it('the window moves with today', () => {
    const r = validateCase(with_('data-restore', { approximateDateOfLoss: '2026-10-28' }), {
      today: '2026-11-27',
      catalog: stating,
    });
    expect(r.ok).toBe(true);
  });
});

describe('sql-server-needs-schema-bootcamp', () => {
  const access = (patch: Record<string, unknown>) => validate(with_('server-access', patch));

  it('SQL Server without the bootcamp acknowledgement is rejected', () => {
    const list = issues(access({ requestType: 'SQL Server' }));
    expect(list.map((i) => i.field)).toEqual(['schemaBootcampCompleted']);
    expect(list[0]!.message).toContain('Schema Bootcamp');
  });

  it('SQL Server with schemaBootcampCompleted false is rejected', () => {
    expect(blamed(access({ requestType: 'SQL Server', schemaBootcampCompleted: false }))).toEqual([
      'schemaBootcampCompleted',
    ]);
  });

  it('SQL Server with schemaBootcampCompleted true is accepted', () => {
    expect(accepted(access({ requestType: 'SQL Server', schemaBootcampCompleted: true })).requestType).toBe(
      'SQL Server',
    );
  });

  it.each(['Server', 'SSRS'])('%s does not need the bootcamp', (rt) => {
    expect(accepted(access({ requestType: rt })).requestType).toBe(rt);
    expect(accepted(access({ requestType: rt, schemaBootcampCompleted: false })).requestType).toBe(rt);
  });
});

describe('replace-needs-replacement-name', () => {
  const contacts = (patch: Record<string, unknown>) => validate(with_('modify-support-contacts', patch));

  it('Replace without a replacement name is rejected', () => {
    const list = issues(contacts({ requestType: 'Replace' }));
    expect(list.map((i) => i.field)).toEqual(['contactReplacementName']);
    expect(list[0]!.message).toContain('Contact Replacement Name');
  });

  it('Replace with a replacement name is accepted', () => {
    expect(
      accepted(contacts({ requestType: 'Replace', contactReplacementName: 'Pat Retired' })).contactReplacementName,
    ).toBe('Pat Retired');
  });

  it.each(['Add', 'Update'])('%s does not need a replacement name', (rt) => {
    const fields = accepted(contacts({ requestType: rt }));
    expect(fields.requestType).toBe(rt);
    expect(fields.contactReplacementName).toBeUndefined();
  });
});

describe('training-dates-future-and-distinct', () => {
  const training = (dates: unknown) => validate(with_('request-training', { preferredTrainingDates: dates }));

  it('three distinct future dates are accepted', () => {
    expect(accepted(training(['2026-12-01', '2026-12-02', '2027-01-05'])).preferredTrainingDates).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2027-01-05',
    ]);
  });

  it('tomorrow is the earliest date accepted', () => {
    expect(accepted(training(['2026-11-29'])).preferredTrainingDates).toEqual(['2026-11-29']);
  });

  it('a past date is rejected, blaming that date', () => {
    const list = issues(training(['2026-11-27']));
    expect(list.map((i) => i.field)).toEqual(['preferredTrainingDates[0]']);
    expect(list[0]!.message).toContain('in the future');
    expect(list[0]!.message).toMatch(/\(you gave 11\/27\/2026\)\.$/);
    expect(blamed(training(['2026-12-01', '2026-12-02', '2025-12-03']))).toEqual(['preferredTrainingDates[2]']);
  });

  it('today is rejected', () => {
    expect(blamed(training([TODAY]))).toEqual(['preferredTrainingDates[0]']);
  });

  it('a duplicate date is rejected, blaming the second', () => {
    const list = issues(training(['2026-12-01', '2026-12-01']));
    expect(list.map((i) => i.field)).toEqual(['preferredTrainingDates[1]']);
    expect(list[0]!.message).toContain('different from the others');
    expect(list[0]!.message).toContain('(you gave 12/01/2026)');
  });

  it('the same day written two ways is a duplicate', () => {
    expect(blamed(training(['12/1/2026', '2026-12-01']))).toEqual(['preferredTrainingDates[1]']);
  });

  it('four dates are rejected', () => {
    const list = issues(training(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']));
    expect(list).toEqual([
      {
        field: 'preferredTrainingDates',
        message: 'Preferred Training Date takes at most 3 dates (first, second and third choice)',
      },
    ]);
  });

  it('no date at all is rejected', () => {
    expect(blamed(training([]))).toEqual(['preferredTrainingDates']);
    expect(blamed(training(undefined))).toEqual(['preferredTrainingDates']);
  });
});

describe('consult-dates-future-and-distinct', () => {
  const consult = (patch: Record<string, unknown>) => validate(with_('request-consulting', patch));

  it('three distinct future dates are accepted', () => {
    const f = accepted(
      consult({
        preferredConsultDate: '2026-12-10',
        preferredConsultDate2: '2026-12-11',
        preferredConsultDate3: '2026-12-14',
      }),
    );
    expect([f.preferredConsultDate, f.preferredConsultDate2, f.preferredConsultDate3]).toEqual([
      '2026-12-10',
      '2026-12-11',
      '2026-12-14',
    ]);
  });

  it('a past first date is rejected', () => {
    const list = issues(consult({ preferredConsultDate: '2026-11-01' }));
    expect(list.map((i) => i.field)).toEqual(['preferredConsultDate']);
    expect(list[0]!.message).toContain('in the future');
  });

  it('today is rejected', () => {
    expect(blamed(consult({ preferredConsultDate: TODAY }))).toEqual(['preferredConsultDate']);
  });

  it('a past third date is rejected, blaming the third', () => {
    expect(blamed(consult({ preferredConsultDate2: '2026-12-11', preferredConsultDate3: '2026-11-27' }))).toEqual([
      'preferredConsultDate3',
    ]);
  });

  it('the second equal to the first is rejected, blaming the second', () => {
    const list = issues(consult({ preferredConsultDate2: '2026-12-10' }));
    expect(list.map((i) => i.field)).toEqual(['preferredConsultDate2']);
    expect(list[0]!.message).toContain('different from the others');
  });

  it('the third equal to the first (second absent) is rejected, blaming the third', () => {
    expect(blamed(consult({ preferredConsultDate3: '12/10/2026' }))).toEqual(['preferredConsultDate3']);
  });

  it('the third equal to the second is rejected, blaming the third', () => {
    expect(blamed(consult({ preferredConsultDate2: '2026-12-11', preferredConsultDate3: '2026-12-11' }))).toEqual([
      'preferredConsultDate3',
    ]);
  });
});

describe('issue-began-not-in-future', () => {
  it.each(['application-issue', 'server-issue'])('%s: tomorrow is rejected; today and the past are accepted', (id) => {
    const list = issues(validate(with_(id, { issueBegan: '2026-11-29' })));
    expect(list).toEqual([
      // The message names the date refused (issue 26 §20), as the user writes dates.
      {
        field: 'issueBegan',
        message: 'Issue Began cannot be in the future; give the date the issue first occurred (you gave 11/29/2026).',
      },
    ]);
    expect(accepted(validate(with_(id, { issueBegan: TODAY }))).issueBegan).toBe(TODAY);
    expect(accepted(validate(with_(id, { issueBegan: '09/07/2021' }))).issueBegan).toBe('2021-09-07');
  });
});

describe('email and phone', () => {
  const contacts = (patch: Record<string, unknown>) => validate(with_('modify-support-contacts', patch));

  it.each(['jane.doe@district.k12.us', 'JANE@DISTRICT.ORG', 'j+cases@d.org'])('email %s is accepted', (e) => {
    expect(accepted(contacts({ contactEmail: e })).contactEmail).toBe(e);
  });

  it.each(['nope', 'a@b', 'a b@c.org', '@d.org', 'jane@', 'jane@@d.org'])('email %s is rejected', (e) => {
    const list = issues(contacts({ contactEmail: e }));
    expect(list).toEqual([
      { field: 'contactEmail', message: `Contact Email must be an email address like name@district.org, not "${e}"` },
    ]);
  });

  it.each(['555-123-4567', '(555) 123-4567', '+1 (555) 123-4567 x12', '555.123.4567 ext. 89', '5551234'])(
    'phone %s is accepted',
    (p) => {
      expect(accepted(contacts({ contactPrimaryPhone: p, contactSecondaryPhone: p })).contactSecondaryPhone).toBe(p);
    },
  );

  it.each(['12345', 'call me', '555-123-4567 x', '555-CALL-NOW', '(((((((', '555 123 4567 ext 12345678'])(
    'phone %s is rejected',
    (p) => {
      expect(blamed(contacts({ contactPrimaryPhone: p }))).toEqual(['contactPrimaryPhone']);
      expect(blamed(contacts({ contactSecondaryPhone: p }))).toEqual(['contactSecondaryPhone']);
      for (const i of issues(contacts({ contactPrimaryPhone: p })))
        expect(i.message).toMatch(/^Contact Primary Phone (must be a phone number|needs at least 7 digits)/);
    },
  );
});

describe('subject length (120): a limit the guide never states', () => {
  // A portal whose catalog states the bundled fields (Subject: at most 120): its limit, enforced.
  const portal = mergeCatalog(catalog, {
    catalog: { catalogVersion: 'p1', types: catalog.types },
    source: { kind: 'portal', portalUrl: 'https://portal.example', version: 'p1' },
  });
  const onPortal = (input: unknown): ValidationResult => validateCase(input, { today: TODAY, catalog: portal });

  it('120 characters are accepted', () => {
    const s = 'S'.repeat(120);
    expect(accepted(onPortal(with_('report-an-outage', { subject: s }))).subject).toBe(s);
    expect(onPortal(with_('report-an-outage', { subject: s })).warnings).toEqual([]);
  });

  it("121 characters are refused when the portal's catalog states the limit, saying how long it is, the limit and whose", () => {
    expect(issues(onPortal(with_('report-an-outage', { subject: 'S'.repeat(121) })))).toEqual([
      { field: 'subject', message: "Subject is 121 characters; shorten it to 120 or fewer (this portal's limit)" },
    ]);
  });

  it('121 characters are only a warning when the limit is the bundled default (offline): the field, the number, the portal checks', () => {
    const r = validateBundled(with_('report-an-outage', { subject: 'S'.repeat(121) }));
    expect(accepted(r).subject).toBe('S'.repeat(121));
    expect(r.warnings).toEqual([
      {
        field: 'subject',
        code: 'over-bundled-limit',
        source: 'bundled',
        message:
          "Subject is 121 characters, over 120 (the bundled default, not the guide's; the portal may set its own): it is sent as it is and the portal will check",
      },
    ]);
  });

  it('a portal that gives only its lists (not its fields) leaves the lengths to itself: a warning, not a block', () => {
    const listsOnly = mergeCatalog(catalog, {
      picklists: { module: ['Calendar'] },
      source: { kind: 'portal', version: 'p2' },
    });
    const r = validateCase(with_('report-an-outage', { subject: 'S'.repeat(130) }), {
      today: TODAY,
      catalog: listsOnly,
    });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.field, w.code])).toEqual([['subject', 'over-bundled-limit']]);
  });

  it("every text field with a bundled length warns and never blocks; with the portal's it is refused", () => {
    for (const t of catalog.types) {
      for (const f of t.fields.filter((x) => x.maxLength && (x.kind === 'text' || x.kind === 'longtext'))) {
        const input = with_(t.id, { [f.key]: 'x'.repeat(f.maxLength! + 1) });
        const offline = validateBundled(input);
        expect(
          offline.warnings.map((w) => w.field),
          `${t.id}.${f.key}`,
        ).toContain(f.key);
        if (!offline.ok)
          expect(
            offline.issues.map((i) => i.field),
            `${t.id}.${f.key}`,
          ).not.toContain(f.key);
        expect(
          issues(onPortal(input)).map((i) => i.field),
          `${t.id}.${f.key}`,
        ).toContain(f.key);
      }
    }
  });

  it('surrounding whitespace does not count and is trimmed', () => {
    const s = 'S'.repeat(120);
    expect(accepted(onPortal(with_('report-an-outage', { subject: `  ${s}\n` }))).subject).toBe(s);
    expect(validateBundled(with_('report-an-outage', { subject: `  ${s}\n` })).warnings).toEqual([]);
  });
});

describe("whose a rule is (issue 26 §3): the guide's block, this tool's own checks and the approximate window warn", () => {
  /** Offline: the bundled catalog as every command reads it without a portal. */
  const bundledView = mergeCatalog(catalog);
  const offline = (input: unknown): ValidationResult => validateCase(input, { today: TODAY, catalog: bundledView });
  const ownCheck = "(ic-support's own check, not the guide's: the case is sent as it is and the portal decides)";

  it.each([
    ['request-training', { preferredTrainingDates: ['2026-11-20'] }, 'preferredTrainingDates[0]'],
    ['request-training', { preferredTrainingDates: ['2026-12-01', '2026-12-01'] }, 'preferredTrainingDates[1]'],
    ['request-consulting', { preferredConsultDate: TODAY }, 'preferredConsultDate'],
    ['application-issue', { issueBegan: '2026-11-29' }, 'issueBegan'],
    ['server-issue', { issueBegan: '2026-12-25' }, 'issueBegan'],
  ] as const)("%s %j: offline a warning labeled as this tool's own check, never a block", (id, patch, field) => {
    const r = offline(with_(id, patch));
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.warnings).toEqual([
      expect.objectContaining({ field, code: 'own-check', source: 'tool', message: expect.stringContaining(ownCheck) }),
    ]);
    // The same case against a portal whose catalog states the rule: the portal's rule, refused.
    expect(blamed(validate(with_(id, patch)))).toEqual([field]);
  });

  it('a Data Restore date just outside the 30-day window: offline a warning naming the policy and that the date is approximate; the portal decides', () => {
    const r = offline(with_('data-restore', { approximateDateOfLoss: '2026-10-27' }));
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(r.warnings).toEqual([
      {
        field: 'approximateDateOfLoss',
        code: 'approximate-date',
        source: 'guide',
        message: expect.stringMatching(
          /data is retained for 30 days \(the Campus Data Retention Policy\).*from 10\/29\/2026 to 11\/28\/2026.*\(the guide calls this date approximate: the case is sent as it is and the portal decides\)$/s,
        ),
      },
    ]);
  });

  it("the guide's own rules still block offline: Critical only for an outage, written permission, Schema Bootcamp, a Replace's name", () => {
    expect(blamed(offline(with_('ask-a-question', { priority: 'Critical' })))).toEqual(['priority']);
    expect(blamed(offline(with_('data-restore', { writtenPermission: undefined })))).toEqual(['writtenPermission']);
    expect(blamed(offline(with_('server-access', { requestType: 'SQL Server' })))).toEqual(['schemaBootcampCompleted']);
    expect(blamed(offline(with_('modify-support-contacts', { requestType: 'Replace' })))).toEqual([
      'contactReplacementName',
    ]);
  });

  it('the sandbox, validating as the portal it is (asPortal), refuses what its catalog states', () => {
    const r = validateCase(with_('data-restore', { approximateDateOfLoss: '2026-10-27' }), {
      today: TODAY,
      catalog: bundledView,
      asPortal: true,
    });
    expect(blamed(r)).toEqual(['approximateDateOfLoss']);
  });
});
