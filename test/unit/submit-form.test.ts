// The interactive form, driven by the strict fake prompter: an unexpected question fails.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runForm, type FormLookups } from '../../src/commands/case/submit/form.js';
import { catalog, findCaseType } from '../../src/domain/catalog/index.js';
import { mergeCatalog } from '../../src/domain/catalog/merge.js';
import { testIO } from '../../src/io/test-io.js';
import { fakePrompter, type Expectation } from '../helpers/prompter.js';
import { inGuide } from '../helpers/guide.js';
import { InterruptedError } from '../../src/errors.js';
import type { Prompter } from '../../src/cli/prompter.js';

/** A portal whose catalog states every bundled rule: each is the portal's, and the form refuses what breaks it. */
const stating = mergeCatalog(catalog, {
  catalog: { catalogVersion: 'p0', types: catalog.types },
  source: { kind: 'portal', portalUrl: 'https://portal.example', version: 'p0' },
});

const me = {
  id: 'con_zack',
  name: 'Zack Morris (TESTING)',
  email: 'zack@bayside.example',
  role: 'Authorized' as const,
};
const kelly = {
  id: 'con_kelly',
  name: 'Kelly Kapowski (TESTING)',
  email: 'kelly@bayside.example',
  role: 'Technical' as const,
};
const oneDistrict: FormLookups = {
  me,
  districts: [{ id: 'dst_bayside', name: 'Bayside School (TESTING)' }],
  contacts: async () => [me, kelly],
};
const twoDistricts: FormLookups = {
  ...oneDistrict,
  districts: [...oneDistrict.districts, { id: 'dst_valley', name: 'Valley High School (TESTING)' }],
};
const today = '2026-11-28';

function form(
  typeId: string,
  answers: Expectation[],
  opts: { lookups?: FormLookups; values?: Record<string, unknown>; ask?: string[] } = {},
) {
  const type = findCaseType(typeId, catalog);
  const prompter = fakePrompter(answers);
  const values = opts.values ?? {};
  const io = testIO({ tty: true });
  // By default the fields of the guide's form: the catalog's own optional fields (not in the
  // guide's table) are not in these scripts.
  const ask = opts.ask
    ? type.fields.filter((f) => opts.ask!.includes(f.key))
    : type.fields.filter((f) => inGuide(f) || f.required);
  return {
    prompter,
    values,
    io,
    run: () => runForm({ prompter, io, type, values, today, lookups: opts.lookups ?? oneDistrict, ask }),
  };
}

