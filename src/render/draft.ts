/** The case as it will be sent, field by field under the catalog's labels (review screen, dry run). */
import type { CaseTypeDef } from '../domain/catalog/types.js';
import type { Styler } from '../io/style.js';

function show(v: unknown): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export function renderDraft(type: CaseTypeDef, values: Record<string, unknown>, s: Styler): string {
  const width = Math.max(...type.fields.map((f) => f.label.length));
  const lines = [s.bold(`${type.label} case`)];
  for (const f of type.fields) {
    const v = values[f.key];
    const shown = v === undefined ? s.dim(f.default ?? (f.defaultFrom === 'user' ? '(you)' : f.defaultFrom === 'user-district' ? '(your district)' : '—')) : show(v);
    const [first, ...rest] = shown.split('\n');
    lines.push(`  ${f.label.padEnd(width)}  ${first}`);
    for (const r of rest) lines.push(`  ${' '.repeat(width)}  ${r}`);
  }
  return lines.join('\n');
}
