/**
 * The case-type catalog (schemas/catalog.yaml, compiled to schemas/catalog.json) checked against the
 * vendor's Support Portal guide (the "Case Types" and "Case Fields" sections), plus the compiler's
 * own checks and the generated JSON Schema for case files.
 *
 * The expectations below are transcribed from the guide by hand, independently of the catalog: they
 * are what the catalog must say, not a copy of what it says. The "Case Fields" table is read from
 * its one copy, test/fixtures/guide-case-fields.txt (test/helpers/guide.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import type { Ajv2020 as Ajv2020Class, ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CatalogError, compileCatalog } from '../../src/domain/catalog/compile.js';
import { catalog as shippedCatalog } from '../../src/domain/catalog/index.js';
import type { CaseTypeDef, Catalog, FieldDef } from '../../src/domain/catalog/types.js';
import { generated } from '../../scripts/generated.js';
import { enforcedLimit, limitOf, mergeCatalog } from '../../src/domain/catalog/merge.js';
import { GUIDE_FIXTURE, guideFields, inGuide } from '../helpers/guide.js';

const root = (p: string): string => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const yamlText = readFileSync(root('schemas/catalog.yaml'), 'utf8');
const source = (): Record<string, unknown> => parse(yamlText) as Record<string, unknown>;
const catalog: Catalog = compileCatalog(source());

// ---------------------------------------------------------------------------------------------
// The guide, transcribed.
// ---------------------------------------------------------------------------------------------

const ALL = 'All';

/** "Case Types": label, description (as the guide words it) and the guide's examples, in guide order. */
const GUIDE_TYPES: { id: string; label: string; description: string; examples: string[] }[] = [
  {
    id: 'application-issue',
    label: 'Application Issue',
    description: 'Campus is not working as expected or you are experiencing a problem.',
    examples: ['Receiving error token', 'Teachers are unable to take attendance'],
  },
  {
    id: 'ask-a-question',
    label: 'Ask a Question',
    description: 'Ask a how-to question or for advice.',
    examples: [
      'What is the best way to set up a snow day?',
      'Where can I find a specific report?',
      "How do I end date a student's enrollment?",
    ],
  },
  {
    id: 'report-an-outage',
    label: 'Report an Outage',
    description: 'Campus is inaccessible for all (or most) users.',
    examples: ['Users are unable to access Infinite Campus'],
  },
  {
    id: 'request-training',
    label: 'Request Training',
    description: 'Enter a request to schedule Infinite Campus training.',
    examples: ['Request for Campus Learning training for teachers', 'Request for scheduling training for counselors'],
  },
  {
    id: 'data-restore',
    label: 'Data Restore',
    description: 'Request lost or deleted data be restored. We require your written permission.',
    examples: ['Restore deleted enrollment'],
  },
  {
    id: 'server-issue',
    label: 'Server Issue',
    description: 'Report an issue with your campus server.',
    examples: [
      'SQL database connection issues',
      'Hardware end of life',
      'Reporting server errors',
      'Data Warehouse server problems',
      'SSRS server access issues',
    ],
  },
  {
    id: 'server-access',
    label: 'Server Access',
    description:
      'Request Server, SQL Server, or SSRS Access. Note that Infinite Campus Schema Bootcamp training is required for SQL Server access.',
    examples: ['Request access to the database to run SQL scripts'],
  },
  {
    id: 'modify-support-contacts',
    label: 'Modify Support Contacts',
    description: 'Update or Replace your current Authorized Contacts',
    examples: [
      'Add an additional contact after the purchase of a Premium Suite',
      'Replace the existing Authorized Contact after a retirement',
    ],
  },
  {
    id: 'request-consulting',
    label: 'Request Consulting',
    description:
      'Request time with an Infinite Campus Business Consultant, who can guide you on the use of advanced system features and help align current and future business processes with SIS functionality.',
    examples: [
      'Request assistance on assessments, custom tabs, grading consultation, standards-based grading or scheduling',
    ],
  },
  {
    id: 'request-technical-services',
    label: 'Request Technical Services',
    description:
      'Report an issue with an existing Technical Services project, request a new project, or submit a modification to an existing project.',
    examples: [
      'Existing custom project (fix/modification)',
      'Custom report, report card, or transcript',
      'Data import/export/modification',
      'Integrations with 3rd Party applications (not 1EdTech integrations)',
      'Other Services (e.g. one-off requests)',
    ],
  },
];

