/** The case as it will be sent, field by field under the catalog's labels (the form's review). */
import type { CaseTypeDef } from '../domain/catalog/types.js';
import type { Styler } from '../io/style.js';
import { textWidth, wrap } from '../domain/text.js';

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

/** Below this many columns beside the labels, each value goes under its label instead. */
const MIN_VALUE_COLUMNS = 24;

/**
 * The review, fitted to `columns` (Infinity: as wide as it comes): each value beside its label,
 * wrapped at word boundaries under itself, its paragraphs (blank lines) kept; on a terminal too
 * narrow for that, each value under its label.
 */
export function renderDraft(
  type: CaseTypeDef,
  values: Record<string, unknown>,
  s: Styler,
  extras: DraftExtras = {},
  columns = Infinity,
): string {
  const labels = [
    ...type.fields.map((f) => f.label),
    ...(extras.related ? ['Related'] : []),
    ...(extras.attachments?.length ? ['Attachments'] : []),
  ];
  const width = Math.max(...labels.map((l) => textWidth(l)));
  const beside = columns - (width + 4) >= MIN_VALUE_COLUMNS;
  const valueIndent = beside ? ' '.repeat(width + 4) : '    ';
  const lines = [s.bold(`${type.label} case`)];
  const fit = (text: string, first: string): string =>
    columns === Infinity || text === '' ? first + text : wrap(text, columns, valueIndent, first);
  const put = (label: string, shown: string): void => {
    const [first = '', ...rest] = shown.split('\n');
    if (beside) lines.push(fit(first, `  ${label}${' '.repeat(width - textWidth(label))}  `).trimEnd());
    else {
      lines.push(`  ${label}`);
      lines.push(fit(first, valueIndent));
    }
    // A blank line between paragraphs stays blank (no trailing spaces).
    for (const r of rest) lines.push(r.trim() === '' ? '' : fit(r, valueIndent));
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
