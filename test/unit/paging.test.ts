/** Following nextCursor without paging forever (src/portal/paging.ts). */
import { describe, expect, it } from 'vitest';
import { BadAnswerError } from '../../src/errors.js';
import { CursorGuard, MAX_PAGES } from '../../src/portal/paging.js';

describe('CursorGuard', () => {
  it('follows new cursors', () => {
    const g = new CursorGuard('listing cases');
    for (let i = 0; i < 50; i++) expect(g.next(`c${i}`, 100)).toBe(`c${i}`);
  });

  it('stops at a cursor given before', () => {
    const g = new CursorGuard('listing cases');
    g.next('a', 100);
    g.next('b', 100);
    expect(() => g.next('a', 100)).toThrow(BadAnswerError);
  });

  it('stops after empty pages in a row that still point further', () => {
    const g = new CursorGuard('listing cases');
    g.next('a', 0);
    g.next('b', 0);
    expect(() => g.next('c', 0)).toThrow(/3 empty pages in a row/);
  });

  it('stops past the pages the items asked for could take, and past MAX_PAGES for all', () => {
    // Two cases need two pages at most, give or take three empty ones.
    const g = new CursorGuard('listing cases', 2);
    for (const c of ['a', 'b', 'c', 'd']) g.next(c, 1);
    expect(() => g.next('e', 1)).toThrow(/more pages than the cases asked for could take/);
    const all = new CursorGuard('listing cases');
    for (let i = 0; i < MAX_PAGES - 1; i++) all.next(`c${i}`, 1);
    expect(() => all.next('last', 1)).toThrow(/any listing needs/);
  });
});
