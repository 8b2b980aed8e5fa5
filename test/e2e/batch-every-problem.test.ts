/**
 * `case submit --batch` lists every problem of the batch at once (issue 26 §13): a line that is
 * not JSON does not hide the other lines' problems. Offline: --dry-run reads no portal.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, runCli, tempDir } from '../helpers/cli.js';

describe('a batch with a malformed line', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('lists the malformed line and the other lines’ problems together, by line', async () => {
    const file = join(dir.path, 'cases.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({ caseType: 'server-issue', subject: 'Slow', priority: 'Critical' }),
        '{not json',
        JSON.stringify({ caseType: 'ask-a-question', subject: 'Q', module: 'Scheduling', priority: 'Bogus' }),
      ].join('\n') + '\n',
    );
    const r = await runCli(['case', 'submit', '--batch', file, '--dry-run'], {
      env: baseEnv(join(dir.path, 'state')),
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const listed = r.stderr
      .split('\n')
      .filter((l) => /^ {2}line \d/.test(l))
      .map((l) => l.trim().split(':').slice(0, 2).join(':'));
    expect(listed).toEqual(['line 1: priority', 'line 2: not valid JSON', 'line 3: priority']);
    // Offline, the fields the bundled catalog marks required are warnings, each line's its own (issue 26 §2).
    const warned = r.stderr
      .split('\n')
      .filter((l) => /^line \d: warning: /.test(l))
      .map((l) => l.split(':').slice(0, 3).join(':'));
    expect(warned).toEqual(['line 1: warning: module', 'line 1: warning: description', 'line 3: warning: description']);
  });
});
