/**
 * A plain-text table fitted to a terminal width. The flexible column (the subject) gets the room,
 * as gh gives an issue's title: when the table is too wide, it is cut (with "…") down to its share
 * of the width (FLEX_SHARE), then the other shrinkable columns narrow to their floors, then it is
 * cut further. Columns marked `drop` are left out (lowest rank first) while the flexible one would
 * otherwise get less than its share; last, the other columns are cut too (never the first, which
 * names the row). Widths are
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
/** The share of the width the flexible column keeps before other columns are dropped. */
const FLEX_SHARE = 0.3;

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
    if (atMinimum(columns, clean, width) <= width) break;
    const i = columns.indexOf(c);
    columns = columns.filter((_, k) => k !== i);
    for (let r = 0; r < clean.length; r++) clean[r] = clean[r]!.filter((_, k) => k !== i);
  }
  return layout(columns, clean, width, style);
}

/**
 * The table's width once every shrinkable column is at its floor and the flexible one at its share
 * of `width`; headers whole, as the layout keeps them.
 */
function atMinimum(columns: Column[], rows: string[][], width: number): number {
  const natural = columns.map((c, i) => Math.max(textWidth(c.header), ...rows.map((r) => textWidth(r[i] ?? ''))));
  const floored = natural.map((w, i) => {
    const c = columns[i]!;
    if (c.flex) return Math.min(w, Math.max(c.min ?? 8, Math.floor(width * FLEX_SHARE)));
    return c.min !== undefined ? Math.min(w, c.min) : w;
  });
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
  // The flexible column down to its share; one column at a time off the widest of the other
  // shrinkable columns, down to their floors; then the flexible one down to its own.
  const floor = (i: number): number => Math.min(widths[i]!, columns[i]!.min ?? 8);
  const share = (i: number): number => Math.min(widths[i]!, Math.max(floor(i), Math.floor(width * FLEX_SHARE)));
  const others = [...columns.keys()].filter((i) => !columns[i]!.flex && columns[i]!.min !== undefined);
  const flexible = [...columns.keys()].filter((i) => columns[i]!.flex);
  const phases: [number[], (i: number) => number][] = [
    [flexible, share],
    [others, floor],
    [flexible, floor],
  ];
  for (const [group, to] of phases) {
    const floors = group.map(to);
    for (let over = total() - width; over > 0; over--) {
      let best = -1;
      group.forEach((i, k) => {
        if (widths[i]! > floors[k]! && (best < 0 || widths[i]! > widths[best]!)) best = i;
      });
      if (best < 0) break;
      widths[best]!--;
    }
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
