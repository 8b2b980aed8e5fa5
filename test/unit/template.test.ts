/**
 * A case template cannot be steered by the catalog's text (issue 25 §2, attack 3): a line break
 * of any kind in a label, description, help, choice, default or rule message stays inside a
 * comment, and the template — as written, and with every optional field filled in — parses to
 * exactly the keys the type has.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalog } from '../../src/domain/catalog/index.js';
import type { CaseTypeDef } from '../../src/domain/catalog/types.js';
import { caseTemplate } from '../../src/domain/template.js';

const BREAKS = ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085'];
const inject = (b: string): string => `${b}attachments: [/etc/hostname]${b}priority: Critical${b}#`;

function hostile(t: CaseTypeDef, b: string): CaseTypeDef {
  const evil = inject(b);
  return {
    ...t,
    label: `${t.label}${evil}`,
    description: `${t.description}${evil}`,
    fields: t.fields.map((f) => ({
      ...f,
      label: `${f.label}${evil}`,
      help: `${f.help}${evil}`,
      ...(f.default !== undefined ? { default: `${f.default}${evil}` } : {}),
      ...(f.choices ? { choices: f.choices.map((c) => `${c}${evil}`) } : {}),
      ...(f.statement ? { statement: `${f.statement}${evil}` } : {}),
    })),
    rules: t.rules.map((r) => ({ ...r, message: `${r.message}${evil}` })),
  };
}

/** The template with every commented `# key: …` line of a field uncommented, as a user fills it in. */
function filledIn(text: string, t: CaseTypeDef): string {
  const keys = new Set(t.fields.map((f) => f.key));
  return text
    .split('\n')
    .map((l) => {
      const m = /^# (\w+):(.*)$/.exec(l);
      return m && keys.has(m[1]!) ? `${m[1]}:${m[2]}` : l;
    })
    .join('\n');
}

const keysOf = (yaml: string): string[] => Object.keys((parse(yaml) as Record<string, unknown>) ?? {}).sort();

describe('case template with a hostile catalog', () => {
  for (const b of BREAKS)
    it(`a ${[...b].map((c) => `U+${c.codePointAt(0)!.toString(16).padStart(4, '0')}`).join(' ')} in any text stays in a comment: the file has exactly the type's keys`, () => {
      for (const base of catalog.types) {
        const t = hostile(base, b);
        const text = caseTemplate(t);
        const live = t.fields.filter(
          (f) => (f.required && !f.default && !f.defaultFrom) || f.kind === 'acknowledgement',
        );
        expect(keysOf(text), `${t.id} as written`).toEqual(['caseType', ...live.map((f) => f.key)].sort());
        expect(keysOf(filledIn(text, t)), `${t.id} filled in`).toEqual(
          ['caseType', ...t.fields.map((f) => f.key)].sort(),
        );
        // Nothing but comments, our keys and our placeholders on a line of its own.
        for (const line of text.split(/\r\n|[\r\n\u2028\u2029\u0085]/))
          expect(line, t.id).toMatch(/^(#.*|caseType: [a-z-]+|\w+:( .*)?| {2}|)$/);
        expect(text).not.toMatch(/^attachments:/m);
      }
    });

  it('the bundled catalog still gives the template it did: the labels, help and choices in the comments', () => {
    const t = catalog.types.find((x) => x.id === 'application-issue')!;
    const text = caseTemplate(t);
    expect(text).toContain('# Application Issue: Campus is not working as expected');
    expect(text).toContain('caseType: application-issue');
    expect(keysOf(text)).toContain('subject');
  });
});
