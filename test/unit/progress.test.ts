import { describe, expect, it } from 'vitest';
import { testIO } from '../../src/io/test-io.js';
import { uploadProgress } from '../../src/io/progress.js';

describe('upload progress', () => {
  it('redraws in place at most every 100 ms, and always at the end', () => {
    const notes: string[] = [];
    const io = { ...testIO({ tty: true }), canSpin: () => true, waitNote: (s: string) => void notes.push(s) };
    let t = 0;
    const p = uploadProgress(io, 'export.csv', 4 * 1024 * 1024, () => t);
    t = 150;
    p.update(1024 * 1024);
    t = 180;
    p.update(2 * 1024 * 1024); // within 100 ms of the last: not drawn
    t = 190;
    p.update(4 * 1024 * 1024); // the end is always drawn
    p.end();
    expect(notes).toEqual([
      'uploading export.csv 0%, 0 B of 4.0 MiB',
      'uploading export.csv 25%, 1.0 MiB of 4.0 MiB',
      'uploading export.csv 100%, 4.0 MiB of 4.0 MiB',
      '',
    ]);
  });

  it('draws nothing where no spinner may run (a pipe, CI)', () => {
    const io = testIO();
    const p = uploadProgress(io, 'x', 10);
    p.update(5);
    p.end();
    expect(io.stderrText()).toBe('');
  });
});
