import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFiles } from '../../src/input/attachment-files.js';

describe('a file named twice among the attachments (issue 26 §20)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ic-support-dup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is attached once and named in a warning, by either spelling', () => {
    writeFileSync(join(dir, 'shot.png'), 'png');
    writeFileSync(join(dir, 'log.txt'), 'log');
    const r = inspectFiles(['shot.png', 'log.txt', `./sub/../shot.png`, join(dir, 'shot.png')], dir);
    expect(r.problems).toEqual([]);
    expect(r.ok.map((f) => f.path)).toEqual([join(dir, 'shot.png'), join(dir, 'log.txt')]);
    expect(r.warnings).toEqual([
      { index: 2, path: './sub/../shot.png', message: 'is the same file as shot.png, named again: attached once' },
      { index: 3, path: join(dir, 'shot.png'), message: 'is the same file as shot.png, named again: attached once' },
    ]);
  });

  it('an empty file is sent, with a warning (issue 26 §16)', () => {
    writeFileSync(join(dir, 'empty.png'), '');
    const r = inspectFiles(['empty.png'], dir);
    expect(r.ok.map((f) => f.size)).toEqual([0]);
    expect(r.warnings).toEqual([
      { index: 0, path: 'empty.png', message: 'is empty (0 bytes): check it is the file you meant' },
    ]);
  });
});
