/**
 * Bounded work for every local input (issue 25 §7, attack 10): a YAML case file or batch of
 * 100,000 keys is refused before the parse (whose duplicate-key check is quadratic in a mapping's
 * keys) with a message naming the cap, in well under the time the parse took. Each probe runs the
 * built CLI capped in time and memory (test/helpers/probe.ts) and reports its peak RSS and time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, baseEnv, tempDir } from '../helpers/cli.js';
import { startHostilePortal } from '../helpers/hostile-portal.js';
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

describe('a download interrupted', () => {
  const temps = (folder: string): string[] => readdirSync(folder).filter((f) => f.endsWith('.tmp'));

  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    it(`by ${signal}: the partial file is removed (issue 25, attack 11)`, async () => {
      const portal = await startHostilePortal('slow-download');
      const folder = join(dir.path, `dl-${signal}`);
      mkdirSync(folder);
      try {
        const child = spawn(process.execPath, [BIN, 'case', 'download', '00001001', '--dir', folder], {
          env: {
            ...baseEnv(join(dir.path, `state-${signal}`)),
            IC_SUPPORT_PORTAL_URL: portal.url,
            IC_SUPPORT_TOKEN: 'download-token-123456',
          },
          stdio: 'ignore',
        });
        const exited = new Promise<void>((r) => child.on('exit', () => r()));
        const started = Date.now();
        while (temps(folder).length === 0 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
        expect(temps(folder).length, 'the download started').toBe(1);
        child.kill(signal);
        await exited;
        expect(temps(folder)).toEqual([]);
      } finally {
        await portal.close();
      }
    });

  it('by kill -9: what it left is swept by the next download to that folder (ours, stale only)', async () => {
    const portal = await startHostilePortal('controls');
    const folder = join(dir.path, 'dl-swept');
    mkdirSync(folder);
    const stale = join(folder, '.report.pdf.0123456789ab.tmp');
    const fresh = join(folder, '.other.pdf.ba9876543210.tmp');
    const notOurs = join(folder, '.notes.tmp');
    for (const f of [stale, fresh, notOurs]) writeFileSync(f, 'partial');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(stale, hourAgo, hourAgo);
    utimesSync(notOurs, hourAgo, hourAgo);
    try {
      const r = await runProbe(['case', 'download', '00001001', '--dir', folder], {
        env: {
          ...baseEnv(join(dir.path, 'state-swept')),
          IC_SUPPORT_PORTAL_URL: portal.url,
          IC_SUPPORT_TOKEN: 'download-token-123456',
        },
        timeoutMs: 30_000,
        maxRssMiB: 300,
      });
      console.log(`probe: case download (one attachment, sweep): ${r.ms} ms, peak ${r.peakMiB} MiB`);
      expect(r.code, r.stderr).toBe(0);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(fresh)).toBe(true);
      expect(existsSync(notOurs)).toBe(true);
    } finally {
      await portal.close();
    }
  });
});
