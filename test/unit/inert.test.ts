/** Text from outside made inert (src/render/inert.ts): control characters shown, never obeyed. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inert, inertDeep } from '../../src/render/inert.js';

describe('inert', () => {
  it('shows C0, DEL and C1 controls in caret notation, keeping tab and newline', () => {
    expect(inert('a\u001b]52;c;ZXZpbA==\u0007b')).toBe('a^[]52;c;ZXZpbA==^Gb');
    expect(inert('line\rOVER')).toBe('line^MOVER');
    expect(inert('\u0000\u007f')).toBe('^@^?');
    expect(inert('\u009b31m')).toBe('^[[31m');
    expect(inert('tab\there\nnext')).toBe('tab\there\nnext');
    expect(inert('Zoë – “quoted” 東京')).toBe('Zoë – “quoted” 東京');
  });

  it('leaves no control character but tab and newline in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        // eslint-disable-next-line no-control-regex
        expect(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(inert(s))).toBe(false);
      }),
    );
  });

  it('copies a value with every string in it made inert, keys included, the original untouched', () => {
    const data = { subject: 'x\u001b[2J', list: [{ name: '\u0007' }], n: 3, none: null, ok: true, ['k\u001b']: 'v' };
    const shown = inertDeep(data);
    expect(shown).toEqual({ subject: 'x^[[2J', list: [{ name: '^G' }], n: 3, none: null, ok: true, 'k^[': 'v' });
    expect(data.subject).toBe('x\u001b[2J');
  });
});