/**
 * "Case Fields": field label -> the case types it displays on, as the guide's table says. Read from
 * the table's one copy (test/fixtures/guide-case-fields.txt, also the help texts' reference).
 */
const GUIDE_FIELDS: Record<string, string[]> = Object.fromEntries(guideFields().map((e) => [e.label, e.displaysOn]));

/** The guide's "Case Example": a well-written Application Issue case, as a case file. */
const MODEL_CASE = {
  caseType: 'application-issue',
  account: 'Bayside School (TESTING)',
  contact: 'Zack Morris (TESTING)',
  type: 'Campus Application',
  module: 'Grade Book',
  subject: 'Teachers unable to post grades',
  description:
    'None of the English Literature teachers at 21-22 Campus High School are able to post grades. When they try to click the Post button in their grade books, it is greyed out and inactive. This is only happening for teachers who teach this course.\n\nExample: Anne Shirley, English Lit 1100-1, Quarter 1, Quarter grading task',
  stepsToReproduce:
    '1. Log in as teacher Anne Shirley\n2. In Campus Learning, go to Grade Book for 1100-1\n3. Select Q1, Quarter grade task\n4. Click Post. Note that it is greyed out and cannot be pushed.',
  environmentChanges: 'None',
  whoIsImpacted: 'English Lit 1100 teachers',
  issueBegan: '09/07/2021',
  expectedResults: 'Post button to be active',
};

// ---------------------------------------------------------------------------------------------

function typeById(id: string, cat: Catalog = catalog): CaseTypeDef {
  const t = cat.types.find((x) => x.id === id);
  if (!t) throw new Error(`no case type ${id} in the catalog`);
  return t;
}

function field(typeId: string, key: string): FieldDef {
  const f = typeById(typeId).fields.find((x) => x.key === key);
  if (!f) throw new Error(`case type ${typeId} has no field ${key}`);
  return f;
}

const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

