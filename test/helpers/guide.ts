/**
 * The Support Portal guide's "Case Fields" table, as the tests know it: read from its one copy,
 * test/fixtures/guide-case-fields.txt (transcribed by hand from the guide; the fixture's header says
 * from where). Every test that needs the guide's fields, the types they display on, or which of a
 * type's fields are the catalog's own (not the guide's) asks here, so a field added to
 * schemas/catalog.yaml touches the fixture only when it is the guide's.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalog } from '../../src/domain/catalog/index.js';
import type { CaseTypeDef, FieldDef } from '../../src/domain/catalog/types.js';

export const GUIDE_FIXTURE = 'test/fixtures/guide-case-fields.txt';

export interface GuideEntry {
  kind: 'Field' | 'Type';
  label: string;
  /** The "Displays on Case Types" column: type labels, or ['All']. */
  displaysOn: string[];
  /** The definition, one line (the guide's line breaks joined). */
  text: string;
}

/** The fixture's blocks; lines are joined with spaces, except a line the guide broke after a hyphen (a URL). */
export function readGuide(): GuideEntry[] {
  const raw = readFileSync(fileURLToPath(new URL(`../../${GUIDE_FIXTURE}`, import.meta.url)), 'utf8');
  const entries: GuideEntry[] = [];
  for (const block of raw.split(/^== /m).slice(1)) {
    const [head, ...rest] = block.split('\n');
    const m = /^(Field|Type): (.+)$/.exec(head!.trim());
    if (!m) throw new Error(`${GUIDE_FIXTURE}: a block must start "== Field: <label>" or "== Type: <label>": ${head}`);
    let lines = rest.map((l) => l.trim()).filter((l) => l !== '');
    let displaysOn: string[] = [];
    if (lines[0]?.startsWith('displays on: ')) {
      displaysOn = lines[0].slice('displays on: '.length).split(', ');
      lines = lines.slice(1);
    }
    const text = lines.reduce(
      (acc, l) => (acc === '' ? l : acc.endsWith('-') && /https?:\/\/\S+-$/.test(acc) ? acc + l : `${acc} ${l}`),
      '',
    );
    entries.push({ kind: m[1] as 'Field' | 'Type', label: m[2]!.trim(), displaysOn, text });
  }
  return entries;
}

/** The rows of the guide's "Case Fields" table. */
export const guideFields = (): GuideEntry[] => readGuide().filter((e) => e.kind === 'Field');

const labels = new Set(guideFields().map((e) => e.label));

/** Whether the guide's table lists this field (by its label, as the guide prints it). */
export const inGuide = (f: Pick<FieldDef, 'label'>): boolean => labels.has(f.label);

/**
 * A type's fields the guide's table does not list: the catalog's own (`origin: rule`), e.g. the
 * acknowledgements its prose requires, or a field a maintainer added. Tests that walk the guide's
 * forms and pages leave these out of their scripts and check them apart.
 */
export const notInGuide = (type: Pick<CaseTypeDef, 'fields'>): FieldDef[] => type.fields.filter((f) => !inGuide(f));

/**
 * `case show`'s text without the sections of a type's own fields (not the guide's), which Case
 * Details lists empty ("-") as the portal does: what is left is the guide's page, label for label.
 * Throws when one of them is missing, so they are checked too.
 */
export function withoutOwnSections(text: string, typeId: string): string {
  const type = catalog.types.find((t) => t.id === typeId);
  if (!type) throw new Error(`no case type ${typeId} in the catalog`);
  let rest = text;
  for (const f of notInGuide(type).filter((x) => x.kind !== 'acknowledgement')) {
    const section = `\n\n${f.label}\n  -\n`;
    if (!rest.includes(section))
      throw new Error(`case show lacks the empty section of ${f.key} (${f.label}), a field of ${typeId}:\n${text}`);
    rest = rest.replace(section, '\n');
  }
  return rest;
}