describe('the case submit form', () => {
  it("walks an Application Issue in catalog order with the guide's model case, then submits", async () => {
    const f = form('application-issue', [
      { kind: 'select', message: 'Contact', answer: me.email },
      { kind: 'select', message: 'Priority', answer: 'High' },
      { kind: 'select', message: 'Type', answer: 'Campus Application' },
      { kind: 'select', message: 'Module', answer: 'Grade Book' },
      { kind: 'input', message: 'Subject', answer: 'Teachers unable to post grades' },
      {
        kind: 'input',
        message: 'Description',
        answer: 'None of the English Literature teachers at 21-22 Campus High School are able to post grades.',
      },
      {
        kind: 'input',
        message: '…',
        answer: 'When they try to click the Post button in their grade books, it is greyed out.',
      },
      { kind: 'input', message: '…', answer: '' },
      { kind: 'input', message: 'Steps to Reproduce', answer: '1. Log in as teacher Anne Shirley' },
      { kind: 'input', message: '…', answer: '2. Click Post.' },
      { kind: 'input', message: '…', answer: '' },
      // The guide's Case Details order: Environment Changes, Who is impacted?, Issue Began, Error Message, Expected Results.
      { kind: 'input', message: 'Environment Changes', answer: 'None' },
      { kind: 'input', message: '…', answer: '' },
      { kind: 'input', message: 'Who is impacted?', answer: 'English Lit 1100 teachers' },
      { kind: 'input', message: 'Issue Began', answer: '09/07/2021' },
      { kind: 'input', message: 'Error Message', answer: '' },
      { kind: 'input', message: 'Expected Results', answer: 'Post button to be active' },
      { kind: 'input', message: '…', answer: '' },
      { kind: 'select', message: 'What next?', answer: 'submit' },
    ]);
    expect(await f.run()).toBe('submit');
    f.prompter.assertDone();
    expect(f.values).toEqual({
      account: 'Bayside School (TESTING)',
      priority: 'High',
      type: 'Campus Application',
      module: 'Grade Book',
      subject: 'Teachers unable to post grades',
      description:
        'None of the English Literature teachers at 21-22 Campus High School are able to post grades.\nWhen they try to click the Post button in their grade books, it is greyed out.',
      stepsToReproduce: '1. Log in as teacher Anne Shirley\n2. Click Post.',
      expectedResults: 'Post button to be active',
      whoIsImpacted: 'English Lit 1100 teachers',
      issueBegan: '09/07/2021',
      environmentChanges: 'None',
    });
    expect(f.io.stderrText()).toContain('Application Issue case');
  });

  it('does not offer Critical outside Report an Outage, and offers it there', async () => {
    const choicesSeen: string[][] = [];
    const spy = (p: Prompter): Prompter => ({
      ...p,
      select: (message, choices, o) => {
        if (message === 'Priority') choicesSeen.push(choices.map((c) => c.value));
        return p.select(message, choices, o);
      },
    });
    for (const [typeId, ask] of [
      ['ask-a-question', ['priority']],
      ['report-an-outage', ['priority']],
    ] as const) {
      const f = form(
        typeId,
        [
          { kind: 'select', message: 'Priority', answer: 'Low' },
          { kind: 'select', message: 'What next?', answer: 'save' },
        ],
        { ask: [...ask] },
      );
      const type = findCaseType(typeId, catalog);
      await runForm({
        prompter: spy(f.prompter),
        io: f.io,
        type,
        values: f.values,
        today,
        lookups: oneDistrict,
        ask: type.fields.filter((x) => x.key === 'priority'),
      });
      f.prompter.assertDone();
    }
    expect(choicesSeen).toEqual([
      ['High', 'Medium', 'Low'],
      ['Critical', 'High', 'Medium', 'Low'],
    ]);
  });

  it('picks the account when the contact has several districts, and another contact', async () => {
    const f = form(
      'ask-a-question',
      [
        { kind: 'select', message: 'Account', answer: 'Valley High School (TESTING)' },
        { kind: 'select', message: 'Contact', answer: kelly.email },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ],
      { lookups: twoDistricts, ask: ['account', 'contact'] },
    );
    expect(await f.run()).toBe('save');
    expect(f.values).toEqual({ account: 'Valley High School (TESTING)', contact: kelly.email });
  });

  it('takes several Areas of Responsibility and a Replace with its replacement name, asked because the rule requires it', async () => {
    const f = form(
      'modify-support-contacts',
      [
        { kind: 'select', message: 'Request Type', answer: 'Replace' },
        { kind: 'checkbox', message: 'Area of Responsibility', answer: ['SIS', 'Finance'] },
        { kind: 'input', message: 'Contact Replacement Name (required)', answer: 'A. C. Slater' },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ],
      { ask: ['requestType', 'areaOfResponsibility'] },
    );
    expect(await f.run()).toBe('save');
    f.prompter.assertDone();
    expect(f.values).toEqual({
      requestType: 'Replace',
      areaOfResponsibility: ['SIS', 'Finance'],
      contactReplacementName: 'A. C. Slater',
    });
    expect(f.io.stderrText()).toContain('Required here: A Replace request must say which contact is being removed');
  });

  it('keeps Contact Replacement Name optional, and says so, for another Request Type', async () => {
    const f = form(
      'modify-support-contacts',
      [
        { kind: 'input', message: 'Contact Replacement Name (optional)', answer: '' },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ],
      {
        values: { requestType: 'Add' },
        ask: ['contactReplacementName'],
      },
    );
    expect(await f.run()).toBe('save');
    f.prompter.assertDone();
  });

  it('validates dates as typed with the same validator', async () => {
    const f = form('request-training', [], { ask: ['preferredTrainingDates'] });
    const bad = fakePrompter([{ kind: 'input', message: 'first choice', answer: '2026-02-30' }]);
    await expect(
      runForm({
        prompter: bad,
        io: f.io,
        type: findCaseType('request-training', catalog),
        values: {},
        today,
        lookups: oneDistrict,
        ask: findCaseType('request-training', catalog).fields.filter((x) => x.key === 'preferredTrainingDates'),
      }),
    ).rejects.toThrow('is not a real calendar date');
  });

  it("takes a Subject over the bundled length with a warning (the portal checks), and refuses one over this portal's stated limit", async () => {
    const type = findCaseType('ask-a-question', catalog);
    const ask = type.fields.filter((x) => x.key === 'subject');
    const long = 'S'.repeat(130);
    const review = { kind: 'select' as const, message: 'What next?', answer: 'save' };
    // The bundled view (no portal catalog): kept, with a warning naming the field, the number and the portal.
    const io = testIO({ tty: true });
    const values: Record<string, unknown> = {};
    const p = fakePrompter([{ kind: 'input', message: 'Subject', answer: long }, review]);
    expect(await runForm({ prompter: p, io, type, values, today, lookups: oneDistrict, ask })).toBe('save');
    p.assertDone();
    expect(values.subject).toBe(long);
    expect(io.stderrText()).toContain(
      "Subject is 130 characters, over 120 (the bundled default, not the guide's; the portal may set its own): it is sent as it is and the portal will check",
    );
    // A portal whose catalog states the field's length: refused as typed, named as this portal's limit.
    const portal = mergeCatalog(catalog, {
      catalog: { catalogVersion: 'p1', types: catalog.types },
      source: { kind: 'portal', version: 'p1' },
    });
    const strict = fakePrompter([{ kind: 'input', message: 'Subject', answer: long }]);
    await expect(
      runForm({
        prompter: strict,
        io: testIO({ tty: true }),
        type: findCaseType('ask-a-question', portal),
        values: {},
        today,
        lookups: oneDistrict,
        ask: findCaseType('ask-a-question', portal).fields.filter((x) => x.key === 'subject'),
        catalog: portal,
      }),
    ).rejects.toThrow("Subject is 130 characters; shorten it to 120 or fewer (this portal's limit)");
  });

  it('keeps the answers given before an interruption', async () => {
    const f = form('report-an-outage', [
      { kind: 'select', message: 'Contact', answer: me.email },
      { kind: 'select', message: 'Priority', answer: 'Critical' },
      { kind: 'input', message: 'Subject', answer: 'Campus unreachable for all users' },
    ]);
    const interrupting: Prompter = {
      ...f.prompter,
      input: async (message, o) => {
        if (message === 'Description') throw new InterruptedError();
        return f.prompter.input(message, o);
      },
    };
    await expect(
      runForm({
        prompter: interrupting,
        io: f.io,
        type: findCaseType('report-an-outage', catalog),
        values: f.values,
        today,
        lookups: oneDistrict,
        ask: findCaseType('report-an-outage', catalog).fields,
      }),
    ).rejects.toBeInstanceOf(InterruptedError);
    expect(f.values).toEqual({
      account: 'Bayside School (TESTING)',
      priority: 'Critical',
      subject: 'Campus unreachable for all users',
    });
  });

  it('asks before discarding on Cancel', async () => {
    const f = form(
      'ask-a-question',
      [
        { kind: 'select', message: 'What next?', answer: 'cancel' },
        { kind: 'confirm', message: 'Discard this case?', answer: false },
        { kind: 'select', message: 'What next?', answer: 'cancel' },
        { kind: 'confirm', message: 'Discard this case?', answer: true },
      ],
      { ask: [] },
    );
    expect(await f.run()).toBe('cancel');
    f.prompter.assertDone();
  });
});