describe('case types (guide: "Case Types")', () => {
  it('has exactly the ten case types of the guide, in the guide order, with kebab-case ids', () => {
    expect(catalog.types.map((t) => t.id)).toEqual(GUIDE_TYPES.map((t) => t.id));
    for (const t of catalog.types) {
      expect(t.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      // The id is the guide's label, kebab-cased.
      expect(t.id).toBe(t.label.toLowerCase().replace(/\s+/g, '-'));
    }
  });

  it.each(GUIDE_TYPES)("$id: label, description and examples are the guide's", (g) => {
    const t = typeById(g.id);
    expect(t.label).toBe(g.label);
    expect(t.description.trim()).not.toBe('');
    expect(t.description.replace(/\s+/g, ' ')).toContain(g.description);
    expect(t.examples.length).toBeGreaterThan(0);
    for (const ex of t.examples) expect(ex.trim()).not.toBe('');
    // Every example the guide gives for the type is in the catalog, word for word.
    for (const ex of g.examples) expect(t.examples).toContain(ex);
  });

  it('the catalog the CLI loads (schemas/catalog.json) is the compiled YAML', () => {
    expect(shippedCatalog).toEqual(catalog);
  });
});

describe('fields per case type (guide: "Case Fields" table)', () => {
  const guideLabelsFor = (typeLabel: string): string[] =>
    sorted(
      Object.entries(GUIDE_FIELDS)
        .filter(([, on]) => on.includes(ALL) || on.includes(typeLabel))
        .map(([label]) => label),
    );

  it('the transcribed table covers the ten types (sanity check of the transcription)', () => {
    const named = new Set(Object.values(GUIDE_FIELDS).flat());
    named.delete(ALL);
    for (const n of named) expect(GUIDE_TYPES.map((t) => t.label)).toContain(n);
  });

  it.each(GUIDE_TYPES)('$label shows exactly the fields the guide lists for it', (g) => {
    const t = typeById(g.id);
    const fromGuide = t.fields.filter((f) => f.origin !== 'rule').map((f) => f.label);
    expect(
      sorted(fromGuide),
      `the fields of ${g.id} in schemas/catalog.yaml (but those marked origin: rule) are those whose "displays on:" in ${GUIDE_FIXTURE} names ${g.label}`,
    ).toEqual(guideLabelsFor(g.label));
    // No field is listed twice on a form.
    expect(new Set(t.fields.map((f) => f.key)).size).toBe(t.fields.length);
  });

  it('the five common fields are on all ten types', () => {
    for (const t of catalog.types) {
      const labels = t.fields.map((f) => f.label);
      for (const common of ['Account', 'Contact', 'Priority', 'Subject', 'Description'])
        expect(labels).toContain(common);
    }
  });

  it('each guide label is one catalog field (same key and kind on every type that shows it)', () => {
    const byLabel = new Map<string, Set<string>>();
    for (const t of catalog.types) {
      for (const f of t.fields) {
        const s = byLabel.get(f.label) ?? new Set<string>();
        s.add(`${f.key}:${f.kind}`);
        byLabel.set(f.label, s);
      }
    }
    for (const [label, variants] of byLabel) expect([label, variants.size]).toEqual([label, 1]);
  });

  it("a field the guide's table does not list is marked origin: rule, and one marked so is not in the table", () => {
    for (const t of catalog.types)
      for (const f of t.fields) {
        const where = `schemas/catalog.yaml fields.${f.key} (${f.label}, on ${t.id})`;
        if (f.origin === 'rule')
          expect(inGuide(f), `${where} is marked origin: rule but ${GUIDE_FIXTURE} lists it: drop the mark`).toBe(
            false,
          );
        else
          expect(
            inGuide(f),
            `${where} is not in ${GUIDE_FIXTURE}: add the guide's row there, or mark the field origin: rule (not the guide's)`,
          ).toBe(true);
      }
  });

  it("the acknowledgements are the two the guide's prose requires (not fields of its table)", () => {
    const acknowledgements = catalog.types.flatMap((t) =>
      t.fields.filter((f) => f.kind === 'acknowledgement').map((f) => [t.id, f.key, f.origin]),
    );
    expect(acknowledgements).toEqual([
      ['data-restore', 'writtenPermission', 'rule'],
      ['server-access', 'schemaBootcampCompleted', 'rule'],
    ]);
  });

  it('"Preferred Training Date" is one field holding up to three dates; consult dates are three date fields', () => {
    const training = field('request-training', 'preferredTrainingDates');
    expect([training.label, training.kind, training.maxItems]).toEqual(['Preferred Training Date', 'dates', 3]);
    const consult = typeById('request-consulting').fields.filter((f) => f.label.startsWith('Preferred Consult Date'));
    expect(consult.map((f) => [f.key, f.label, f.kind])).toEqual([
      ['preferredConsultDate', 'Preferred Consult Date', 'date'],
      ['preferredConsultDate2', 'Preferred Consult Date 2', 'date'],
      ['preferredConsultDate3', 'Preferred Consult Date 3', 'date'],
    ]);
  });
});

describe('choice lists', () => {
  it('Priority is Critical, High, Medium, Low and defaults to Medium on every type', () => {
    for (const t of catalog.types) {
      const p = field(t.id, 'priority');
      expect(p.kind).toBe('choice');
      expect(p.choices).toEqual(['Critical', 'High', 'Medium', 'Low']);
      expect(p.default).toBe('Medium');
    }
  });

  it('Contact Type is Authorized, Technical, Read Only', () => {
    const f = field('modify-support-contacts', 'contactType');
    expect([f.kind, f.choices]).toEqual(['choice', ['Authorized', 'Technical', 'Read Only']]);
  });

  it('Area of Responsibility is a multi-choice of the seven areas the guide lists', () => {
    const f = field('modify-support-contacts', 'areaOfResponsibility');
    expect(f.kind).toBe('multichoice');
    expect(f.choices).toEqual([
      'SIS',
      'Food Service',
      'Human Resources',
      'Finance',
      'Online Payments',
      'Voice Messenger',
      'State Edition',
    ]);
  });

  it('Server Access request types are Server, SQL Server, SSRS', () => {
    expect(field('server-access', 'requestType').choices).toEqual(['Server', 'SQL Server', 'SSRS']);
  });

  it('Modify Support Contacts request types are Add, Update, Replace', () => {
    expect(field('modify-support-contacts', 'requestType').choices).toEqual(['Add', 'Update', 'Replace']);
  });

  it('Module is alphabetical with "Not Applicable" last, the same on every type that shows it', () => {
    const withModule = catalog.types.filter((t) => t.fields.some((f) => f.key === 'module'));
    expect(withModule.map((t) => t.id)).toEqual([
      'application-issue',
      'ask-a-question',
      'data-restore',
      'server-issue',
      'request-technical-services',
    ]);
    const first = field('application-issue', 'module').choices ?? [];
    expect(first.length).toBeGreaterThan(1);
    expect(first.at(-1)).toBe('Not Applicable');
    const listed = first.slice(0, -1);
    expect(listed).toEqual([...listed].sort((a, b) => a.localeCompare(b, 'en')));
    expect(listed).not.toContain('Not Applicable');
    expect(new Set(first).size).toBe(first.length);
    // The guide's example case uses "Grade Book".
    expect(first).toContain('Grade Book');
    for (const t of withModule) expect(field(t.id, 'module').choices).toEqual(first);
  });

  it('every choice field has a non-empty list of distinct choices, and its default is one of them', () => {
    for (const t of catalog.types) {
      for (const f of t.fields.filter((x) => x.kind === 'choice' || x.kind === 'multichoice')) {
        expect(f.choices?.length ?? 0).toBeGreaterThan(0);
        expect(new Set(f.choices).size).toBe(f.choices?.length);
        if (f.default !== undefined) expect(f.choices).toContain(f.default);
      }
    }
  });

  it('the model case\'s Type "Campus Application" is an Application Issue type', () => {
    expect(field('application-issue', 'type').choices).toContain('Campus Application');
  });
});

describe('generated files', () => {
  it('schemas/catalog.json and schemas/case-file.schema.json are fresh', () => {
    for (const { path, text } of generated()) {
      let onDisk = '';
      try {
        onDisk = readFileSync(path, 'utf8');
      } catch {
        // missing: stale
      }
      expect(onDisk, `${path} is stale: run npm run gen`).toBe(text);
    }
  });

  it('schemas/catalog.json equals compileCatalog(parse(catalog.yaml))', () => {
    const onDisk = JSON.parse(readFileSync(root('schemas/catalog.json'), 'utf8')) as unknown;
    expect(onDisk, 'schemas/catalog.json is stale: run npm run gen').toEqual(compileCatalog(source()));
  });

  it('package.json has the `gen` script the stale message tells you to run', () => {
    const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { scripts?: Record<string, string> };
    expect(pkg.scripts?.gen ?? '(no "gen" script)').toContain('scripts/gen.ts');
  });
});

describe('compileCatalog rejects a broken catalog, naming the place', () => {
  type Src = {
    fields: Record<string, Record<string, unknown>>;
    types: { id: string; fields: string[] }[];
    rules: { params: Record<string, unknown> }[];
  };

  function problems(mutate: (s: Src) => void): string[] {
    const s = structuredClone(source()) as unknown as Src;
    mutate(s);
    try {
      compileCatalog(s);
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogError);
      const err = e as CatalogError;
      for (const p of err.problems) expect(err.message).toContain(p);
      return err.problems;
    }
    throw new Error('compileCatalog accepted the broken catalog');
  }

  it('accepts the catalog as it is', () => {
    expect(() => compileCatalog(source())).not.toThrow();
  });

  it("a typo in a type's field list", () => {
    expect(
      problems((s) => {
        s.types[0]!.fields[4] = 'modul';
      }),
    ).toEqual(['types[0].fields[4]: unknown field "modul"']);
  });

  it('an unknown field kind', () => {
    const p = problems((s) => {
      s.fields.subject!.kind = 'string';
    });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^fields\.subject\.kind: /);
  });

  it('a rule naming an unknown field', () => {
    const p = problems((s) => {
      const rule = s.rules.find((r) => r.params.field === 'issueBegan');
      rule!.params.field = 'issueBegun';
    });
    const ri = source() as unknown as Src;
    const index = ri.rules.findIndex((r) => r.params.field === 'issueBegan');
    expect(p[0]).toBe(`rules[${index}].params: unknown field "issueBegun"`);
  });

  it('a rule whose `when` names an unknown field', () => {
    const s0 = source() as unknown as Src;
    const index = s0.rules.findIndex((r) => (r.params.when as { field?: string } | undefined)?.field === 'requestType');
    expect(index).toBeGreaterThanOrEqual(0);
    const p = problems((s) => {
      (s.rules[index]!.params.when as { field: string }).field = 'reqType';
    });
    expect(p).toContain(`rules[${index}].params: unknown field "reqType"`);
  });

  it('a type without subject', () => {
    expect(
      problems((s) => {
        s.types[2]!.fields = s.types[2]!.fields.filter((k) => k !== 'subject');
      }),
    ).toEqual(['types[2].fields: every type has subject; "report-an-outage" lacks it']);
  });

  it('a duplicate type id', () => {
    expect(
      problems((s) => {
        s.types.push(structuredClone(s.types[0]!));
      }),
    ).toEqual(['types[10].id: duplicate type id "application-issue"']);
  });
});

