// Damaged state files (issue 17 item 10): the shape checks name the first wrong field, and a file
// set aside is moved (never deleted) without overwriting one set aside before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkShape, listOf, readStateFolder } from '../../src/state/state-files.js';
import { recall, remember } from '../../src/state/seen.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ic-state-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shape checks', () => {
  const spec = {
    id: 'string',
    n: 'number',
    tags: 'string[]?',
    items: listOf({ path: 'string', ok: 'boolean' }),
  } as const;
  it('accept a value that fits, and name the first field that does not', () => {
    expect(checkShape('thing', { id: 'a', n: 1, items: [] }, spec)).toBeUndefined();
    expect(checkShape('thing', { id: 'a', n: 1, tags: ['x'], items: [{ path: 'p', ok: true }] }, spec)).toBeUndefined();
    expect(checkShape('thing', [], spec)).toBe('thing');
    expect(checkShape('thing', { id: 1, n: 1, items: [] }, spec)).toBe('thing (id)');
    expect(checkShape('thing', { id: 'a', n: Number.NaN, items: [] }, spec)).toBe('thing (n)');
    expect(checkShape('thing', { id: 'a', n: 1, tags: [1], items: [] }, spec)).toBe('thing (tags)');
    expect(checkShape('thing', { id: 'a', n: 1, items: 'x' }, spec)).toBe('thing (items)');
    expect(
      checkShape(
        'thing',
        {
          id: 'a',
          n: 1,
          items: [
            { path: 'p', ok: true },
            { path: 3, ok: true },
          ],
        },
        spec,
      ),
    ).toBe('thing (items[1].path)');
  });
});

describe('reading a folder of state files', () => {
  it('returns the good ones and moves the others to damaged/, never over an earlier one', () => {
    const folder = join(dir, 'entries');
    mkdirSync(folder, { mode: 0o700 });
    const check = (v: unknown) => checkShape('entry', v, { id: 'string' });
    writeFileSync(join(folder, 'a.json'), '{"id":"a"}');
    writeFileSync(join(folder, 'b.json'), '{"id":');
    writeFileSync(join(folder, 'c.json'), '{"id":3}');
    writeFileSync(join(folder, 'd.json'), '');
    const first = readStateFolder<{ id: string }>(folder, check);
    expect(first.items).toEqual([{ id: 'a' }]);
    expect(first.damaged.map((d) => [d.file, d.movedTo, d.reason])).toEqual([
      [join(folder, 'b.json'), join(folder, 'damaged', 'b.json'), 'is not valid JSON (truncated?)'],
      [join(folder, 'c.json'), join(folder, 'damaged', 'c.json'), 'is not a valid entry (id)'],
      [join(folder, 'd.json'), join(folder, 'damaged', 'd.json'), 'is empty'],
    ]);
    writeFileSync(join(folder, 'b.json'), 'again');
    const second = readStateFolder<{ id: string }>(folder, check);
    expect(second.damaged.map((d) => d.movedTo)).toEqual([join(folder, 'damaged', 'b.json.1')]);
    expect(readFileSync(join(folder, 'damaged', 'b.json'), 'utf8')).toBe('{"id":');
    expect(readdirSync(folder).sort()).toEqual(['a.json', 'damaged']);
  });
});

describe('what the last listing saw (completion)', () => {
  it('is written when it changes and left alone, not rewritten, when the same listing comes again', () => {
    const env = { IC_SUPPORT_CONFIG_DIR: join(dir, 'seen') };
    const file = join(dir, 'seen', 'cache', 'seen-default.json');
    remember(env, 'default', 'cases', [{ id: '00001001', label: 'Grades' }]);
    const first = statSync(file).ino;
    remember(env, 'default', 'cases', [{ id: '00001001', label: 'Grades' }]);
    expect(statSync(file).ino).toBe(first);
    remember(env, 'default', 'cases', [{ id: '00001002', label: 'Login' }]);
    expect(statSync(file).ino).not.toBe(first);
    expect(recall(env, 'default', 'cases')).toEqual([{ id: '00001002', label: 'Login' }]);
  });
});
