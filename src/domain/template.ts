/**
 * A commented YAML skeleton of a case type, to fill in and pass to `case validate` or
 * `case submit --from-file`. Required fields are live keys; optional ones are commented out.
 * Pure: returns text.
 */
import type { Catalog, CaseTypeDef, FieldDef } from './catalog/types.js';
import { flagName } from './catalog/index.js';
import { attachmentLimitsNote, choicesNote, limitNote } from './catalog/describe.js';
import { attachmentLimits } from './catalog/merge.js';
import { wrap } from './text.js';

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
      return `[${yamlScalar(f.choices?.[0] ?? '')}]`;
    case 'dates':
      return '[YYYY-MM-DD]';
    case 'date':
      return 'YYYY-MM-DD';
    case 'acknowledgement':
      return 'false';
    default:
      return f.default !== undefined ? yamlScalar(f.default) : '';
  }
}

export function caseTemplate(
  t: CaseTypeDef,
  view?: Pick<Catalog, 'listsFrom' | 'fieldsFrom' | 'source' | 'limits' | 'limitsFrom'>,
): string {
  const lines = [
    `# ${t.label}: ${t.description}`,
    `# Fill in the fields, then: ic-support case validate <this file>`,
    `#                          ic-support case submit --from-file <this file>`,
    `# Editors can check this file with the JSON Schema schemas/case-file.schema.json.`,
    `caseType: ${t.id}`,
  ];
  for (const f of t.fields) {
    const must = f.required && !f.default && !f.defaultFrom;
    lines.push('');
    const req = must
      ? 'required'
      : f.default
        ? `default ${f.default}`
        : f.defaultFrom
          ? f.defaultFrom === 'user'
            ? 'default: you'
            : 'default: your district'
          : 'optional';
    lines.push(`# ${f.label} (${req}; flag ${flagName(f)})`);
    lines.push(wrap(f.help, 98, '#   '));
    if (f.choices) lines.push(wrap(choicesNote(f, view), 98, '#   '));
    const limit = limitNote(f, view);
    if (limit) lines.push(wrap(limit, 98, '#   '));
    if (f.statement)
      lines.push(
        wrap(
          `not a portal field: the guide's rule; when confirmed, the case text records: "${f.statement}"`,
          98,
          '#   ',
        ),
      );
    const rules = t.rules.filter(
      (r) => JSON.stringify(r.params).includes(`"${f.key}"`) && r.params.field !== 'priority',
    );
    for (const r of rules) lines.push(wrap(`rule: ${r.message.replace(/\{\w+\}/g, '…')}`, 98, '#   '));
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