describe('the form applies the catalog rules as each answer is typed', () => {
  const askOnly = (typeId: string, keys: string[]) =>
    findCaseType(typeId, catalog).fields.filter((x) => keys.includes(x.key));
  /** The validation the form gives the question's prompt (the run stops at that question). */
  const validateWith = async (
    typeId: string,
    keys: string[],
    values: Record<string, unknown>,
    question: string,
  ): Promise<(v: string) => true | string> => {
    let validate: ((v: string) => true | string) | undefined;
    const prompter: Prompter = {
      ...fakePrompter([]),
      input: async (message, o) => {
        if (!message.includes(question)) throw new Error(`unexpected question ${message}`);
        validate = o?.validate;
        throw new InterruptedError();
      },
    };
    await expect(
      runForm({
        prompter,
        io: testIO({ tty: true }),
        type: findCaseType(typeId, stating),
        values,
        today,
        lookups: oneDistrict,
        ask: askOnly(typeId, keys),
      }),
    ).rejects.toBeInstanceOf(InterruptedError);
    if (!validate) throw new Error(`no validation on "${question}"`);
    return validate;
  };

  /** The form offline: the bundled catalog's view (its own checks and required markers warn). */
  const offlineForm = async (
    typeId: string,
    keys: string[],
    answers: Expectation[],
    values: Record<string, unknown>,
  ) => {
    const bundledView = mergeCatalog(catalog);
    const io = testIO({ tty: true });
    const outcome = await runForm({
      prompter: fakePrompter(answers),
      io,
      type: findCaseType(typeId, bundledView),
      values,
      today,
      lookups: oneDistrict,
      ask: askOnly(typeId, keys),
      catalog: bundledView,
    });
    return { outcome, said: io.stderrText().replace(/\s+/g, ' ') };
  };

  it("from the bundled catalog, a past training date (this tool's own check) is taken at the prompt and the review warns, labeled (issue 26 §3)", async () => {
    const values: Record<string, unknown> = {};
    const { outcome, said } = await offlineForm(
      'request-training',
      ['preferredTrainingDates'],
      [
        { kind: 'input', message: 'first choice', answer: '2026-11-01' },
        { kind: 'input', message: 'second choice', answer: '' },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ],
      values,
    );
    expect(outcome).toBe('save');
    expect(values.preferredTrainingDates).toEqual(['2026-11-01']);
    expect(said).toContain(
      "warning preferredTrainingDates[0]: Preferred Training Date: each date must be in the future and different from the others (first, second and third choice) (you gave 11/01/2026). (ic-support's own check, not the guide's: the case is sent as it is and the portal decides)",
    );
  });

  it('from the bundled catalog, a field only it marks required is labeled so and may be left empty; the review warns (issue 26 §2)', async () => {
    const values: Record<string, unknown> = { subject: 'Snow day setup', description: 'How do we set up a snow day?' };
    const { outcome, said } = await offlineForm(
      'ask-a-question',
      ['module'],
      [
        { kind: 'select', message: 'Module', answer: '\u0000skip' },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ],
      values,
    );
    expect(outcome).toBe('save');
    expect(values.module).toBeUndefined();
    expect(said).toContain(
      "Module: required in the bundled catalog (the offline default, not the portal's); leave it empty to send without it, and the portal decides.",
    );
    expect(said).toContain(
      // The review names the field by its label (issue 26 §18).
      'warning Module: Module is not given (flag --module, case-file key module); the bundled catalog marks it required',
    );
  });

  it('refuses a Data Restore date outside the 30-day window with the rule message', async () => {
    const v = await validateWith('data-restore', ['approximateDateOfLoss'], {}, 'Approximate Date of Loss');
    expect(v('2026-10-14')).toContain('Approximate Date of Loss must be within the last 30 days');
    expect(v('2026-12-01')).toContain('within the last 30 days and not in the future');
    expect(v('11/20/2026')).toBe(true);
  });

  it('says which long-text fields are optional, at the prompt and in its hint (issue 26 §16)', async () => {
    const firstPrompt = async (key: string): Promise<{ asked: string; hint: string }> => {
      const asked: string[] = [];
      const io = testIO({ tty: true });
      await expect(
        runForm({
          prompter: {
            ...fakePrompter([]),
            input: async (message) => {
              asked.push(message);
              throw new InterruptedError();
            },
          },
          io,
          type: findCaseType('application-issue', catalog),
          values: {},
          today,
          lookups: oneDistrict,
          ask: askOnly('application-issue', [key]),
        }),
      ).rejects.toBeInstanceOf(InterruptedError);
      return { asked: asked[0]!, hint: io.stderrText() };
    };
    const optional = await firstPrompt('errorMessage');
    expect(optional.asked).toBe('Error Message (optional)');
    expect(optional.hint).toContain('Error Message (optional: an empty first line leaves it out)');
    const required = await firstPrompt('description');
    expect(required.asked).toBe('Description');
    expect(required.hint).not.toContain('optional');
  });

  it('asks dates as the guide writes them (MM/DD/YYYY), shows a date already given that way, and accepts ISO too', async () => {
    const asked: { message: string; def?: string | undefined }[] = [];
    const prompter: Prompter = {
      ...fakePrompter([]),
      input: async (message, o) => {
        asked.push({ message, def: o?.default });
        expect(o?.validate?.('11/20/2026')).toBe(true);
        expect(o?.validate?.('2026-11-20')).toBe(true);
        throw new InterruptedError();
      },
    };
    await expect(
      runForm({
        prompter,
        io: testIO({ tty: true }),
        type: findCaseType('data-restore', catalog),
        values: { approximateDateOfLoss: '2026-11-20' },
        today,
        lookups: oneDistrict,
        ask: askOnly('data-restore', ['approximateDateOfLoss']),
      }),
    ).rejects.toBeInstanceOf(InterruptedError);
    expect(asked[0]).toEqual({ message: expect.stringContaining('(MM/DD/YYYY') as string, def: '11/20/2026' });
    expect(asked[0]!.message).not.toContain('YYYY-MM-DD');
  });

  it('refuses a past or repeated training date, given the dates before it', async () => {
    const f = form(
      'request-training',
      [
        { kind: 'input', message: 'first choice', answer: '2026-12-01' },
        { kind: 'input', message: 'second choice', answer: '2026-12-02' },
        { kind: 'input', message: 'third choice', answer: '' },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ],
      { ask: ['preferredTrainingDates'] },
    );
    expect(await f.run()).toBe('save');
    expect(f.values.preferredTrainingDates).toEqual(['2026-12-01', '2026-12-02']);
    const past = fakePrompter([{ kind: 'input', message: 'first choice', answer: '2026-11-01' }]);
    await expect(
      runForm({
        prompter: past,
        io: f.io,
        type: findCaseType('request-training', stating),
        values: {},
        today,
        lookups: oneDistrict,
        ask: askOnly('request-training', ['preferredTrainingDates']),
      }),
    ).rejects.toThrow('each date must be in the future and different from the others');
    const repeated = fakePrompter([
      { kind: 'input', message: 'first choice', answer: '2026-12-01' },
      { kind: 'input', message: 'second choice', answer: '12/01/2026' },
    ]);
    await expect(
      runForm({
        prompter: repeated,
        io: f.io,
        type: findCaseType('request-training', stating),
        values: {},
        today,
        lookups: oneDistrict,
        ask: askOnly('request-training', ['preferredTrainingDates']),
      }),
    ).rejects.toThrow('each date must be in the future and different from the others');
  });

  it('says a field a rule makes required is required, and refuses it empty', async () => {
    const v = await validateWith(
      'modify-support-contacts',
      ['contactReplacementName'],
      { requestType: 'Replace' },
      'Contact Replacement Name (required)',
    );
    expect(v('')).toContain('A Replace request must say which contact is being removed');
    expect(v('Richard Belding')).toBe(true);
  });
});

