import { describe, expect, it } from 'vitest';
import { checkQuality } from '../../src/domain/quality.js';
import { catalog, findCaseType } from '../../src/domain/catalog/index.js';

const app = findCaseType('application-issue', catalog);
// The guide's model of a well-written case ("Teachers unable to post grades").
const model = {
  caseType: 'application-issue',
  subject: 'Teachers unable to post grades',
  description:
    'None of the English Literature teachers at 21-22 Campus High School are able to post grades. When they try to click the Post button in their grade books, it is greyed out and inactive. This is only happening for teachers who teach this course.\n\nExample: Anne Shirley, English Lit 1100-1, Quarter 1, Quarter grading task',
  stepsToReproduce:
    '1. Log in as teacher Anne Shirley\n2. In Campus Learning, go to Grade Book for 1100-1\n3. Select Q1, Quarter grade task\n4. Click Post. Note that it is greyed out and cannot be pushed.',
  environmentChanges: 'None',
  whoIsImpacted: 'English Lit 1100 teachers',
  issueBegan: '2021-09-07',
  expectedResults: 'Post button to be active',
};

const codes = (v: Record<string, unknown>, type = app) =>
  checkQuality(type, v)
    .map((w) => w.code)
    .sort();

describe('case quality', () => {
  it("finds nothing to say about the guide's model case", () => {
    expect(checkQuality(app, model)).toEqual([]);
  });

  it('flags a vague subject and a thin description', () => {
    // The fields of the model case still answer Who, When, Why and How; the description alone says little.
    expect(codes({ ...model, subject: 'Help!', description: 'It is broken.' })).toEqual([
      'description-what',
      'description-where',
      'subject-vague',
    ]);
  });

  it('asks all six questions of a description when no field answers them', () => {
    const bare = { subject: 'Something odd happens', description: 'It is broken.' };
    expect(codes(bare)).toEqual(
      [
        'description-how',
        'description-what',
        'description-when',
        'description-where',
        'description-who',
        'description-why',
        'missing-environment',
        'missing-expected',
        'missing-issue-began',
        'missing-steps',
        'missing-who-impacted',
      ].sort(),
    );
  });

  it('counts in words that agree with the number ("1 word")', () => {
    const w = checkQuality(app, { ...model, description: 'Broken.' });
    expect(w.find((x) => x.code === 'description-what')?.message).toContain('Description has 1 word;');
    expect(
      checkQuality(app, { ...model, description: 'Broken twice.' }).find((x) => x.code === 'description-what')?.message,
    ).toContain('has 2 words;');
  });

  it('is aware of the case type: a Modify Support Contacts request is not asked where in Campus or when', () => {
    const msc = findCaseType('modify-support-contacts', catalog);
    const r = codes(
      {
        subject: 'Replace our Authorized Contact',
        description: 'Please replace A. C. Slater, who retires in June, with Kelly Kapowski as our SIS contact.',
        contactFirstName: 'Kelly',
        contactLastName: 'Kapowski',
      },
      msc,
    );
    expect(r).not.toContain('description-where');
    expect(r).not.toContain('description-when');
    expect(r).toEqual([]);
    const q = findCaseType('ask-a-question', catalog);
    // Location within Product answers Where for a question.
    expect(
      codes(
        {
          subject: 'Snow day setup question',
          description: 'How should our attendance clerks set up a snow day for every school calendar?',
          locationWithinProduct: 'Calendar Information',
        },
        q,
      ),
    ).toEqual([]);
  });

  it.each([
    ['stepsToReproduce', 'missing-steps'],
    ['environmentChanges', 'missing-environment'],
    ['whoIsImpacted', 'missing-who-impacted'],
    ['issueBegan', 'missing-issue-began'],
    ['expectedResults', 'missing-expected'],
  ])('looks at every field of the model case: %s', (key, code) => {
    const v: Record<string, unknown> = { ...model };
    delete v[key];
    expect(codes(v)).toContain(code);
  });

  it('flags a long subject', () => {
    const w = checkQuality(app, {
      ...model,
      subject:
        'Teachers at the high school cannot post grades for the first quarter in the English Literature grade book',
    });
    expect(w.map((x) => x.code)).toEqual(['subject-long']);
    expect(w[0]!.message).toContain('keep it brief and specific');
  });

  it('asks an Application Issue for steps and expected results, and no other type', () => {
    // The description answers How and Why itself ("click the Post button"; "only happening for").
    expect(codes({ ...model, stepsToReproduce: '', expectedResults: undefined })).toEqual([
      'description-why',
      'missing-expected',
      'missing-steps',
    ]);
    const q = findCaseType('ask-a-question', catalog);
    expect(codes({ subject: model.subject, description: model.description }, q)).toEqual([]);
  });

  it.each([
    [
      'a Social Security number',
      'Student Jane Doe, SSN 123-45-6789, cannot enroll since Monday at Campus High School.',
    ],
    [
      'a labeled nine-digit SSN',
      'Social Security number 123456789 was typed by the teachers in the census tool today at school.',
    ],
    ['a password', 'Teachers log in with password: Summer2026! and fail since Monday at the high school tool.'],
    ['a card number', 'Parents paid with card 4111 1111 1111 1111 in Online Payments at school today and it failed.'],
  ])('warns about %s', (_what, description) => {
    const w = checkQuality(app, { ...model, description });
    expect(w.map((x) => x.code)).toEqual(['sensitive-data']);
    expect(w[0]!.field).toBe('description');
  });

  it('does not mistake a phone number or a date for an SSN', () => {
    expect(codes({ ...model, description: `${model.description} Call 555-123-4567 after 09/07/2021.` })).toEqual([]);
  });
});

