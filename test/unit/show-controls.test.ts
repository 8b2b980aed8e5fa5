/** Text from outside with its controls shown (src/text/show-controls.ts): never obeyed. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeForJson, showControls, showControlsIn } from '../../src/text/show-controls.js';

describe('showControls', () => {
  it('shows C0, DEL and C1 controls in caret notation, keeping tab and newline', () => {
    expect(showControls('a\u001b]52;c;ZXZpbA==\u0007b')).toBe('a^[]52;c;ZXZpbA==^Gb');
    expect(showControls('line\rOVER')).toBe('line^MOVER');
    expect(showControls('\u0000\u007f')).toBe('^@^?');
    expect(showControls('\u009b31m')).toBe('^[[31m');
    expect(showControls('tab\there\nnext')).toBe('tab\there\nnext');
    expect(showControls('Zoë – “quoted” 東京')).toBe('Zoë – “quoted” 東京');
  });

  it('leaves no control character but tab and newline in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(showControls(s))).toBe(false);
      }),
    );
  });

  it('copies a value with every string in it shown, keys included, the original untouched', () => {
    const data = { subject: 'x\u001b[2J', list: [{ name: '\u0007' }], n: 3, none: null, ok: true, ['k\u001b']: 'v' };
    const shown = showControlsIn(data);
    expect(shown).toEqual({ subject: 'x^[[2J', list: [{ name: '^G' }], n: 3, none: null, ok: true, 'k^[': 'v' });
    expect(data.subject).toBe('x\u001b[2J');
  });

  it('shows the bidi overrides, embeddings and isolates (Trojan Source) as <U+…>', () => {
    expect(showControls('abc\u202Edef\u2066x\u2069')).toBe('abc<U+202E>def<U+2066>x<U+2069>');
    expect(showControls('\u202A\u202B\u202C\u202D\u2067\u2068')).toBe(
      '<U+202A><U+202B><U+202C><U+202D><U+2067><U+2068>',
    );
    // Right-to-left text itself is text: shown as it is.
    expect(showControls('מחוז بيت')).toBe('מחוז بيت');
  });

  it('escapeForJson: the same JSON value, with DEL, C1, bidi and line separators as \\u escapes', () => {
    const value = { s: 'a\u007f\u009b31m\u202e\u2028\u2067b\u001b' };
    const json = escapeForJson(JSON.stringify(value));
    // eslint-disable-next-line no-control-regex
    expect(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u001b]/.test(json)).toBe(false);
    expect(JSON.parse(json)).toEqual(value);
  });
});