describe('the form: editor, attachments, review', () => {
  it('opens the editor on "e" for a long text and keeps its paragraphs', async () => {
    const seen: (string | undefined)[] = [];
    const f = form(
      'report-an-outage',
      [
        { kind: 'input', message: 'Description', answer: 'e' },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ],
      { ask: ['description'], values: { subject: 'Campus down' } },
    );
    const type = findCaseType('report-an-outage', catalog);
    const outcome = await runForm({
      prompter: f.prompter,
      io: f.io,
      type,
      values: f.values,
      today,
      lookups: oneDistrict,
      ask: type.fields.filter((x) => x.key === 'description'),
      edit: (label, current) => {
        seen.push(label, current);
        return 'First paragraph.\n\nSecond paragraph.';
      },
    });
    expect(outcome).toBe('save');
    f.prompter.assertDone();
    expect(seen).toEqual(['Description', undefined]);
    expect(f.values.description).toBe('First paragraph.\n\nSecond paragraph.');
  });

  it('asks for files to attach, refusing a missing one on entry, and lists them in the review', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'form-attach-'));
    try {
      const shot = join(dir, 'screenshot.png');
      writeFileSync(shot, 'png');
      const attachments: string[] = [];
      const big = join(dir, 'export.bin');
      writeFileSync(big, '');
      truncateSync(big, 2 * 1024 * 1024);
      // A portal whose catalog states 1 MiB: the 2 MiB file is refused on entry, naming whose limit it is.
      const portal = mergeCatalog(catalog, {
        catalog: { ...catalog, limits: { attachmentMaxBytes: 1024 * 1024 } },
        source: { kind: 'portal', version: 'test' },
      });
      const tooBig = fakePrompter([{ kind: 'input', message: 'Attach a file', answer: big }]);
      const portalIO = testIO({ tty: true });
      await expect(
        runForm({
          prompter: tooBig,
          io: portalIO,
          type: findCaseType('ask-a-question', portal),
          catalog: portal,
          values: {},
          today,
          lookups: oneDistrict,
          ask: [],
          attachments: [],
          askAttachments: true,
        }),
      ).rejects.toThrow("is 2.0 MiB; the portal takes at most 1.0 MiB per attachment (this portal's limit)");
      expect(portalIO.stderrText().replace(/\s+/g, ' ')).toContain(
        "Attachments: each at most 1.0 MiB (this portal's limit), 10 attachments per submission (the bundled default",
      );
      // Offline, the bundled default (25 MiB) is not a block: a bigger file is taken with a warning.
      const huge = join(dir, 'huge.bin');
      writeFileSync(huge, '');
      truncateSync(huge, 25 * 1024 * 1024 + 1);
      const offline = fakePrompter([
        { kind: 'input', message: 'Attach a file', answer: huge },
        { kind: 'input', message: '1 so far', answer: '' },
        { kind: 'select', message: 'What next?', answer: 'cancel' },
        { kind: 'confirm', message: 'Discard', answer: true },
      ]);
      const offlineIO = testIO({ tty: true });
      const taken: string[] = [];
      await runForm({
        prompter: offline,
        io: offlineIO,
        type: findCaseType('ask-a-question', catalog),
        values: {},
        today,
        lookups: oneDistrict,
        ask: [],
        attachments: taken,
        askAttachments: true,
      });
      expect(taken).toEqual([huge]);
      expect(offlineIO.stderrText().replace(/\s+/g, ' ')).toContain(
        "is 26214401 bytes, over 26214400 bytes per attachment (the bundled default, not the guide's; the portal may set its own): it is sent and the portal decides",
      );
      const missing = fakePrompter([{ kind: 'input', message: 'Attach a file', answer: join(dir, 'nope.png') }]);
      const type = findCaseType('ask-a-question', catalog);
      await expect(
        runForm({
          prompter: missing,
          io: testIO({ tty: true }),
          type,
          values: {},
          today,
          lookups: oneDistrict,
          ask: [],
          attachments,
          askAttachments: true,
        }),
      ).rejects.toThrow('nope.png: no such file');
      const p = fakePrompter([
        { kind: 'input', message: 'Attach a file', answer: shot },
        { kind: 'input', message: '1 so far', answer: '' },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ]);
      const io = testIO({ tty: true });
      expect(
        await runForm({
          prompter: p,
          io,
          type,
          values: {},
          today,
          lookups: oneDistrict,
          ask: [],
          attachments,
          askAttachments: true,
        }),
      ).toBe('save');
      expect(attachments).toEqual([shot]);
      expect(io.stderrText()).toMatch(/Attachments\s+screenshot\.png \(3 B\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("counts the files: one more than this portal's stated per-case limit is refused on entry; over the bundled default only a warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'form-count-'));
    try {
      const [a, b] = ['a.txt', 'b.txt'].map((n) => join(dir, n));
      for (const f of [a!, b!]) writeFileSync(f, 'x');
      const portal = mergeCatalog(catalog, {
        catalog: { ...catalog, limits: { attachmentsPerCase: 1 } },
        source: { kind: 'portal', version: 'test' },
      });
      const strict = fakePrompter([
        { kind: 'input', message: 'Attach a file', answer: a! },
        { kind: 'input', message: '1 so far', answer: b! },
      ]);
      await expect(
        runForm({
          prompter: strict,
          io: testIO({ tty: true }),
          type: findCaseType('ask-a-question', portal),
          catalog: portal,
          values: {},
          today,
          lookups: oneDistrict,
          ask: [],
          attachments: [],
          askAttachments: true,
        }),
      ).rejects.toThrow(
        "2 files; a case takes at most 1 at submission (this portal's limit): add more later with: ic-support case attach",
      );
      // The same limit as a bundled default (no portal catalog): both files are taken, with a warning.
      const bundledOne = mergeCatalog({ ...catalog, limits: { attachmentsPerCase: 1 } });
      const lenient = fakePrompter([
        { kind: 'input', message: 'Attach a file', answer: a! },
        { kind: 'input', message: '1 so far', answer: b! },
        { kind: 'input', message: '2 so far', answer: '' },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ]);
      const io = testIO({ tty: true });
      const taken: string[] = [];
      await runForm({
        prompter: lenient,
        io,
        type: findCaseType('ask-a-question', bundledOne),
        catalog: bundledOne,
        values: {},
        today,
        lookups: oneDistrict,
        ask: [],
        attachments: taken,
        askAttachments: true,
      });
      expect(taken).toEqual([a, b]);
      expect(io.stderrText().replace(/\s+/g, ' ')).toContain(
        "2 files; a case takes at most 1 at submission (the bundled default, not the guide's; the portal may set its own): they are sent and the portal decides",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the contact in the review, and shows the related notification', async () => {
    const f = form('ask-a-question', [{ kind: 'select', message: 'What next?', answer: 'save' }], { ask: [] });
    const type = findCaseType('ask-a-question', catalog);
    await runForm({
      prompter: f.prompter,
      io: f.io,
      type,
      values: f.values,
      today,
      lookups: oneDistrict,
      ask: [],
      related: { id: 'ntf_1', title: 'Campus Parent app errors' },
    });
    expect(f.io.stderrText()).toMatch(/Contact\s+Zack Morris \(TESTING\)/);
    expect(f.io.stderrText()).not.toContain('(you)');
    expect(f.io.stderrText()).toMatch(/Related\s+Related notification: Campus Parent app errors\s+\(ntf_1\)/);
    const other = form('ask-a-question', [{ kind: 'select', message: 'What next?', answer: 'save' }], {
      ask: [],
      values: { contact: kelly.email },
    });
    await other.run();
    expect(other.io.stderrText()).toContain('Kelly Kapowski (TESTING) <kelly@bayside.example>');
  });

  // Issue 26 §18: the review names the district, never "(your district)"; acknowledgements by label.
  it('names the district the case is filed for when none was given: the only one, or the one the portal assigns', async () => {
    const one = form('ask-a-question', [{ kind: 'select', message: 'What next?', answer: 'save' }], { ask: [] });
    await one.run();
    expect(one.io.stderrText()).toMatch(/Account\s+Bayside School \(TESTING\)\n/);
    const own = form('ask-a-question', [{ kind: 'select', message: 'What next?', answer: 'save' }], {
      ask: [],
      lookups: { ...twoDistricts, own: twoDistricts.districts[1] },
    });
    await own.run();
    expect(own.io.stderrText()).toMatch(/Account\s+Valley High School \(TESTING\)\n/);
    for (const f of [one, own]) expect(f.io.stderrText()).not.toContain('(your district)');
  });

  it('names an acknowledgement by its label in the review, not by its key', async () => {
    const f = form(
      'data-restore',
      [
        { kind: 'confirm', message: 'Written Permission (required): do you confirm?', answer: false },
        { kind: 'select', message: 'What next?', answer: 'save' },
      ],
      {
        ask: [],
        values: {
          module: 'Census',
          approximateDateOfLoss: '2026-11-27',
          reasonForRestore: 'An enrollment was deleted by mistake.',
          subject: 'Restore deleted enrollment',
          description: 'Enrollment of one student was deleted.',
        },
      },
    );
    await f.run();
    const text = f.io.stderrText();
    expect(text).toContain('Not ready to submit:');
    expect(text).toMatch(/^ {2}Written Permission: /m);
    expect(text).not.toMatch(/^ {2}writtenPermission:/m);
  });
});
