/**
 * A plain-text table fitted to a terminal width: every column keeps its natural width except the
 * flexible one, which takes what is left and is cut with "…" when it does not fit; when that is
 * not enough, columns marked `drop` are left out (lowest rank first) rather than every cell being
 * cut to a stub; then the other columns are cut too (never the first, which names the row). Widths are
 * terminal columns (string-width: CJK and emoji count two), cut between whole graphemes. Cells
 * are plain text (color is applied after fitting), so no escape sequence is ever cut. Pure.
 */
import { textWidth } from '../domain/text.js';

export interface Column {
  header: string;
  /** The column that shrinks first to fit (the subject). */
  flex?: boolean;
  /** Never narrower than this when shrinking. Columns other than the flex one shrink only when set. */
  min?: number;
  /** Left out on a terminal too narrow for every column at its minimum; rank 1 goes first. */
  drop?: number;
}

const GAP = '  ';

/** Built when a cell is first cut: building one loads the grapheme rules (~10 ms). */
let graphemes: Intl.Segmenter | undefined;

/** At most `width` columns: whole graphemes, then "…" when something was cut. */
export function truncate(s: string, width: number): string {
  if (textWidth(s) <= width) return s;
  const room = Math.max(0, width - 1);
  let out = '';
  let used = 0;
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(s)) {
    const w = textWidth(segment);
    if (used + w > room) break;
    out += segment;
    used += w;
  }
  return width >= 1 ? `${out}…` : out;
}

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - textWidth(s)));

/**
 * Lays out rows under headers within `width` columns. Returns the lines (without newlines); the
 * last column is never padded, so no line has trailing spaces. `style.header` decorates headers.
 */
export function fitTable(
  columns: Column[],
  rows: string[][],
  width: number,
  style: { header?: (s: string) => string } = {},
): string[] {
  const clean = rows.map((r) => r.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')));
  const droppable = columns.filter((c) => c.drop !== undefined).sort((a, b) => a.drop! - b.drop!);
  for (const c of droppable) {
    if (atMinimum(columns, clean) <= width) break;
    const i = columns.indexOf(c);
    columns = columns.filter((_, k) => k !== i);
    for (let r = 0; r < clean.length; r++) clean[r] = clean[r]!.filter((_, k) => k !== i);
  }
  return layout(columns, clean, width, style);
}

/** The table's width once every shrinkable column is at its floor (a header may be cut to its cells' width). */
function atMinimum(columns: Column[], rows: string[][]): number {
  const natural = columns.map((_, i) => Math.max(1, ...rows.map((r) => textWidth(r[i] ?? ''))));
  const floored = natural.map((w, i) =>
    columns[i]!.flex || columns[i]!.min !== undefined ? Math.min(w, columns[i]!.min ?? 8) : w,
  );
  return floored.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
}

function layout(
  columns: Column[],
  clean: string[][],
  width: number,
  style: { header?: (s: string) => string },
): string[] {
  const widths = columns.map((c, i) => Math.max(textWidth(c.header), ...clean.map((r) => textWidth(r[i] ?? ''))));
  const total = (): number => widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1);
  // Take one column at a time off the widest shrinkable column; the flex one counts half its
  // width, so it ends up about twice as wide as the others that shrink with it.
  const shrinkable = [...columns.keys()].filter((i) => columns[i]!.flex || columns[i]!.min !== undefined);
  const floor = (i: number): number => Math.min(widths[i]!, columns[i]!.min ?? 8);
  const floors = shrinkable.map(floor);
  for (let over = total() - width; over > 0; over--) {
    let best = -1;
    let bestScore = -1;
    shrinkable.forEach((i, k) => {
      if (widths[i]! <= floors[k]!) return;
      const score = widths[i]! / (columns[i]!.flex ? 2 : 1);
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    if (best < 0) break;
    widths[best]!--;
  }
  // Still too wide (a narrow terminal): every column but the first may give up to 4 columns.
  for (let over = total() - width; over > 0; over--) {
    let best = -1;
    for (let i = 1; i < widths.length; i++) if (widths[i]! > 4 && (best < 0 || widths[i]! > widths[best]!)) best = i;
    if (best < 0) break;
    widths[best]!--;
  }
  const line = (cells: string[], decorate?: (s: string) => string): string =>
    cells
      .map((cell, i) => {
        const w = widths[i]!;
        const text = truncate(cell, w);
        const padded = i === cells.length - 1 ? text : pad(text, w);
        return decorate ? decorate(padded) : padded;
      })
      .join(GAP)
      .replace(/\s+$/, '');
  return [
    line(
      columns.map((c) => c.header),
      style.header,
    ),
    ...clean.map((r) => line(r)),
  ];
}
