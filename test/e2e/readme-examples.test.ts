/**
 * The README's own examples of a case file pass `case lint` without advice (issue 26 §20): advice
 * that fires on the examples a user copies would teach them to ignore it. Each ```yaml block of
 * the README that names a caseType is linted as written, its attachments beside it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { baseEnv, ROOT, runCli, tempDir } from '../helpers/cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```/gm)]
  .map((m) => m[1]!)
  .filter((text) => /^caseType:/m.test(text));

describe("the README's case file examples", () => {
  it('are there to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((text, i) => [i + 1, text] as const))(
    'example %i: case validate accepts it and case lint has no advice for it',
    async (_n, text) => {
      const dir = tempDir();
      try {
        const file = join(dir.path, 'case.yaml');
        writeFileSync(file, text);
        for (const a of (parse(text) as { attachments?: string[] }).attachments ?? [])
          writeFileSync(join(dir.path, a), 'a screenshot\n');
        const env = baseEnv(join(dir.path, 'state'));
        const valid = await runCli(['case', 'validate', file], { env });
        expect(valid.code, valid.stderr).toBe(0);
        const lint = await runCli(['case', 'lint', file], { env });
        expect(lint.code, lint.stderr).toBe(0);
        expect(`${lint.stdout}${lint.stderr}`).not.toMatch(/warning/i);
      } finally {
        dir.cleanup();
      }
    },
  );
});
