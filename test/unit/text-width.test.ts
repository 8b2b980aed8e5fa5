/**
 * Display width (src/domain/text.ts): text of one-column characters is measured without
 * string-width, which must give the same answer for every character and every mix of them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { fitLines, textWidth, wrap } from '../../src/domain/text.js';
import { fitTable, truncate } from '../../src/render/table.js';

describe('textWidth', () => {
  // Between letters: a character that joins the one before or after it, or takes no column or two,
  // changes the width of the whole. Every character textWidth measures itself is below U+2800;
  // the others go to string-width.
  it('agrees with string-width on every character below U+2800 between two letters', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x2800; c++) {
      const ch = String.fromCharCode(c);
      if (textWidth(`a${ch}b`) !== stringWidth(`a${ch}b`)) wrong.push(`U+${c.toString(16).padStart(4, '0')}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('agrees with string-width on mixes of narrow, wide, joining and invisible characters', () => {
    const pieces = [
      'a',
      'Z',
      ' ',
      'é',
      'e\u0301',
      '–',
      '…',
      '•',
      '◆',
      '✓',
      '→',
      '東',
      '京',
      '😀',
      '👍🏽',
      '❤️',
      '\u200d',
      '\u200b',
      '\ufe0f',
      '\u00ad',
      'ก',
      'ำ',
      '한',
      '\u1100\u1161',
      'ﾞ',
      '🇺🇸',
      '\u202f',
      'Ω',
      'ж',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        expect(textWidth(s)).toBe(stringWidth(s));
      }),
    );
  });

  it('counts wide characters twice where they meet the layout: a wrapped line, a cut cell, a table', () => {
    expect(wrap('東京 東京 東京', 9)).toBe('東京 東京\n東京');
    expect(truncate('東京東京', 5)).toBe('東京…');
    expect(truncate('Zoë – “quoted”', 8)).toBe('Zoë – “…');
    expect(fitTable([{ header: 'A' }, { header: 'B' }], [['東京', 'x']], 80)).toEqual(['A     B', '東京  x']);
  });
});

describe('fitTable on a narrow terminal', () => {
  const columns = [
    { header: 'NUMBER' },
    { header: 'TYPE', min: 10, drop: 1 },
    { header: 'PRIORITY', drop: 2 },
    { header: 'SUBJECT', flex: true, min: 12 },
    { header: 'LAST MODIFIED' },
  ];
  const rows = [['00001004', 'Server Issue', 'Medium', '成绩册无法保存 📚 grades lost', '11/30/2026']];
  it('leaves out the droppable columns (lowest rank first) before cutting every cell to a stub', () => {
    expect(fitTable(columns, rows, 100)[0]).toMatch(/^NUMBER {4}TYPE {10}PRIORITY {2}SUBJECT +LAST MODIFIED$/);
    const at50 = fitTable(columns, rows, 50);
    expect(at50[0]).toMatch(/^NUMBER {4}PRIORITY {2}SUBJECT +LAST MODIFIED$/);
    const at40 = fitTable(columns, rows, 40);
    expect(at40[0]).toMatch(/^NUMBER {4}SUBJECT +LAST MODIFIED$/);
    expect(at40[1]).toMatch(/^00001004 {2}成绩册[^ ]*… +11\/30\/2026$/);
    for (const l of [...at50, ...at40])
      expect(stringWidth(l)).toBeLessThanOrEqual(l === at50[0] || l === at50[1] ? 50 : 40);
  });
});

describe('fitLines: every line fits the terminal (issue 26 §15)', () => {
  it('wraps a wider line at words under its own indentation, and leaves lines that fit and blank lines alone', () => {
    const text = 'short\n\n  error: the portal does not let this contact file cases; nothing was sent.\nend';
    expect(fitLines(text, 30)).toBe(
      'short\n\n  error: the portal does not\n    let this contact file\n    cases; nothing was sent.\nend',
    );
    expect(fitLines(text, Infinity)).toBe(text);
    for (const l of fitLines(text, 30).split('\n')) expect(stringWidth(l)).toBeLessThanOrEqual(30);
  });

  it('cuts a word wider than a line (a path), never a URL', () => {
    expect(wrap('see /a/very/long/path/to/a/file.txt here', 12)).toBe('see\n/a/very/long\n/path/to/a/f\nile.txt here');
    expect(wrap('open https://support.example.org/customers/cases/00001001 now', 20)).toBe(
      'open\nhttps://support.example.org/customers/cases/00001001\nnow',
    );
  });
});