describe('the case-file JSON Schema (schemas/case-file.schema.json)', () => {
  // ajv and ajv-formats are CommonJS; their default export may arrive wrapped.
  type AjvCtor = typeof Ajv2020Class;
  const AjvClass = ((Ajv2020 as unknown as { default?: AjvCtor }).default ?? Ajv2020) as unknown as AjvCtor;
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: InstanceType<AjvCtor>,
  ) => unknown;

  function compile() {
    const ajv = new AjvClass({ allErrors: true, strict: true });
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(root('schemas/case-file.schema.json'), 'utf8')) as Record<string, unknown>;
    return ajv.compile(schema);
  }

  it('compiles with Ajv (draft 2020-12, strict)', () => {
    expect(() => compile()).not.toThrow();
  });

  it("accepts the guide's model case", () => {
    const validate = compile();
    expect(validate(MODEL_CASE), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects a file with an unknown key', () => {
    const validate = compile();
    expect(validate({ ...MODEL_CASE, stepsToReproduse: 'typo' })).toBe(false);
    const hit = (validate.errors ?? []).filter(
      (e: ErrorObject) =>
        e.keyword === 'additionalProperties' &&
        (e.params as { additionalProperty?: string }).additionalProperty === 'stepsToReproduse',
    );
    expect(hit.length).toBeGreaterThan(0);
  });

  it('rejects the model case without its subject, or with an unknown case type', () => {
    const validate = compile();
    const { subject: _subject, ...noSubject } = MODEL_CASE;
    expect(validate(noSubject)).toBe(false);
    expect(validate({ ...MODEL_CASE, caseType: 'application-issues' })).toBe(false);
  });
});

