/** Small text helpers shared by the domain and the renderers. Pure. */
import stringWidth from 'string-width';

/**
 * Characters one terminal column wide that never join the character before them into one grapheme:
 * Latin, Greek, Cyrillic, punctuation, currency, arrows, maths, box drawing, a few check marks and crosses
 * (chosen from string-width itself; test/unit/text-width.test.ts checks every one against it). All
 * in the Basic Multilingual Plane, so a string of them is as wide as it is long.
 */
const NARROW =
  /^[\u0020-\u007e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482\u048a-\u04ff\u1e00-\u1eff\u2000-\u200a\u2010-\u2027\u202f-\u203b\u203d-\u2048\u204a-\u205f\u20a0-\u20c1\u2100-\u2121\u2123-\u2138\u213a-\u218b\u2190-\u2193\u219a-\u21a8\u21ab-\u22ff\u2500-\u25a9\u25ac-\u25b5\u25b7-\u25bf\u25c1-\u25fa\u2713\u2715\u2717-\u271c]*$/;

/**
 * Display width in terminal columns: CJK and emoji count two, combining marks none. Text made only
 * of one-column characters (nearly all of it) is counted here: string-width builds an
 * Intl.Segmenter and its emoji expressions when it loads (~45 ms) and compiles them on its first
 * non-ASCII string (~30 ms more). The build loads it only when some text needs it.
 */
export function textWidth(s: string): number {
  return NARROW.test(s) ? s.length : stringWidth(s);
}

export function kebabCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Za-z])([0-9])/g, '$1-$2')
    .toLowerCase();
}

export function camelCase(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate to a mistyped word, when it is close enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(w.length / 3)) ? best : undefined;
}

/** "a, b and c" */
export function listing(items: readonly string[], conj = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

/** Built when a word must be cut: building one loads the grapheme rules (~10 ms). */
let graphemes: Intl.Segmenter | undefined;

/**
 * A word wider than `room` (a long path) in pieces that fit, cut between whole graphemes. A URL
 * is left whole on a line of its own (cut, it would no longer open from the terminal), and so is
 * a word with escape sequences (color), rather than cut inside one.
 */
function pieces(word: string, room: number): string[] {
  if (room < 1 || textWidth(word) <= room || word.includes('\u001b') || /^\W*https?:\/\//.test(word)) return [word];
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  const out: string[] = [];
  let cur = '';
  let used = 0;
  for (const { segment } of graphemes.segment(word)) {
    const w = textWidth(segment);
    if (used + w > room && cur) {
      out.push(cur);
      [cur, used] = ['', 0];
    }
    cur += segment;
    used += w;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Wraps prose to a width in terminal columns, keeping words whole (a word wider than a whole line,
 * a long path, is cut to fit; a URL is not); wide characters (CJK, emoji) count two columns.
 */
export function wrap(text: string, width: number, indent = '', firstIndent = indent): string {
  const room = width - Math.max(textWidth(indent), textWidth(firstIndent));
  const words = text
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => pieces(w, room));
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const lead = (): string => (lines.length ? indent : firstIndent);
  for (const w of words) {
    const ww = textWidth(w);
    if (line && textWidth(lead()) + lineWidth + 1 + ww > width) {
      lines.push(lead() + line);
      line = w;
      lineWidth = ww;
    } else {
      lineWidth += line ? 1 + ww : ww;
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(lead() + line);
  return lines.join('\n');
}

/** Color codes (SGR), which take no room on the screen. */
// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

/** Spaces at the start of a line, after any color codes there. */
// eslint-disable-next-line no-control-regex
const LEADING_SPACES = /^(\u001b\[[0-9;]*m)* +/;

/**
 * Text for a terminal `width` columns wide: each line that is wider is wrapped at word boundaries,
 * its continuation indented under the line's own indentation (two more when it has none); blank
 * lines and lines that fit are kept as they are. Color codes count no width.
 */
export function fitLines(text: string, width: number): string {
  if (!(width > 0) || !Number.isFinite(width)) return text;
  return text
    .split('\n')
    .map((line) => {
      if (textWidth(line) <= width) return line;
      const lead = /^ */.exec(line.replace(SGR, ''))![0];
      const hang = lead.length + 2 < width / 2 ? `${lead}  ` : lead;
      // The leading spaces are kept in front of the first word, inside any color code before it.
      return wrap(
        line.replace(LEADING_SPACES, (m) => m.replace(/ +$/, '')),
        width,
        hang,
        lead,
      );
    })
    .join('\n');
}

/** "an activation token", "a password reset token": the article a word takes (by its first letter). */
export function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/** A count with its noun in the right number: "1 word", "2 words", "1 open maintenance item". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
