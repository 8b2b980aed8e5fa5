/**
 * A commented YAML skeleton of a case type, to fill in and pass to `case validate` or
 * `case submit --from-file`. Required fields are live keys; optional ones are commented out.
 * Pure: returns text.
 *
 * The catalog may be the portal's, so its text must not steer the file (issue 25, attack 3): a
 * line break in a label or help would start a live key (`attachments: [/etc/hostname]`) that the
 * user fills in around and submits. Portal text appears only inside comments, each made one line
 * first (every line break YAML 1.1 or an editor knows: CR, LF, NEL, U+2028/9); live lines hold
 * only the type's id, its field keys (both pattern-checked by the contract) and placeholders of
 * our own.
 */
import type { Catalog, CaseTypeDef, FieldDef } from './catalog/types.js';
import { flagName } from './catalog/index.js';
import { attachmentLimitsNote, choicesNote, limitNote, requiredNote } from './catalog/describe.js';
import { advisoryNote, advisoryRule } from './rules.js';
import { attachmentLimits } from './catalog/merge.js';
import { wrap } from './text.js';

// Every character a YAML parser (1.1 or 1.2) or an editor may take for the end of a line.
// eslint-disable-next-line no-control-regex
const LINE_BREAK = /[\r\n\u000b\u000c\u0085\u2028\u2029]+/g;

/** Portal text for a comment: one line, whatever breaks it held. */
const oneLine = (text: string): string => text.replace(LINE_BREAK, ' ');

/** Portal text as comment lines, wrapped. */
const note = (text: string): string => wrap(oneLine(text), 98, '#   ');

function yamlScalar(v: string): string {
  return /^[\w .,()/-]*$/.test(v) && !/^(true|false|null|yes|no|~|\d)/i.test(v) && v.trim() === v
    ? v
    : JSON.stringify(v);
}

function placeholder(f: FieldDef): string {
  switch (f.kind) {
    case 'longtext':
      return '|\n  ';
    case 'multichoice':
      // A live line holds no portal text: the choices are listed in the comment above.
      return '[]';
    case 'dates':
      return '[YYYY-MM-DD]';
    case 'date':
      return 'YYYY-MM-DD';
    case 'acknowledgement':
      return 'false';
    default:
      // Only on a commented line (a field with a default is optional), and as a quoted scalar.
      return f.default !== undefined ? yamlScalar(oneLine(f.default)) : '';
  }
}

export function caseTemplate(
  t: CaseTypeDef,
  view?: Pick<Catalog, 'listsFrom' | 'fieldsFrom' | 'source' | 'limits' | 'limitsFrom'>,
): string {
  const lines = [
    `# ${oneLine(`${t.label}: ${t.description}`)}`,
    `# Fill in the fields, then: ic-support case validate <this file>`,
    `#                          ic-support case submit --from-file <this file>`,
    `# Editors can check this file with the JSON Schema schemas/case-file.schema.json.`,
    `caseType: ${t.id}`,
  ];
  for (const f of t.fields) {
    const must = f.required && !f.default && !f.defaultFrom;
    lines.push('');
    const req = must
      ? (requiredNote(f, view) ?? 'required')
      : f.default
        ? `default ${oneLine(f.default)}`
        : f.defaultFrom
          ? f.defaultFrom === 'user'
            ? 'default: you'
            : 'default: your district'
          : 'optional';
    lines.push(`# ${oneLine(`${f.label} (${req}; flag ${flagName(f)})`)}`);
    lines.push(note(f.help));
    if (f.choices) lines.push(note(choicesNote(f, view, t)));
    const limit = limitNote(f, view);
    if (limit) lines.push(note(limit));
    if (f.statement)
      lines.push(note(`not a portal field: the guide's rule; when confirmed, the case text records: "${f.statement}"`));
    const rules = t.rules.filter(
      (r) => JSON.stringify(r.params).includes(`"${f.key}"`) && r.params.field !== 'priority',
    );
    for (const r of rules)
      lines.push(note(`rule: ${r.message.replace(/\{\w+\}/g, '…')}${advisoryRule(r) ? ` (${advisoryNote(r)})` : ''}`));
    const value = placeholder(f);
    const line = `${f.key}:${value.startsWith('|') ? ` ${value}` : value ? ` ${value}` : ''}`;
    lines.push(
      must || f.kind === 'acknowledgement'
        ? line
        : line
            .split('\n')
            .map((l) => `# ${l}`)
            .join('\n'),
    );
  }
  const files = attachmentLimitsNote(attachmentLimits(view ?? {}));
  lines.push(
    '',
    `# Files to attach once the case is filed (paths relative to this file)${files ? `; ${files}` : ''}:`,
    '# attachments: [screenshot.png]',
    '',
  );
  return lines.join('\n');
}
