/**
 * The text of `ic-support case show`: the guide's Case Details (facts beside their labels, long
 * text under headings), then the comment thread and the attachments. Pure: takes the view models
 * of src/domain/case-view.ts and returns a string.
 */
import type { CaseDetails, ThreadView } from '../domain/case-view.js';
import type { Styler } from '../io/style.js';
import { wrap } from '../domain/text.js';

const INDENT = '  ';

/** Keeps the author's line breaks and wraps each paragraph line to the width. */
export function indentText(text: string, width: number, indent = INDENT): string {
  return text
    .split(/\r?\n/)
    .map((l) => (l.trim() === '' ? '' : width === Infinity ? indent + l.trimEnd() : wrap(l, width, indent)))
    .join('\n');
}

export function renderCaseDetails(
  d: CaseDetails,
  thread: ThreadView,
  s: Styler,
  width = Infinity,
  url?: string,
): string {
  const out: string[] = [];
  // The guide's page first, label for label; then, apart, what that page does not show.
  out.push(s.bold('Case Details'));
  const labelWidth = Math.max(...[...d.facts, ...d.apart].map((f) => f.label.length)) + 2;
  const fit = (text: string, indent = '', first = indent): string =>
    width === Infinity ? first + text : wrap(text, width, indent, first);
  // A value wider than what is left beside its label wraps under itself (the label stays alone).
  const fact = (f: { label: string; value: string }): string =>
    `${s.dim(f.label.padEnd(labelWidth))}${fit(f.value === '' ? '-' : f.value, ' '.repeat(labelWidth)).slice(labelWidth)}`;
  for (const f of d.facts) out.push(fact(f));
  for (const sec of d.sections) {
    out.push('');
    out.push(s.bold(sec.label));
    out.push(sec.text.trim() === '' ? `${INDENT}-` : indentText(sec.text, width));
  }
  out.push('');
  out.push(s.dim('—'.repeat(Math.min(40, width === Infinity ? 40 : width))));
  out.push(s.bold(fit(`Case ${d.number}: status`, INDENT, '')));
  for (const f of d.apart) {
    if (f.label !== 'Status') out.push(fact(f));
    else out.push(`${s.dim(f.label.padEnd(labelWidth))}${d.closed ? s.gray(f.value) : s.green(f.value)}`);
  }
  out.push('');
  out.push(s.bold(`Comments (${thread.comments.length})`));
  if (!thread.comments.length) out.push(`${INDENT}None.`);
  thread.comments.forEach((c, i) => {
    if (i > 0) out.push('');
    const heading = fit(c.heading, INDENT + INDENT, INDENT);
    out.push(c.kind === 'escalation' ? s.yellow(heading) : c.fromVendor ? s.cyan(heading) : heading);
    out.push(indentText(c.body, width, INDENT + INDENT));
  });
  out.push('');
  out.push(s.bold(`Attachments (${thread.attachments.length})`));
  if (!thread.attachments.length) out.push(`${INDENT}None.`);
  for (const a of thread.attachments) out.push(fit(a.line, INDENT + INDENT, INDENT));
  if (url) {
    out.push('');
    out.push(s.dim(fit(`Open in the portal: ${url}`, INDENT, '')));
  }
  return `${out.join('\n')}\n`;
}
