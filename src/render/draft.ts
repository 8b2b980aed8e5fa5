/** The case as it will be sent, field by field under the catalog's labels (the form's review). */
import type { CaseTypeDef } from '../domain/catalog/types.js';
import type { Styler } from '../io/style.js';

function show(v: unknown): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** What the review shows besides the fields: who the case is for, what it is about, its files. */
export interface DraftExtras {
  /** The contact by name ("Zack Morris (TESTING)"), as resolved for the user. */
  contact?: string;
  /** The district the case is filed for, by name, when no account was given (the one it defaults to). */
  account?: string;
  /** The notification the case is about, as it is sent. */
  related?: string;
  attachments?: string[];
}

export function renderDraft(
  type: CaseTypeDef,
  values: Record<string, unknown>,
  s: Styler,
  extras: DraftExtras = {},
): string {
  const labels = [
    ...type.fields.map((f) => f.label),
    ...(extras.related ? ['Related'] : []),
    ...(extras.attachments?.length ? ['Attachments'] : []),
  ];
  const width = Math.max(...labels.map((l) => l.length));
  const lines = [s.bold(`${type.label} case`)];
  const put = (label: string, shown: string): void => {
    const [first, ...rest] = shown.split('\n');
    lines.push(`  ${label.padEnd(width)}  ${first}`);
    for (const r of rest) lines.push(`  ${' '.repeat(width)}  ${r}`);
  };
  for (const f of type.fields) {
    const v = values[f.key];
    if (f.kind === 'contact' && extras.contact) put(f.label, extras.contact);
    else if (f.kind === 'account' && v === undefined && extras.account) put(f.label, extras.account);
    else
      put(
        f.label,
        v === undefined
          ? s.dim(
              f.default ??
                (f.defaultFrom === 'user'
                  ? '(you)'
                  : f.defaultFrom === 'user-district'
                    ? '(not chosen: give --account)'
                    : '—'),
            )
          : show(v),
      );
  }
  if (extras.related) put('Related', extras.related);
  if (extras.attachments?.length) put('Attachments', extras.attachments.join('\n'));
  return lines.join('\n');
}
