/**
 * Bounded work for every local input (issue 25 §7, attack 10): a YAML case file or batch of
 * 100,000 keys is refused before the parse (whose duplicate-key check is quadratic in a mapping's
 * keys) with a message naming the cap, in well under the time the parse took. Each probe runs the
 * built CLI capped in time and memory (test/helpers/probe.ts) and reports its peak RSS and time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, tempDir } from '../helpers/cli.js';
import { runProbe } from '../helpers/probe.js';
import { keyLikeLines } from '../../src/input/yaml-keys.js';
import { parseCaseText } from '../../src/input/case-file.js';

let dir: { path: string; cleanup: () => void };
beforeAll(() => {
  dir = tempDir('ic-support-bounded-');
});
afterAll(() => dir.cleanup());

const manyKeys = (n: number, indent = ''): string =>
  Array.from({ length: n }, (_, i) => `${indent}k${i}: v\n`).join('');

describe('a YAML text with very many keys', () => {
  it('counts key-like lines as an upper bound (block and flow keys, in one pass)', () => {
    expect(keyLikeLines('a: 1\nb: 2\n# c\n  - d: 3\n')).toBe(3);
    expect(keyLikeLines('x: {a: 1, b: 2, c: 3}\n')).toBe(4);
    expect(keyLikeLines(manyKeys(100_000))).toBe(100_000);
  });

  it('a case file of 100,000 keys (989 KB) is refused before parsing, naming the cap', async () => {
    const file = join(dir.path, 'huge.yaml');
    writeFileSync(file, `caseType: ask-a-question\n${manyKeys(100_000)}`);
    const r = await runProbe(['case', 'validate', file], {
      env: baseEnv(join(dir.path, 'state')),
      timeoutMs: 30_000,
      maxRssMiB: 400,
    });
    console.log(`probe: case validate, 100,000-key YAML: ${r.ms} ms, peak ${r.peakMiB} MiB`);
    expect(r.killed).toBeUndefined();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has more than 2,000 keys');
  });

  it('a YAML batch of 100,000 keys is refused the same way; a real case file still parses', async () => {
    const file = join(dir.path, 'huge-batch.yaml');
    writeFileSync(file, `- caseType: ask-a-question\n${manyKeys(100_000, '  ')}`);
    const r = await runProbe(['case', 'submit', '--batch', file, '--dry-run'], {
      env: baseEnv(join(dir.path, 'state')),
      timeoutMs: 30_000,
      maxRssMiB: 400,
    });
    console.log(`probe: case submit --batch, 100,000-key YAML: ${r.ms} ms, peak ${r.peakMiB} MiB`);
    expect(r.killed).toBeUndefined();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has more than 50,000 keys');
    expect(await parseCaseText(`caseType: ask-a-question\n${manyKeys(150)}`, 'ok.yaml')).toMatchObject({ k149: 'v' });
  });
});