// Issue 26 §10: advice that earns its words.
describe('case advice by what the case type and priority ask', () => {
  const server = findCaseType('server-issue', catalog);
  const outage = findCaseType('report-an-outage', catalog);
  const serverCase = {
    module: 'Reports',
    subject: 'Report server times out on the nightly export',
    description:
      'Since Monday the nightly attendance export on the report server times out for all schools when it runs.',
  };

  it('a Server Issue with no Error Message or Issue Began is told each', () => {
    const w = checkQuality(server, serverCase);
    expect(w.map((x) => [x.field, x.code])).toEqual([
      ['errorMessage', 'missing-error-message'],
      ['issueBegan', 'missing-issue-began'],
    ]);
    expect(
      codes({ ...serverCase, errorMessage: 'HTTP 504 Gateway Timeout', issueBegan: '2026-11-30' }, server),
    ).toEqual([]);
  });

  it('steps to reproduce that are one vague line are flagged; numbered steps are not', () => {
    for (const steps of ['It does not work.', 'Try posting grades', 'See the description above for what happens here'])
      expect(codes({ ...model, stepsToReproduce: steps }), steps).toEqual(['steps-vague']);
    expect(codes(model)).toEqual([]);
    expect(
      codes({
        ...model,
        stepsToReproduce: 'Log in as teacher Anne Shirley, open Grade Book for 1100-1 and click Post',
      }),
    ).toEqual([]);
  });

  it('a High case is asked for its urgency and due dates; one that gives them is not', () => {
    expect(codes({ ...model, priority: 'High' })).toEqual(['high-urgency']);
    expect(
      codes({ ...model, priority: 'High', description: `${model.description}\n\nGrades are due Friday 12/11.` }),
    ).toEqual([]);
    expect(codes({ ...model, priority: 'Medium' })).toEqual([]);
  });

  it('an outage is not told to name the module (it has none); a vague subject is still flagged', () => {
    const w = checkQuality(outage, {
      subject: 'Campus down',
      description: 'Nobody at any school can sign in since 7:05 AM today, every user.',
    });
    const vague = w.find((x) => x.code === 'subject-vague');
    expect(vague?.message).toContain('say what is down and for whom');
    expect(vague?.message).not.toMatch(/module/i);
    expect(
      checkQuality(app, { ...model, subject: 'Help!' }).find((x) => x.code === 'subject-vague')?.message,
    ).toContain('the module');
  });
});
