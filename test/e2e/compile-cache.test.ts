// The built CLI's V8 code cache (src/cli/compile-cache.ts): made on the first run, accepted by
// the next (a cache V8 rejected would be written again every time), and never kept in a state
// folder that other users could write.
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { baseEnv, spawnCli, tempDir } from '../helpers/cli.js';

const cacheFiles = (root: string): Map<string, number> => {
  const dir = join(root, 'cache', 'v8');
  if (!existsSync(dir)) return new Map();
  return new Map(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
};

async function inTempDir(f: (path: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  try {
    await f(dir.path);
  } finally {
    dir.cleanup();
  }
}

describe('the code cache', () => {
  it('is written by the first run and read, not rewritten, by the next', () =>
    inTempDir(async (path) => {
      const env = baseEnv(path);
      const first = await spawnCli(['case', 'fields', 'data-restore'], { env });
      expect(first.code).toBe(0);
      const made = cacheFiles(path);
      expect(made.size).toBeGreaterThan(3);
      const second = await spawnCli(['case', 'fields', 'data-restore'], { env });
      expect(second.stdout).toBe(first.stdout);
      expect(cacheFiles(path)).toEqual(made);
    }));

  // A portal command changes a V8 flag before its first request; the chunks it loads after that
  // (the outbox check at its end, say) must not share a cache with an offline command's.
  it('is not rewritten when a command that talks to a portal and one that does not run in turn', () =>
    inTempDir(async (path) => {
      const env = baseEnv(path);
      const both = async (): Promise<void> => {
        for (const args of [
          ['whoami', '--sandbox'],
          ['case', 'fields', 'data-restore'],
        ])
          expect((await spawnCli(args, { env })).code).toBe(0);
      };
      await both();
      const made = cacheFiles(path);
      await both();
      expect(cacheFiles(path)).toEqual(made);
    }));

  it('is neither read nor written in a state folder other users can write', () =>
    inTempDir(async (path) => {
      const root = join(path, 'state');
      mkdirSync(root);
      chmodSync(root, 0o777);
      const r = await spawnCli(['--version'], { env: baseEnv(root) });
      expect(r.code).toBe(0);
      expect(existsSync(join(root, 'cache'))).toBe(false);
    }));

  it('is not made when there is no state folder, which is not created for it', () =>
    inTempDir(async (path) => {
      const root = join(path, 'none');
      const r = await spawnCli(['case', 'types'], { env: baseEnv(root) });
      expect(r.code).toBe(0);
      expect(existsSync(root)).toBe(false);
    }));
});