describe('limits the guide never states: which may stop the user', () => {
  const portal = mergeCatalog(shippedCatalog, {
    catalog: { catalogVersion: 'p1', types: shippedCatalog.types, limits: { attachmentMaxBytes: 1024 } },
    source: { kind: 'portal', version: 'p1' },
  });
  const offline = mergeCatalog(shippedCatalog);

  it("each limit is labeled with whose it is: this portal's when its catalog states it, else the bundled default", () => {
    expect(limitOf(portal, 'attachmentMaxBytes')).toEqual({ value: 1024, from: 'portal' });
    expect(limitOf(portal, 'attachmentsPerCase')).toEqual({ value: 10, from: 'bundled' });
    expect(limitOf(offline, 'attachmentMaxBytes')).toEqual({ value: 26214400, from: 'bundled' });
  });

  it("only the portal's stated limits are enforced (a download, a password, a file): the bundled default never is", () => {
    expect(enforcedLimit(portal, 'attachmentMaxBytes')).toBe(1024);
    expect(enforcedLimit(portal, 'attachmentsPerCase')).toBeUndefined();
    expect(enforcedLimit(portal, 'passwordMinLength')).toBeUndefined();
    expect(enforcedLimit(offline, 'attachmentMaxBytes')).toBeUndefined();
  });
});
