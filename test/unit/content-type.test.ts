import { describe, expect, it } from 'vitest';
import { contentTypeOf } from '../../src/portal/content-type.js';

describe('the content type of an upload (issue 26 §20)', () => {
  it('comes from the extension, any case; unknown ones are application/octet-stream', () => {
    expect(contentTypeOf('screen.png')).toBe('image/png');
    expect(contentTypeOf('SCREEN.PNG')).toBe('image/png');
    expect(contentTypeOf('photo.jpeg')).toBe('image/jpeg');
    expect(contentTypeOf('export.csv')).toBe('text/csv');
    expect(contentTypeOf('notes.pdf')).toBe('application/pdf');
    expect(contentTypeOf('dump.bin')).toBe('application/octet-stream');
    expect(contentTypeOf('README')).toBe('application/octet-stream');
    expect(contentTypeOf('x.constructor')).toBe('application/octet-stream');
  });
});
