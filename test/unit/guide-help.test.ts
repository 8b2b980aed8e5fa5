/**
 * Every field's help is the guide's definition, whole (issue 13 §9): the catalog's help texts and
 * the descriptions that point elsewhere (Data Restore, Request Consulting, Server Access) compared
 * word for word with test/fixtures/guide-case-fields.txt, a copy of the guide made by hand.
 *
 * The only differences allowed are listed in ADAPTED: where the guide describes the web page's
 * controls (a dropdown, the Available/Chosen arrows) the help names the flag and the form's list
 * instead, and one typo of the guide is corrected. Anything else the catalog shortens, rewords or
 * adds fails here.
 */
import { describe, expect, it } from 'vitest';
import { catalog, flagName } from '../../src/domain/catalog/index.js';
import type { FieldDef } from '../../src/domain/catalog/types.js';
import { GUIDE_FIXTURE, readGuide, type GuideEntry } from '../helpers/guide.js';

const guide = readGuide();
const guideFields = guide.filter((e) => e.kind === 'Field');
const oneSpace = (s: string): string => s.replace(/\s+/g, ' ').trim();
/** Words only: the guide's bullet lists become sentences in one line of help. */
const words = (s: string): string[] => s.split(/[\s.;,]+/).filter(Boolean);

/**
 * The guide's words that describe the web page's controls, and what the help says instead. The
 * replacement must name the field's flag (a command-line user has no dropdown).
 */
const ADAPTED: Record<string, { guide: string; help: string; why: string }[]> = {
  Account: [
    {
      guide: 'may use the dropdown to select the proper district.',
      help: 'may select the proper district (--account, or the list the form shows).',
      why: 'dropdown -> flag / form list',
    },
  ],
  Contact: [
    {
      guide: 'Use the dropdown to select another contact name.',
      help: 'Give another contact name with --contact (a name, email or contact id), or select it from the list the form shows.',
      why: 'dropdown -> flag / form list',
    },
  ],
  'Contact Type': [{ guide: 'the contact with be', help: 'the contact will be', why: 'the guide\'s typo "with be"' }],
  'Area of Responsibility': [
    {
      guide: 'by highlighting the desired options from Available and using the arrows to move them into Chosen.',
      help: "by choosing the desired options (repeat --area-of-responsibility, or check them in the form's list).",
      why: 'Available/Chosen arrows -> flag / form list',
    },
    {
      guide: 'SIS Food Service Human Resources Finance Online Payments Voice Messenger State Edition',
      help: 'SIS, Food Service, Human Resources, Finance, Online Payments, Voice Messenger, State Edition.',
      why: 'a list on one line',
    },
  ],
};

function expectedHelp(e: GuideEntry): string {
  let text = e.text;
  for (const a of ADAPTED[e.label] ?? []) {
    expect(text, `the fixture's ${e.label} holds "${a.guide}"`).toContain(a.guide);
    text = text.replace(a.guide, a.help);
  }
  return text;
}

/** The catalog's fields that claim to be the guide's: all but those marked `origin: rule`. */
const catalogFields = (): FieldDef[] => {
  const seen = new Map<string, FieldDef>();
  for (const t of catalog.types)
    for (const f of t.fields) if (f.origin !== 'rule' && !seen.has(f.label)) seen.set(f.label, f);
  return [...seen.values()];
};

describe("help texts are the guide's definitions, whole", () => {
  it("the fixture's rows are well formed: each field once, with the types it displays on and its definition", () => {
    expect(guideFields.length).toBeGreaterThan(0);
    expect(new Set(guideFields.map((e) => e.label)).size, `a label twice in ${GUIDE_FIXTURE}`).toBe(guideFields.length);
    for (const e of guideFields) {
      expect(e.displaysOn.length, `${GUIDE_FIXTURE}: ${e.label} needs a "displays on:" line`).toBeGreaterThan(0);
      expect(e.text, `${GUIDE_FIXTURE}: ${e.label} needs the guide's definition`).not.toBe('');
    }
  });

  it("every field of the catalog is in the guide's table and every field of the table is in the catalog", () => {
    const table = new Set(guideFields.map((e) => e.label));
    const fields = catalogFields().map((f) => f.label);
    const notInTable = fields.filter((l) => !table.has(l));
    expect(
      notInTable,
      `fields of schemas/catalog.yaml that ${GUIDE_FIXTURE} (the guide's "Case Fields" table) lacks: a field of the guide goes in the fixture too (its label, "displays on:" and definition, as the guide prints them); a field that is not the guide's is marked \`origin: rule\` in the catalog`,
    ).toEqual([]);
    expect(
      [...table].filter((l) => !fields.includes(l)),
      `rows of ${GUIDE_FIXTURE} that no field of schemas/catalog.yaml has (by label)`,
    ).toEqual([]);
  });

  it.each(guideFields.map((e) => [e.label, e] as const))(
    "%s: the help is the guide's definition, word for word",
    (_label, e) => {
      const fields = catalog.types.flatMap((t) => t.fields.filter((f) => f.label === e.label));
      expect(fields.length).toBeGreaterThan(0);
      // One help per field, on every type that shows it.
      for (const f of fields)
        expect(
          oneSpace(f.help),
          `the help of ${f.key} in schemas/catalog.yaml is the definition in ${GUIDE_FIXTURE}`,
        ).toBe(expectedHelp(e));
    },
  );

  it.each(Object.entries(ADAPTED).map(([label, list]) => [label, list] as const))(
    "%s: what replaces the web page's controls names the flag",
    (label, list) => {
      const f = catalogFields().find((x) => x.label === label)!;
      for (const a of list.filter((x) => x.why.includes('flag'))) expect(a.help).toContain(flagName(f));
    },
  );

  it('the fields are on the types the guide\'s "Displays on Case Types" column names', () => {
    for (const e of guideFields) {
      const on = catalog.types.filter((t) => t.fields.some((f) => f.label === e.label)).map((t) => t.label);
      expect(on, e.label).toEqual(e.displaysOn[0] === 'All' ? catalog.types.map((t) => t.label) : e.displaysOn);
    }
  });
});

describe("case type descriptions that point elsewhere are the guide's, whole", () => {
  it.each(guide.filter((e) => e.kind === 'Type').map((e) => [e.label, e] as const))('%s', (label, e) => {
    const t = catalog.types.find((x) => x.label === label)!;
    expect(words(t.description)).toEqual(words(e.text));
  });

  it('Data Restore points to the Campus Data Retention Policy, in its description and in its 30-day rule', () => {
    const t = catalog.types.find((x) => x.id === 'data-restore')!;
    expect(t.description).toContain('see the Campus Data Retention Policy');
    expect(t.rules.find((r) => r.id === 'data-restore-retention-window')!.message).toContain(
      'Campus Data Retention Policy',
    );
  });

  it('Request Consulting points to the business-consulting page the guide names', () => {
    const t = catalog.types.find((x) => x.id === 'request-consulting')!;
    expect(t.description).toContain('https://www.infinitecampus.com/services/technical-services/business-consulting');
  });
});
